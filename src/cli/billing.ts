// `keap-gateway billing <command>`: the billing engine against the configured store, as the
// gateway's scheduler runs it (docs/subscriptions.md). `run` bills what is due as of a day and
// prints the counts; `status` lists due, retrying and stopped subscriptions. Several runs at once
// (here and in gateways) share the work: each period is billed once.
import type { Billing } from '../billing/billing.js';
import type { RunReport, Tally } from '../billing/engine.js';
import type { BillingStatus, StatusRow } from '../billing/status.js';
import { isDay } from '../billing/dates.js';
import type { PayPlanTemplate } from '../billing/plan-templates.js';
import type { Flags } from './promo-flags.js';
import { UsageError } from './output.js';
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

const wholeFlag = (flags: Flags, name: string, fallback: number): number => {
  const v = flags[name] === undefined ? fallback : Number(flags[name]);
  if (!Number.isInteger(v)) throw new UsageError(`--${name} must be a whole number`);
  return v;
};

const planText = (p: PayPlanTemplate) =>
  `  #${p.id}  ${p.name}  first ${p.firstPmt} after ${p.daysToFirstPmt} days, then ${p.numPmts} payments ${p.daysBetweenPmts} days apart`;

export const BILLING_COMMANDS: Record<string, BillingCommand> = {
  'plan-add': {
    description: "add a payment plan placeOrder's payPlanId can name; prints its id",
    args: ['<name>'],
    options: [
      { flags: '--payments <n>', description: 'number of installments (after the first payment, when one is set)' },
      { flags: '--days-between <n>', description: 'days between installments (default 30)' },
      { flags: '--first <amount|percent>', description: 'first payment apart: an amount (25.00) or a percent of the balance (30%); default 0 = none' },
      { flags: '--days-to-first <n>', description: 'days from the order day to the first payment (default 0 = charged with the order)' },
      JSON_OUT,
    ],
    async run(billing, flags, args, out) {
      const plan = await billing.payPlans.add({
        name: args[0], numPmts: wholeFlag(flags, 'payments', 0), daysBetweenPmts: wholeFlag(flags, 'days-between', 30),
        firstPmt: flags.first === undefined ? '0' : String(flags.first), daysToFirstPmt: wholeFlag(flags, 'days-to-first', 0),
      });
      out.result(plan, `payment plan ${plan.id} added\n${planText(plan)}`);
    },
  },
  'plan-list': {
    description: 'list the payment plans placeOrder accepts as payPlanId',
    args: [], options: [JSON_OUT],
    async run(billing, _flags, _args, out) {
      const plans = await billing.payPlans.list();
      out.result(plans, [`payment plans: ${plans.length}`, ...plans.map(planText)].join('\n'));
    },
  },
  'plan-remove': {
    description: 'remove a payment plan (invoices already on it keep their installments)',
    args: ['<id>'], options: [JSON_OUT],
    async run(billing, _flags, args, out) {
      const id = Number(args[0]);
      if (!Number.isInteger(id) || id <= 0) throw new UsageError('<id> must be a payment plan id');
      await billing.payPlans.remove(id);
      out.result({ removed: id }, `payment plan ${id} removed`);
    },
  },
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
