// InvoiceService's commission overrides (keap-xmlrpc.md §2; the docs' sample requests in
// shared/conformance/keap-doc-samples/): arguments coerced here, the rules in src/affiliates/ledger.ts.
import { toDateTime, toDecimal, toInt, toStr } from '../../xmlrpc/coerce.js';
import { keapDateTimeToIso } from '../dates.js';
import { optStr, type KeapMethod } from '../method-table.js';

export const commissionMethods: Record<string, KeapMethod> = {
  addOrderCommissionOverride: {
    params: ['invoiceId', 'affiliateId', 'productId', 'percentage', 'amount', 'payoutType', 'description', 'date'], min: 6, returns: 'boolean',
    help: 'true; the affiliate earns percentage% of the product\'s (productId 0: the invoice\'s) commissionable amount plus amount, instead of its rates; payoutType 4 = now, 5 = when the invoice is paid',
    async run(deps, a) {
      const input = {
        invoiceId: toInt(a[0], 'invoiceId'), affiliateId: toInt(a[1], 'affiliateId'), productId: toInt(a[2], 'productId'),
        percent: toDecimal(a[3], 'percentage'), amount: toDecimal(a[4], 'amount'), payoutType: toInt(a[5], 'payoutType'),
        description: optStr(a[6], 'description'),
        date: a[7] === undefined || a[7] === null ? deps.now().toISOString() : keapDateTimeToIso(toDateTime(a[7], 'date'), deps.config.timeZone),
      };
      await deps.store.transact(async (tx) => {
        const invoice = await deps.orders.requireInvoice(tx, input.invoiceId);
        await deps.orders.commissions.addOrderOverride(tx, invoice, input);
      });
      return true;
    },
  },
  addRecurringCommissionOverride: {
    params: ['recurringOrderId', 'affiliateId', 'amount', 'payoutType', 'description'], min: 4, returns: 'boolean',
    help: 'true; the affiliate earns amount on each paid invoice of the subscription (Job.JobRecurringId), instead of its rates',
    async run(deps, a) {
      const input = {
        recurringOrderId: toInt(a[0], 'recurringOrderId'), affiliateId: toInt(a[1], 'affiliateId'),
        amount: toDecimal(a[2], 'amount'), payoutType: toInt(a[3], 'payoutType'),
        description: a[4] === undefined || a[4] === null ? '' : toStr(a[4], 'description'),
      };
      await deps.store.transact((tx) => deps.orders.commissions.addRecurringOverride(tx, input, deps.config.currency));
      return true;
    },
  },
};
