// Keap InvoiceService subscription and payment-plan methods (keap-xmlrpc.md §2) onto src/billing:
// arguments coerced here, every rule and write in the billing module.
import { Fault, type XmlRpcValue } from '../xmlrpc/types.js';
import { INVALID_REQUEST } from '../xmlrpc/fault-codes.js';
import { toBool, toDateTime, toDecimal, toInt } from '../xmlrpc/coerce.js';
import type { KeapDeps } from './deps.js';
import { keapDateTimeToIso } from './dates.js';
import { dayOfInstant } from '../billing/dates.js';
import type { KeapMethod } from './method-table.js';

const day = (deps: KeapDeps, v: XmlRpcValue, name: string): string =>
  dayOfInstant(keapDateTimeToIso(toDateTime(v, name), deps.config.timeZone), deps.config.timeZone);

/** The legacy 7-argument form (Ruby gem cassette, iSDK addRecurring) and the documented 10-argument one. */
const LEGACY = ['int', 'boolean', 'int', 'int', 'int', 'int', 'int'];
const FULL = ['int', 'boolean', 'int', 'int', 'double', 'boolean', 'int', 'int', 'int', 'int'];

export const SUBSCRIPTION_METHODS: Record<string, KeapMethod> = {
  addRecurringOrder: {
    params: ['contactId', 'allowDuplicate', 'cProgramId', 'qty', 'price', 'taxable', 'merchantAccountId', 'creditCardId', 'affiliateId', 'daysTillCharge'],
    min: 7, returns: 'int', signatures: [LEGACY, FULL],
    help: 'the new RecurringOrder id; also the 7-argument form (contactId, allowDuplicate, cProgramId, merchantAccountId, creditCardId, affiliateId, daysTillCharge)',
    async run(deps, a) {
      if (a.length !== 7 && a.length !== 10) {
        throw new Fault(INVALID_REQUEST, `No method matching arguments: InvoiceService.addRecurringOrder takes 8 or 11 parameters, got ${a.length + 1}`);
      }
      const legacy = a.length === 7;
      const at = (full: number, old: number) => a[legacy ? old : full];
      const input = {
        contactId: toInt(a[0], 'contactId'), allowDuplicate: toBool(a[1], 'allowDuplicate'), planId: toInt(a[2], 'cProgramId'),
        qty: legacy ? undefined : toInt(a[3], 'qty'), price: legacy ? undefined : toDecimal(a[4], 'price'),
        taxable: legacy ? undefined : toBool(a[5], 'taxable'),
        merchantAccountId: toInt(at(6, 3), 'merchantAccountId'), creditCardId: toInt(at(7, 4), 'creditCardId'),
        affiliateId: toInt(at(8, 5), 'affiliateId'), daysTillCharge: toInt(at(9, 6), 'daysTillCharge'),
      };
      return deps.store.transact((tx) => deps.billing.subscriptions.add(tx, input));
    },
  },
  createInvoiceForRecurring: {
    params: ['recurringOrderId'], returns: 'int', help: 'the invoice of the period due now (not charged), 0 when nothing is due',
    async run(deps, a) {
      return deps.billing.subscriptions.invoiceNow(toInt(a[0], 'recurringOrderId'));
    },
  },
  deleteSubscription: {
    params: ['recurringOrderId'], returns: 'boolean', help: 'deletes the subscription and its unpaid invoices',
    async run(deps, a, ctx) {
      await deps.billing.subscriptions.delete(toInt(a[0], 'recurringOrderId'), ctx.log);
      return true;
    },
  },
  updateJobRecurringNextBillDate: {
    params: ['recurringOrderId', 'nextBillDate'], returns: 'boolean',
    async run(deps, a) {
      const id = toInt(a[0], 'recurringOrderId');
      await deps.billing.subscriptions.setNextBillDate(id, day(deps, a[1], 'nextBillDate'));
      return true;
    },
  },
  addPaymentPlan: {
    params: ['invoiceId', 'autoCharge', 'creditCardId', 'merchantAccountId', 'daysBetweenRetry', 'maxRetry', 'initialPmtAmt',
      'initialPmtDate', 'planStartDate', 'numPmts', 'daysBetweenPmts'],
    returns: 'boolean',
    async run(deps, a) {
      await deps.billing.addPaymentPlan({
        invoiceId: toInt(a[0], 'invoiceId'), autoCharge: toBool(a[1], 'autoCharge'), creditCardId: toInt(a[2], 'creditCardId'),
        merchantAccountId: toInt(a[3], 'merchantAccountId'), daysBetweenRetry: toInt(a[4], 'daysBetweenRetry'), maxRetry: toInt(a[5], 'maxRetry'),
        initialPmt: toDecimal(a[6], 'initialPmtAmt'), initialPmtDay: day(deps, a[7], 'initialPmtDate'), planStartDay: day(deps, a[8], 'planStartDate'),
        numPmts: toInt(a[9], 'numPmts'), daysBetweenPmts: toInt(a[10], 'daysBetweenPmts'),
      });
      return true;
    },
  },
};
