// `billing status`: subscriptions due by a day (from the due index), retrying after a decline and
// stopped (from the Status / retrying equality indexes): counts, and the first rows of each.
import type { Store } from '../store/port.js';
import { INACTIVE, RECURRING_ORDER, type RecurringOrderRecord } from './records.js';

export interface StatusRow {
  id: number; contactId: number; planId: number; nextBillDate: string; dueOn?: string; amount: string; attempt: number; reasonStopped?: string;
}
export interface BillingStatus {
  asOf: string;
  due: { count: number; rows: StatusRow[] };
  retrying: { count: number; rows: StatusRow[] };
  stopped: { count: number; rows: StatusRow[] };
}

const CHUNK = 500;

const row = (r: RecurringOrderRecord): StatusRow => ({
  id: r.id, contactId: r.ContactId, planId: r.SubscriptionPlanId, nextBillDate: r.NextBillDate, dueOn: r.dueOn,
  amount: r.BillingAmt, attempt: r.attempt, reasonStopped: r.ReasonStopped,
});

export async function billingStatus(store: Store, asOf: string, limit: number): Promise<BillingStatus> {
  const due: StatusRow[] = [];
  let count = 0;
  let after: { value: string; id: number } | undefined;
  for (;;) {
    const chunk = await store.listUpTo<RecurringOrderRecord>(RECURRING_ORDER, 'dueOn', asOf, CHUNK, after);
    if (chunk.length === 0) break;
    count += chunk.length;
    for (const r of chunk) if (due.length < limit) due.push(row(r));
    const last = chunk[chunk.length - 1];
    after = { value: last.dueOn!, id: last.id };
  }
  const [retrying, stopped] = await Promise.all([
    store.list<RecurringOrderRecord>(RECURRING_ORDER, { where: { retrying: true }, limit }),
    store.list<RecurringOrderRecord>(RECURRING_ORDER, { where: { Status: INACTIVE }, limit }),
  ]);
  return {
    asOf, due: { count, rows: due },
    retrying: { count: retrying.total, rows: retrying.records.map(row) },
    stopped: { count: stopped.total, rows: stopped.records.map(row) },
  };
}
