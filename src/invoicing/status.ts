// Invoice status rules. draft → sent → viewed move by actions (sendInvoiceMail, a client view);
// partial-paid and paid follow the balance. A status a client REQUESTS (create/update) is one of
// the documented names; each has a meaning in terms of the balance after the request (see
// docs/invoicera-api.md "Statuses"): a workflow status is set, `paid` records an offline payment of
// the balance (invoicing service), the others are accepted when the balance agrees and refused when
// it contradicts them (never silently ignored).
import { invalid, quoted } from '../errors.js';
import { signOf } from '../money/money.js';
import type { Invoice, InvoiceStatus, RecordStatus } from './model.js';
import type { InvoiceTotals } from './totals.js';
import { own } from '../own.js';

export type WorkflowStatus = Extract<InvoiceStatus, 'draft' | 'sent' | 'viewed'>;
/** A status a client may ask for on create/update. */
export type RequestedStatus = WorkflowStatus | 'paid' | 'partial-paid' | 'outstanding' | 'unpaid';
/** The 13 statuses a list may be filtered by. */
export type ListStatus =
  | 'draft' | 'sent' | 'viewed' | 'outstanding' | 'paid' | 'unpaid' | 'disputed' | 'auto-paid'
  | 'retry' | 'failed' | 'resolved' | 'auto-failed' | 'partial-paid';

const fold = (text: string) => text.trim().toLowerCase().replace(/[\s_]+/g, '-');

const REQUESTED: Record<string, RequestedStatus> = {
  draft: 'draft', sent: 'sent', viewed: 'viewed', paid: 'paid', 'partial-paid': 'partial-paid', 'partially-paid': 'partial-paid',
  partial: 'partial-paid', outstanding: 'outstanding', unpaid: 'unpaid',
};
/** Statuses of online payment and autobilling, which this gateway does not run. */
const ONLINE_ONLY = new Set(['disputed', 'auto-paid', 'retry', 'failed', 'resolved', 'auto-failed']);
const LIST: Record<string, ListStatus> = {
  ...REQUESTED, disputed: 'disputed', 'auto-paid': 'auto-paid', retry: 'retry', failed: 'failed', resolved: 'resolved', 'auto-failed': 'auto-failed',
} as Record<string, ListStatus>;
const RECORD: Record<string, RecordStatus> = { active: 'Active', archived: 'Archived', cancel: 'Cancel', cancelled: 'Cancel', canceled: 'Cancel' };
/** Order of the workflow, so an action never moves an invoice backwards (viewed stays viewed on resend). */
const RANK: Record<InvoiceStatus, number> = { draft: 0, sent: 1, viewed: 2, 'partial-paid': 3, paid: 4 };

/** Parse a status a client sent on create/update (case-insensitive, `Partial-Paid`/`partial_paid`). */
export function parseRequestedStatus(text: string): RequestedStatus {
  const key = fold(text);
  const status = own(REQUESTED, key);
  if (status) return status;
  if (ONLINE_ONLY.has(key)) {
    throw invalid(`status ${quoted(text)} belongs to online payments and autobilling, which this gateway does not run: record an offline payment instead`, 'status');
  }
  throw invalid(`status must be one of draft, sent, viewed, paid, partial-paid, outstanding, unpaid (got ${quoted(text)})`, 'status');
}

/** Parse a list filter status: any of the 13 documented names. */
export function parseListStatus(text: string, field = 'invoice_status'): ListStatus {
  const status = own(LIST, fold(text));
  if (!status) throw invalid(`${field} must be one of ${[...new Set(Object.values(LIST))].join(', ')} (got ${quoted(text)})`, field);
  return status;
}

export function parseRecordStatus(text: string, field = 'record_status'): RecordStatus {
  const status = own(RECORD, text.trim().toLowerCase());
  if (!status) throw invalid(`${field} must be one of Active, Archived, Cancel (got ${quoted(text)})`, field);
  return status;
}

/**
 * The workflow status a requested status sets: draft/sent/viewed as asked; the balance statuses
 * take an invoice out of draft (it is issued once it is owed or paid) and otherwise keep it.
 */
export function workflowFor(requested: RequestedStatus, current: InvoiceStatus): InvoiceStatus {
  if (requested === 'draft' || requested === 'sent' || requested === 'viewed') return requested;
  return current === 'draft' ? 'sent' : current;
}

/** Refuse a requested balance status that the invoice's balance (after the request) contradicts. */
export function checkRequestedStatus(requested: RequestedStatus, t: InvoiceTotals, number: string): void {
  const paid = signOf(t.totalPaid) > 0;
  const due = signOf(t.balance) > 0;
  const refuse = (why: string) => { throw invalid(`status ${quoted(requested)} does not match invoice ${number}: ${why}`, 'status'); };
  if (requested === 'partial-paid' && !(paid && due)) refuse(paid ? 'nothing is left to pay' : 'nothing has been paid: record an offline payment');
  if (requested === 'outstanding' && !due) refuse('nothing is left to pay');
  if (requested === 'unpaid' && (paid || !due)) refuse(paid ? 'a payment is recorded' : 'nothing is owed');
  if (requested === 'paid' && (!paid || due)) refuse(due ? 'a balance is due' : 'its total is zero: there is nothing to pay');
}

/** Whether an invoice (with its totals) has list status `s`. Online-only statuses match nothing. */
export function hasListStatus(s: ListStatus, inv: Invoice, t: InvoiceTotals): boolean {
  switch (s) {
    case 'draft': case 'sent': case 'viewed': case 'paid': case 'partial-paid': return inv.status === s;
    case 'outstanding': return inv.status !== 'draft' && signOf(t.balance) > 0;
    case 'unpaid': return inv.status !== 'draft' && signOf(t.balance) > 0 && signOf(t.totalPaid) === 0;
    // Paid by card charges (Keap InvoiceService.chargeInvoice), the gateway's only automatic payment.
    case 'auto-paid': return inv.status === 'paid' && inv.payments.length > 0 && inv.payments.every((p) => p.keap?.chargeId !== undefined);
    default: return false;
  }
}

/** The workflow status an invoice had before payments took over its status. */
export function workflowOf(status: InvoiceStatus): WorkflowStatus {
  return status === 'draft' || status === 'viewed' ? status : 'sent';
}

/**
 * Status after any change: paid when nothing is left to pay on a non-zero total, partial-paid when
 * something was paid, otherwise the workflow status (a removed payment brings back "sent").
 */
export function deriveStatus(current: InvoiceStatus, totals: InvoiceTotals): InvoiceStatus {
  if (signOf(totals.totalPaid) > 0 && signOf(totals.balance) === 0) return 'paid';
  if (signOf(totals.totalPaid) > 0) return 'partial-paid';
  return current === 'paid' || current === 'partial-paid' ? 'sent' : current;
}

/** Apply an action (send, view): moves forward only. */
export function advance(current: InvoiceStatus, to: WorkflowStatus): InvoiceStatus {
  return RANK[to] > RANK[current] ? to : current;
}
