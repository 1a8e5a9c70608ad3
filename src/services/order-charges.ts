// The seam between order placement and shipping & tax (like order-pricing.ts for promotions).
// placeOrder asks for the shipping line BEFORE pricing (so SHIPPING promotions see it) and for the
// tax line AFTER the specials are on the invoice (tax is on the discounted amounts); recalculateTax
// asks for the tax line again. src/services/shipping-tax/step.ts implements it; NO_ORDER_CHARGES adds nothing.
import type { ReadOps } from '../store/port.js';
import type { Invoice } from '../invoicing/model.js';
import type { OrderLineInput } from './order-pricing.js';

/** The tax an invoice's lines owe, as its Keap tax line (ItemType 2) shows it. */
export interface TaxLineQuote { name: string; description: string; amount: string }

export interface OrderChargesStep {
  /** The shipping line (ItemType 1) these order lines get, if any. */
  shippingLine(reader: ReadOps, contactId: number, lines: OrderLineInput[]): Promise<OrderLineInput | undefined>;
  /** The tax the invoice's lines owe (its tax lines left out), or undefined when none is due. */
  taxLine(reader: ReadOps, invoice: Invoice): Promise<TaxLineQuote | undefined>;
}

export const NO_ORDER_CHARGES: OrderChargesStep = {
  shippingLine: async () => undefined,
  taxLine: async () => undefined,
};
