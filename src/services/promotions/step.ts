// The store-backed pricing step placeOrder calls inside its transaction: load the promotions the
// request can touch, price with the pure pipeline, then count each use ATOMICALLY with
// tx.bump(counter, 1, limit) in the order's own transaction. If a concurrent order took the last
// use, the commit fails with LimitExceeded, transact() re-runs us, and the fresh counter reads now
// say LIMIT_REACHED: there is no check-then-increment window.
import type { Logger } from 'pino';
import type { ReadOps, Store, Tx } from '../../store/port.js';
import type {
  CodeOutcome, OrderPricingStep, PricingRequest, PricingResult,
} from '../order-pricing.js';
import { foldCode } from '../../promo/codes.js';
import { priceOrder, priceSpecials, type PricedSpecials } from '../../promo/pipeline.js';
import type { Outcome, PricedOrder, Promotion, PromoCodeRecord, UsageCounts } from '../../promo/model.js';
import { PROMO_REDEMPTION, counters, type PromoRedemptionRow } from './records.js';
import { loadDefinitions } from './definitions.js';

/** No currency here: each request carries its order's (PricingRequest.currency). */
export interface PromotionsStepOptions {
  log?: Logger;
  /** Percent tax on discounted taxable lines (previewOrder totals); absent = no tax. */
  taxRate?: string;
}

interface Loaded {
  promotions: Promotion[];
  codes: PromoCodeRecord[];
  usage: UsageCounts;
  /** The promotions by id. */
  byId: Map<number, Promotion>;
}

/** Everything the request can touch: the codes it names, their promotions, automatic specials. */
async function load(db: ReadOps, req: PricingRequest): Promise<Loaded> {
  const folded = new Set<string>();
  for (const code of req.promoCodes) {
    const f = foldCode(code);
    if (f !== '') folded.add(f);
  }
  const { promotions, codes } = await loadDefinitions(db, folded);
  const byId = new Map<number, Promotion>();
  for (const p of promotions) byId.set(p.id, p);
  // Read the counters the pipeline may ask about (a limit compares with them: selection.ts
  // limitOutcome asks for no other); the pipeline itself stays synchronous and pure.
  // Concurrently: on Redis each read is a round trip, and concurrent ones share one.
  const names: string[] = [];
  for (const p of promotions) {
    if (p.limits?.totalUses !== undefined) names.push(counters.promotion(p.id));
    if (p.limits?.perContact !== undefined) names.push(counters.contact(p.id, req.contactId));
  }
  for (const c of codes) if (byId.get(c.promotionId)?.limits?.perCode !== undefined) names.push(counters.code(c.id));
  const values = names.length ? await Promise.all(names.map((name) => db.counter(name))) : [];
  const used = new Map<string, number>();
  for (let i = 0; i < names.length; i++) used.set(names[i], values[i]);
  const usage: UsageCounts = {
    promotion: (id) => used.get(counters.promotion(id)) ?? 0,
    contact: (id, contact) => used.get(counters.contact(id, contact)) ?? 0,
    code: (id) => used.get(counters.code(id)) ?? 0,
  };
  return { promotions, codes, usage, byId };
}

function toResult(priced: PricedSpecials): PricingResult {
  return {
    specials: priced.specials.map(({ shares: _shares, ...s }) => s),
    outcomes: priced.codes.map((c): CodeOutcome => ({
      code: c.code, outcome: c.outcome,
      ...(c.promotionId !== undefined ? { promotionId: c.promotionId } : {}),
      ...(c.amount !== undefined ? { amount: c.amount } : {}),
    })),
    // The invoice shows each applied code as the operator wrote it, whatever case the client sent.
    appliedCodes: priced.codes.filter((c) => c.outcome === 'APPLIED').map((c) => c.matched ?? c.code),
  };
}

export class PromotionsStep implements OrderPricingStep {
  constructor(private readonly opts: PromotionsStepOptions) {}

  /** The full pure answer (lines, totals, tax), for previewOrder. */
  async price(db: ReadOps, req: PricingRequest): Promise<PricedOrder> {
    const { promotions, codes, usage } = await load(db, req);
    return priceOrder({
      currency: req.currency, contactId: req.contactId, lines: req.lines, processSpecials: req.processSpecials,
      codes: req.promoCodes, promotions, promoCodes: codes, usage, now: req.now,
      ...(this.opts.taxRate !== undefined ? { taxRate: this.opts.taxRate } : {}),
    });
  }

  async preview(store: Store, req: PricingRequest): Promise<PricingResult> {
    return toResult(await this.price(store, req));
  }

  async apply(tx: Tx, req: PricingRequest): Promise<PricingResult> {
    const { promotions, codes, usage, byId } = await load(tx, req);
    // The invoice computes the order's lines and totals: only the specials are needed here.
    const priced = priceSpecials({
      currency: req.currency, contactId: req.contactId, lines: req.lines, processSpecials: req.processSpecials,
      codes: req.promoCodes, promotions, promoCodes: codes, usage, now: req.now,
    });
    for (const r of priced.redemptions) {
      const limits = byId.get(r.promotionId)?.limits ?? {};
      tx.bump(counters.promotion(r.promotionId), 1, limits.totalUses);
      tx.bump(counters.contact(r.promotionId, req.contactId), 1, limits.perContact);
      if (r.codeId !== undefined) tx.bump(counters.code(r.codeId), 1, limits.perCode);
    }
    await this.record(tx, req, priced);
    return toResult(priced);
  }

  /** Give back the uses of an order's applied redemptions, once; the rows stay as history. */
  async release(tx: Tx, orderId: number, log = this.opts.log): Promise<void> {
    const rows = await tx.findBy<PromoRedemptionRow>(PROMO_REDEMPTION, 'OrderId', orderId);
    for (const row of rows) {
      if (row.Outcome !== 'APPLIED' || row.Released === 1) continue;
      tx.bump(counters.promotion(row.PromotionId), -1);
      tx.bump(counters.contact(row.PromotionId, row.ContactId), -1);
      if (row.PromoCodeId) tx.bump(counters.code(row.PromoCodeId), -1);
      tx.put<PromoRedemptionRow>(PROMO_REDEMPTION, { ...row, Released: 1 });
    }
    if (rows.length) log?.info({ orderId, released: rows.filter((r) => r.Outcome === 'APPLIED' && r.Released !== 1).length }, 'promo uses released');
  }

  /** One PromoRedemption row per code given and per automatic special applied. */
  private async record(tx: Tx, req: PricingRequest, priced: PricedSpecials): Promise<void> {
    const date = req.now.toISOString();
    const rows: PromoRedemptionRow[] = [];
    for (const c of priced.codes) {
      rows.push(redemptionRow(await tx.nextId(PROMO_REDEMPTION), req, date, c.code, c.promotionId ?? 0, c.codeId ?? 0, c.outcome, c.amount ?? '0.00'));
    }
    for (const r of priced.redemptions) {
      if (r.codeId === undefined) rows.push(redemptionRow(await tx.nextId(PROMO_REDEMPTION), req, date, '', r.promotionId, 0, 'APPLIED', r.amount));
    }
    for (const row of rows) tx.put<PromoRedemptionRow>(PROMO_REDEMPTION, row);
    const log = req.log ?? this.opts.log;
    // Only built when debug is on: the outcomes are logged after commit by placeOrder anyway.
    if (rows.length && log?.isLevelEnabled('debug')) {
      // debug: this runs inside the transaction, which may re-run.
      log.debug({ orderId: req.orderId, contactId: req.contactId, promo: rows.map((r) => ({ code: r.Code, promotionId: r.PromotionId, outcome: r.Outcome, amount: r.Amount })) }, 'promo outcomes');
    }
  }
}

/** A PromoRedemption row, built once with its id (field order as stored). */
function redemptionRow(
  id: number, req: PricingRequest, date: string, code: string, promotionId: number, promoCodeId: number, outcome: Outcome, amount: string,
): PromoRedemptionRow {
  return {
    id, OrderId: req.orderId, InvoiceId: req.invoiceId, ContactId: req.contactId, DateCreated: date, Released: 0,
    Code: code, PromotionId: promotionId, PromoCodeId: promoCodeId, Outcome: outcome, Amount: amount,
  };
}
