// Errors → Invoicera HTTP status (the same number goes in <response status>). A table, not a switch.
import { DomainError, type ErrorKind } from '../errors.js';
import { StoreUnavailable, UniqueViolation } from '../store/port.js';
import { ApiError } from './methods/types.js';
import { BudgetExceeded } from '../xmlrpc/budget.js';

const KIND_STATUS: Record<ErrorKind, number> = { invalid: 400, not_found: 404, conflict: 409, forbidden: 403, unavailable: 503 };

/**
 * The domain names fields neutrally (invoiceId, currency); Invoicera callers see their element
 * names. Fields not listed are already the element name (amount, items, name).
 */
const FIELD_NAMES: Record<string, string> = {
  invoiceId: 'invoice_id', clientId: 'client_id', itemId: 'item_id', paymentId: 'payment_id', currency: 'currency_code',
  dueDate: 'due_date', scheduleDate: 'schedule_date', paymentMethod: 'payment_method', contactId: 'client_id',
};
const fieldName = (field: string | undefined) => (field === undefined ? undefined : FIELD_NAMES[field] ?? field);

export interface ErrorAnswer { status: number; message: string; field?: string; internal: boolean }

/** A list that would cost more than one request may: what to change, on the element to change. */
function budgetAnswer(err: BudgetExceeded): ErrorAnswer {
  const scan = err.what === 'rows examined';
  const advice = scan
    ? 'narrow the filter (client_id and invoice_number are answered from an index)'
    : 'ask for a smaller page (per_page_record)';
  return { status: 400, message: `this request would exceed its limit of ${err.limit} ${err.what}: ${advice}`, field: scan ? 'filter' : 'per_page_record', internal: false };
}

export function errorAnswer(err: unknown): ErrorAnswer {
  if (err instanceof BudgetExceeded) return budgetAnswer(err);
  if (err instanceof ApiError) return { status: err.status, message: err.message, field: err.field, internal: false };
  if (err instanceof DomainError) return { status: KIND_STATUS[err.kind], message: err.message, field: fieldName(err.field), internal: false };
  if (err instanceof UniqueViolation) return { status: 409, message: `${err.field} "${String(err.value)}" already exists`, field: err.field, internal: false };
  if (err instanceof StoreUnavailable) return { status: 503, message: 'storage is unavailable, try again', internal: true };
  // Anything else is our bug: log it, never show a stack to the client.
  return { status: 500, message: 'internal error', internal: true };
}
