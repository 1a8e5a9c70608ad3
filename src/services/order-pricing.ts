// The seam between order placement and the promotion engine. placeOrder builds the priced lines,
// asks the step for special (discount) lines and per-code outcomes, and writes those as credit lines.
// The promotion engine (src/services/promotions/step.ts) implements it; NoPromotionsStep applies nothing.
import type { Logger } from 'pino';
import type { Store, Tx } from '../store/port.js';
import type { CartLine, Outcome, Special } from '../promo/model.js';

/** One product or subscription line of an order, before any promotion (the pure engine's CartLine). */
export type OrderLineInput = CartLine;

/** A discount produced by a promotion: becomes a credit line of its Keap item type (keap-xmlrpc.md §2.1:
 *  10 free trial, 11 order total, 12 product, 13 category, 14 shipping). The engine's per-line shares
 *  stay inside the engine; lineIndex points into PricingRequest.lines. */
export type SpecialLine = Omit<Special, 'shares'>;

/** Per-code outcome reasons (Salesforce-style), defined by the pure engine. */
export type CodeOutcomeKind = Outcome;

export interface CodeOutcome { code: string; outcome: CodeOutcomeKind; promotionId?: number; amount?: string }

export interface PricingRequest {
  contactId: number;
  /** The order's currency (its invoice's): amounts are priced and rounded to its minor unit (JPY: 0 decimals). */
  currency: string;
  lines: OrderLineInput[];
  processSpecials: boolean;
  promoCodes: string[];
  now: Date;
  orderId: number;
  invoiceId: number;
  /** The request's logger (its lines carry the request id); default: the step's own. */
  log?: Logger;
}

export interface PricingResult {
  specials: SpecialLine[];
  outcomes: CodeOutcome[];
  /** Codes that produced a discount; stored on the invoice (Keap Invoice.PromoCode). */
  appliedCodes: string[];
}

export interface OrderPricingStep {
  /** Inside the order's transaction: may bump promo counters and write PromoRedemption records. */
  apply(tx: Tx, req: PricingRequest): Promise<PricingResult>;
  /** Same pricing without writing anything (OrderService.previewOrder). */
  preview(store: Store, req: PricingRequest): Promise<PricingResult>;
  /** Release redemptions of an order (failed initial charge, deleted invoice); `log`: the request's. */
  release(tx: Tx, orderId: number, log?: Logger): Promise<void>;
}

/** Collection where outcomes are recorded (indexes OrderId, InvoiceId, ContactId). */
export const PROMO_REDEMPTION = 'PromoRedemption';

/**
 * The step used until the promotion engine is configured: no discounts ever. With processSpecials
 * false every code is IGNORED (Keap uses codes only when specials are processed); with true every
 * code is UNKNOWN, because no promotion exists. Outcomes are recorded so integrators can see them.
 */
export class NoPromotionsStep implements OrderPricingStep {
  async apply(tx: Tx, req: PricingRequest): Promise<PricingResult> {
    const result = this.price(req);
    const date = req.now.toISOString();
    for (const o of result.outcomes) {
      tx.put(PROMO_REDEMPTION, {
        id: await tx.nextId(PROMO_REDEMPTION),
        OrderId: req.orderId, InvoiceId: req.invoiceId, ContactId: req.contactId,
        Code: o.code, PromotionId: 0, Outcome: o.outcome, Amount: '0.00', DateCreated: date,
      });
    }
    return result;
  }

  async preview(_store: Store, req: PricingRequest): Promise<PricingResult> {
    return this.price(req);
  }

  /** Nothing was consumed, so nothing to give back; the outcome records stay as history. */
  async release(_tx: Tx, _orderId: number): Promise<void> {}

  private price(req: PricingRequest): PricingResult {
    const outcome: CodeOutcomeKind = req.processSpecials ? 'UNKNOWN' : 'IGNORED';
    const codes = req.promoCodes.map((c) => c.trim()).filter((c) => c !== '');
    return { specials: [], outcomes: codes.map((code) => ({ code, outcome })), appliedCodes: [] };
  }
}
