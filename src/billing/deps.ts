// What the billing module needs, passed in (src/app.ts builds it; tests inject the clock).
import type { Logger } from 'pino';
import type { Store } from '../store/port.js';
import type { OrderBook } from '../orders/book.js';
import type { InvoiceBook } from '../services/invoices.js';

export interface BillingDeps {
  store: Store;
  /** The order life cycle: period orders and invoices, card charges (with their pending guard). */
  orders: OrderBook;
  invoices: InvoiceBook;
  log: Logger;
  now: () => Date;
  /** Billing days are calendar dates in this zone (the app's, Keap's wire zone). */
  timeZone: string;
  /** How long a claimed period belongs to the instance that claimed it (default 5 minutes). */
  leaseMs?: number;
}

export const DEFAULT_PERIOD_LEASE_MS = 5 * 60_000;

/** Outcome of one attempt at a due period or installment. */
export type Attempt = 'paid' | 'invoiced' | 'declined' | 'stopped' | 'busy' | 'skipped' | 'failed';
