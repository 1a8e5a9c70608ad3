// Keap InvoiceService (keap-xmlrpc.md §2): arguments coerced here and handed to the orders module
// (src/orders/book.ts), which owns every write; every handler receives the key slot at params[0].
import type { MethodSpec } from '../xmlrpc/handler.js';
import { struct, XmlDouble } from '../xmlrpc/types.js';
import { toDateTime, toDecimal, toInt, toStr } from '../xmlrpc/coerce.js';
import { invalid } from '../errors.js';
import type { KeapDeps } from './deps.js';
import { keapDateTimeToIso, toKeapQueryText } from './dates.js';
import { INVOICE_VIEWS } from './tables/invoice-views.js';
import { chargeStruct, paymentStruct } from './orders/structs.js';
import { lineIdentity } from './orders/line-names.js';
import { cardMethods } from './orders/card-methods.js';
import { getAllShippingOptions } from './shipping-service.js';
import { commissionMethods } from './orders/commission-methods.js';
import { SUBSCRIPTION_METHODS } from './subscription-methods.js';
import { optBool, optInt, optStr, toMethodSpecs, type KeapMethod } from './method-table.js';

const PAYMENT_VIEW = INVOICE_VIEWS.find((t) => t.name === 'Payment')!;

/** Payment types Keap offers for manual payments (getAllPaymentOptions, docs sample). */
export const PAYMENT_OPTIONS = ['Credit Card (Manual)', 'Check', 'Cash', 'Money Order', 'Adjustment', 'Credit Card', 'Credit', 'Refund'];

const METHODS: Record<string, KeapMethod> = {
  createBlankOrder: {
    params: ['contactId', 'description', 'orderDate', 'leadAffiliateId', 'saleAffiliateId'], min: 3, returns: 'int',
    async run(deps, a) {
      // Every argument is coerced before anything is looked up (one fault rule: a bad value is 12).
      const contactId = toInt(a[0], 'contactId');
      const startDate = keapDateTimeToIso(toDateTime(a[2], 'orderDate'), deps.config.timeZone);
      const job = {
        contactId, title: toStr(a[1], 'description'), startDate, orderType: 'Offline',
        invoiceDate: toKeapQueryText(startDate, deps.config.timeZone).slice(0, 10),
        leadAffiliateId: optInt(a[3], 'leadAffiliateId'), saleAffiliateId: optInt(a[4], 'saleAffiliateId'),
      };
      await deps.orders.requireContact(contactId);
      return (await deps.orders.createBlank(job)).id;
    },
  },
  addOrderItem: {
    params: ['invoiceId', 'productId', 'type', 'price', 'quantity', 'description', 'notes'], min: 5, returns: 'boolean',
    async run(deps, a) {
      const invoiceId = toInt(a[0], 'invoiceId');
      const productId = toInt(a[1], 'productId');
      const itemType = toInt(a[2], 'type');
      const price = toDecimal(a[3], 'price');
      const quantity = toInt(a[4], 'quantity');
      const description = optStr(a[5], 'description');
      const notes = optStr(a[6], 'notes');
      const identity = await lineIdentity(deps.store, itemType, productId, description);
      await deps.store.transact((tx) => deps.orders.addLine(tx, invoiceId, {
        ...identity, itemType, description, notes, price, quantity: String(quantity),
      }));
      return true;
    },
  },
  calculateAmountOwed: {
    params: ['invoiceId'], returns: 'double',
    async run(deps, a) {
      return new XmlDouble((await deps.orders.amountOwed(toInt(a[0], 'invoiceId'))).amount);
    },
  },
  addManualPayment: {
    params: ['invoiceId', 'amt', 'paymentDate', 'paymentType', 'paymentDescription', 'bypassCommissions'], min: 4, returns: 'boolean',
    async run(deps, a) {
      const invoiceId = toInt(a[0], 'invoiceId');
      const amount = toDecimal(a[1], 'amt');
      const date = keapDateTimeToIso(toDateTime(a[2], 'paymentDate'), deps.config.timeZone);
      const method = toStr(a[3], 'paymentType').trim();
      if (!method) throw invalid('paymentType must name a payment type such as Cash or Check', 'paymentType');
      const notes = optStr(a[4], 'paymentDescription');
      const bypassCommissions = optBool(a[5], 'bypassCommissions');
      await deps.store.transact((tx) => deps.orders.recordPayment(tx, invoiceId, { amount, method, date, notes, keap: { bypassCommissions } }));
      return true;
    },
  },
  chargeInvoice: {
    params: ['invoiceId', 'notes', 'creditCardId', 'merchantAccountId', 'bypassCommissions'], min: 3, returns: 'struct',
    async run(deps, a, ctx) {
      const outcome = await deps.orders.charge({
        invoiceId: toInt(a[0], 'invoiceId'), notes: optStr(a[1], 'notes'), creditCardId: toInt(a[2], 'creditCardId'),
        merchantAccountId: optInt(a[3], 'merchantAccountId'),
        bypassCommissions: optBool(a[4], 'bypassCommissions'), log: ctx.log,
      });
      return chargeStruct(outcome);
    },
  },
  getPayments: {
    params: ['invoiceId'], returns: 'array',
    async run(deps, a) {
      const invoiceId = toInt(a[0], 'invoiceId');
      await deps.orders.requireInvoice(deps.store, invoiceId);
      const rows = await PAYMENT_VIEW.source.findBy(deps, deps.store, 'InvoiceId', invoiceId);
      return rows.map((r) => paymentStruct(PAYMENT_VIEW, r, deps.config.timeZone));
    },
  },
  getInvoiceId: {
    params: ['orderId'], returns: 'int',
    async run(deps, a) {
      return deps.orders.invoiceIdOfOrder(toInt(a[0], 'orderId'));
    },
  },
  getOrderId: {
    params: ['invoiceId'], returns: 'int',
    async run(deps, a) {
      const inv = await deps.orders.requireInvoice(deps.store, toInt(a[0], 'invoiceId'));
      return inv.jobId ?? 0;
    },
  },
  deleteInvoice: {
    params: ['invoiceId'], returns: 'boolean',
    async run(deps, a, ctx) {
      const invoiceId = toInt(a[0], 'invoiceId');
      await deps.store.transact((tx) => deps.orders.deleteInvoice(tx, invoiceId, ctx.log));
      return true;
    },
  },
  recalculateTax: {
    // The tax line (ItemType 2) recomputed from the invoice's lines and the contact's tax region
    // (docs/shipping-and-tax.md): replaced, added, or removed when nothing is taxable.
    params: ['invoiceId'], returns: 'boolean',
    async run(deps, a) {
      const invoiceId = toInt(a[0], 'invoiceId');
      await deps.store.transact((tx) => deps.orders.recalculateTax(tx, invoiceId));
      return true;
    },
  },
  getAllShippingOptions,
  getAllPaymentOptions: {
    params: [], returns: 'struct',
    async run() {
      return struct(PAYMENT_OPTIONS.map((o): [string, string] => [o, o]));
    },
  },
  ...cardMethods,
  ...commissionMethods,
  ...SUBSCRIPTION_METHODS,
};

export function invoiceServiceMethods(deps: KeapDeps): MethodSpec[] {
  return toMethodSpecs('InvoiceService', METHODS, deps);
}
