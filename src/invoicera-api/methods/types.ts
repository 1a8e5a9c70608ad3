// The Invoicera method table's shape. A write method runs inside the request's one transaction;
// a read method sees the store directly and gets the request's work budget (its lists charge it).
// Both return the content of <response status="200">.
import type { Logger } from '../../log.js';
import type { Store, Tx } from '../../store/port.js';
import type { InvoiceBook } from '../../services/invoices.js';
import type { ClientBook } from '../../services/clients.js';
import type { OrderBook } from '../../orders/book.js';
import type { XNode, XOut } from '../xml.js';
import type { WorkBudget, WorkLimits } from '../../xmlrpc/budget.js';

export interface InvoiceraDeps {
  invoices: InvoiceBook;
  clients: ClientBook;
  /** Every change of lines, payments or deletion goes through the orders module (cross-front rules). */
  orders: OrderBook;
  store: Store;
  /** Accepted API tokens (the HTTP Basic user name). */
  tokens: string[];
  log: Logger;
  now: () => Date;
  /** The work one request may cause (rows examined, rows returned, reply bytes): config `limits`. */
  limits: WorkLimits;
  /** Told of a request for a method the API does not have, with its body's top-level element names. */
  onUnknownMethod?: (method: string, elements: string[]) => void;
}

export type ApiMethod =
  | { write: true; run(tx: Tx, body: XNode, deps: InvoiceraDeps): Promise<XOut> }
  | { write: false; run(store: Store, body: XNode, deps: InvoiceraDeps, work: WorkBudget): Promise<XOut> };

/** An answer with a specific HTTP status that is not a domain error (e.g. listInvoice: no match → 400). */
export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly field?: string) { super(message); this.name = 'ApiError'; }
}
