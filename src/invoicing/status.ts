// Invoice status rules. draft → sent → viewed move by actions (sendInvoiceMail, a client view);
// partial-paid and paid are never set by hand: they follow the balance.
import { invalid, quoted } from '../errors.js';
import type { InvoiceStatus, RecordStatus } from './model.js';
import type { InvoiceTotals } from './totals.js';

export type WorkflowStatus = Extract<InvoiceStatus, 'draft' | 'sent' | 'viewed'>;

const WORKFLOW: Record<string, WorkflowStatus> = { draft: 'draft', sent: 'sent', viewed: 'viewed' };
const PAYMENT_DERIVED = new Set(['paid', 'partial-paid', 'partial_paid', 'partially-paid']);
const RECORD: Record<string, RecordStatus> = { active: 'Active', archived: 'Archived', cancel: 'Cancel', cancelled: 'Cancel', canceled: 'Cancel' };
/** Order of the workflow, so an action never moves an invoice backwards (viewed stays viewed on resend). */
const RANK: Record<InvoiceStatus, number> = { draft: 0, sent: 1, viewed: 2, 'partial-paid': 3, paid: 4 };

/** Parse a status a client sent (case-insensitive). Paid states are refused: record a payment instead. */
export function parseWorkflowStatus(text: string): WorkflowStatus {
  const key = text.trim().toLowerCase();
  const status = WORKFLOW[key];
  if (status) return status;
  if (PAYMENT_DERIVED.has(key)) {
    throw invalid(`status ${quoted(text)} follows the balance: record an offline payment instead`, 'status');
  }
  throw invalid(`status must be one of draft, sent, viewed (got ${quoted(text)})`, 'status');
}

export function parseRecordStatus(text: string): RecordStatus {
  const status = RECORD[text.trim().toLowerCase()];
  if (!status) throw invalid(`record_status must be one of Active, Archived, Cancel (got ${quoted(text)})`, 'record_status');
  return status;
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
  if (totals.totalPaid.gt(0) && totals.balance.eq(0)) return 'paid';
  if (totals.totalPaid.gt(0)) return 'partial-paid';
  return current === 'paid' || current === 'partial-paid' ? 'sent' : current;
}

/** Apply an action (send, view): moves forward only. */
export function advance(current: InvoiceStatus, to: WorkflowStatus): InvoiceStatus {
  return RANK[to] > RANK[current] ? to : current;
}
