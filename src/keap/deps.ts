// Everything a Keap service needs, passed in explicitly (built by src/app.ts).
import type { Logger } from 'pino';
import type { Store } from '../store/port.js';
import type { InvoiceBook } from '../services/invoices.js';
import type { ClientBook } from '../services/clients.js';
import type { PaymentProcessor } from '../services/payments/port.js';
import type { OrderPricingStep } from '../services/order-pricing.js';
import type { OrderBook } from '../orders/book.js';
import type { Billing } from '../billing/billing.js';

export interface KeapConfig {
  apiKeys: string[];
  /** Wire dates are wall clock in this zone (Keap: America/New_York). */
  timeZone: string;
  currency: string;
  /** Add per-code promo outcome members to placeOrder results. */
  promoOutcomeMembers: boolean;
  /** The seller (GATEWAY_SELLER_*): Keap's ~Company.…~ merge fields in APIEmailService mails. */
  seller?: { name: string; address: string[]; email: string; phone: string; taxId: string };
}

export interface KeapDeps {
  store: Store;
  invoices: InvoiceBook;
  clients: ClientBook;
  payments: PaymentProcessor;
  pricing: OrderPricingStep;
  /** The order life cycle (src/orders): the only writer of orders, lines, payments and charges. */
  orders: OrderBook;
  /** Subscriptions, payment plans and the billing engine (src/billing). */
  billing: Billing;
  log: Logger;
  now: () => Date;
  config: KeapConfig;
}
