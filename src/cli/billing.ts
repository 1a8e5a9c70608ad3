// `keap-gateway billing <command>`: the billing engine against the configured store, as the
// gateway's scheduler runs it (docs/subscriptions.md). `run` bills what is due as of a day and
// prints the counts; `status` lists due, retrying and stopped subscriptions. Several runs at once
// (here and in gateways) share the work: each period is billed once.
import type { Billing } from '../billing/billing.js';
import type { RunReport, Tally } from '../billing/engine.js';
import type { BillingStatus, StatusRow } from '../billing/status.js';
import { isDay } from '../billing/dates.js';
import type { Flags } from './promo-flags.js';
import { UsageError, type Output } from './output.js';
import { JSON_OUT, type AdminCommand, type OptionSpec } from './command.js';

export type BillingCommand = AdminCommand<Billing>;

const AS_OF: OptionSpec = { flags: '--as-of <YYYY-MM-DD>', description: "the billing day (default: today in the gateway's time zone)" };

function asOf(billing: Billing, flags: Flags): string {
  const v = flags['as-of'];
  if (v === undefined) return billing.engine.today();
  if (typeof v !== 'string' || !isDay(v)) throw new UsageError(`--as-of must be a calendar date YYYY-MM-DD, got "${String(v)}"`);
  return v;
}

const tallyText = (t: Tally) =>
  `${t.paid} paid, ${t.invoiced} invoiced without a charge, ${t.declined} declined (will retry), ${t.stopped} stopped, ${t.failed} failed (retried next run), ${t.busy} held by another run`;

const rowText = (r: StatusRow) =>
  `  #${r.id}  contact ${r.contactId}  plan ${r.planId}  ${r.amount}  next ${r.nextBillDate.slice(0, 10)}${r.dueOn ? `  due ${r.dueOn}` : ''}${r.attempt ? `  attempts ${r.attempt}` : ''}${r.reasonStopped ? `  (${r.reasonStopped})` : ''}`;

function statusText(s: BillingStatus): string {
  const part = (title: string, p: { count: number; rows: StatusRow[] }) =>
    [`${title}: ${p.count}`, ...p.rows.map(rowText), ...(p.count > p.rows.length ? [`  … ${p.count - p.rows.length} more`] : [])].join('\n');
  return [part(`due by ${s.asOf}`, s.due), part('retrying after a decline', s.retrying), part('stopped', s.stopped)].join('\n');
}

export const BILLING_COMMANDS: Record<string, BillingCommand> = {
  run: {
    description: 'bill every subscription period and payment-plan installment due by a day, once',
    args: [], options: [AS_OF, JSON_OUT],
    async run(billing, flags, _args, out) {
      const report: RunReport = await billing.engine.run(asOf(billing, flags));
      out.result(report, [
        `billing as of ${report.asOf} (${report.seconds.toFixed(2)} s)`,
        `periods: ${tallyText(report.periods)}`,
        `installments: ${tallyText(report.installments)}`,
      ].join('\n'));
    },
  },
  status: {
    description: 'list subscriptions due by a day, retrying after a decline, and stopped',
    args: [], options: [AS_OF, { flags: '--limit <n>', description: 'rows shown per list (default 50)' }, JSON_OUT],
    async run(billing, flags, _args, out) {
      const limit = flags.limit === undefined ? 50 : Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 0 || limit > 10_000) throw new UsageError('--limit must be a whole number from 0 to 10000');
      const status = await billing.status(asOf(billing, flags), limit);
      out.result(status, statusText(status));
    },
  },
};
