// Invoice, InvoiceItem, Payment and InvoicePayment are read-only VIEWS of the domain invoices
// (collection 'Invoice'); every amount comes from computeTotals, the one money routine.
// Look-ups by Id/InvoiceId/JobId/ContactId go through the Invoice record's indexes.
import type { Store, StoredRecord, Tx } from '../../store/port.js';
import type { Invoice, LineItem, Payment } from '../../invoicing/model.js';
import { computeTotals } from '../../invoicing/totals.js';
import { formatMoney } from '../../money/money.js';
import { defineTable, scanChunk, type Row, type TableDef, type TableSource } from './types.js';

type StoredInvoice = Invoice & StoredRecord;
type Reader = Store | Tx;

function invoiceRow(inv: Invoice): Row {
  const t = computeTotals(inv);
  const productIds = [...new Set(inv.items.map((i) => i.keap?.productId).filter((p): p is number => !!p))];
  return {
    Id: inv.id,
    ContactId: inv.clientId,
    JobId: inv.jobId,
    DateCreated: inv.createdAt,
    LastUpdated: inv.updatedAt,
    InvoiceTotal: formatMoney(t.total, inv.currency),
    TotalPaid: formatMoney(t.totalPaid, inv.currency),
    TotalDue: formatMoney(t.balance, inv.currency),
    // 1 = paid in full; an empty (zero) invoice is not "paid" yet.
    PayStatus: t.total.gt(0) && t.balance.lte(0) ? 1 : 0,
    CreditStatus: 0,
    RefundStatus: 0,
    PayPlanStatus: 0,
    PromoCode: inv.promoCodes.length ? inv.promoCodes.join(',') : undefined,
    Description: inv.title || undefined,
    ProductSold: productIds.length ? productIds.join(',') : undefined,
    Synced: 0,
  };
}

function itemRows(inv: Invoice): Row[] {
  const t = computeTotals(inv);
  return inv.items.map((item: LineItem, i) => {
    const line = t.lines[i];
    // Keap shows discount lines (types 7, 10–14) with a negative amount.
    const amount = formatMoney(line.credit ? line.total.neg() : line.total, inv.currency);
    return {
      Id: item.id,
      InvoiceId: inv.id,
      OrderItemId: item.keap?.orderItemId,
      InvoiceAmt: amount,
      Discount: formatMoney(line.discount, inv.currency),
      DateCreated: inv.createdAt,
      Description: item.description || item.name,
      CommissionStatus: 0,
    };
  });
}

function paymentRow(inv: Invoice, p: Payment): Row {
  return {
    Id: p.id, PayDate: p.date, PayAmt: p.amount, PayType: p.method, ContactId: inv.clientId,
    PayNote: p.notes || undefined, InvoiceId: inv.id, RefundId: 0, ChargeId: p.keap?.chargeId,
    Commission: 0, Synced: 0, UserId: 1,
  };
}

/** One InvoicePayment per domain payment, sharing its id. */
function invoicePaymentRow(inv: Invoice, p: Payment): Row {
  return {
    Id: p.id, InvoiceId: inv.id, Amt: p.amount, PayDate: p.date, PayStatus: 'Paid', PaymentId: p.id,
    SkipCommission: p.keap?.bypassCommissions ? 1 : 0,
  };
}

const getInvoice = (s: Reader, id: number) => s.get<StoredInvoice>('Invoice', id);

/** A view whose rows are derived from invoices: `rows(inv)` lists them, `byId` finds the owner. */
function invoiceDerived(
  rows: (inv: Invoice) => Row[],
  /** Invoice index holding this row's id (itemIds / paymentIds). */
  idIndex: string,
  /** Row field → Invoice index, for indexed look-ups. */
  viaInvoice: Record<string, string | 'id'>,
): TableSource {
  return {
    indexed: new Set(['Id', ...Object.keys(viaInvoice)]),
    async get(_d, s, id) {
      const [inv] = await s.findBy<StoredInvoice>('Invoice', idIndex, id);
      return inv ? rows(inv).find((r) => r.Id === id) : undefined;
    },
    async findBy(_d, s, field, value) {
      const index = viaInvoice[field];
      const invs = index === 'id' ? [await getInvoice(s, Number(value))].filter((i): i is StoredInvoice => !!i)
        : await s.findBy<StoredInvoice>('Invoice', index, value);
      return invs.flatMap(rows).filter((r) => r[field] === value || String(r[field]) === String(value));
    },
    // Rows of a later invoice may have smaller ids (an item added to an old invoice).
    idOrdered: false,
    async scan(_d, s, after, limit) {
      return scanChunk<StoredInvoice>(s, 'Invoice', after, limit, (invs) => invs.flatMap(rows));
    },
  };
}

/** Affiliates live on the order (Job) the invoice bills; the domain invoice has no slot for them. */
async function withAffiliates(s: Reader, invs: Invoice[]): Promise<Row[]> {
  return Promise.all(invs.map(async (inv) => {
    const row = invoiceRow(inv);
    const job = inv.jobId ? await s.get('Job', inv.jobId) : undefined;
    if (job) { row.AffiliateId = job.AffiliateId; row.LeadAffiliateId = job.LeadAffiliateId; }
    return row;
  }));
}

const invoiceSource: TableSource = {
  indexed: new Set(['Id', 'JobId', 'ContactId']),
  async get(_d, s, id) {
    const inv = await getInvoice(s, id);
    return inv && (await withAffiliates(s, [inv]))[0];
  },
  async findBy(_d, s, field, value) {
    const index = field === 'JobId' ? 'jobId' : 'clientId';
    return withAffiliates(s, await s.findBy<StoredInvoice>('Invoice', index, Number(value)));
  },
  idOrdered: true,
  async scan(_d, s, after, limit) {
    return scanChunk<StoredInvoice>(s, 'Invoice', after, limit, (invs) => withAffiliates(s, invs));
  },
};

export const INVOICE_VIEWS: TableDef[] = [
  defineTable('Invoice', 'R', {
    Id: 'Int', ContactId: 'Int', JobId: 'Int', DateCreated: 'Date', InvoiceTotal: 'Double', TotalPaid: 'Double',
    TotalDue: 'Double', PayStatus: 'Int', CreditStatus: 'Int', RefundStatus: 'Int', PayPlanStatus: 'Int',
    AffiliateId: 'Int', LeadAffiliateId: 'Int', PromoCode: 'String', InvoiceType: 'String', Description: 'String',
    ProductSold: 'String', Synced: 'Int', LastUpdated: 'Date',
  }, invoiceSource),
  defineTable('InvoiceItem', 'R', {
    Id: 'Int', InvoiceId: 'Int', OrderItemId: 'Int', InvoiceAmt: 'Double', Discount: 'Double',
    DateCreated: 'Date', Description: 'String', CommissionStatus: 'Int',
  }, invoiceDerived(itemRows, 'itemIds', { InvoiceId: 'id' })),
  defineTable('Payment', 'R', {
    Id: 'Int', PayDate: 'Date', UserId: 'Int', PayAmt: 'Double', PayType: 'String', ContactId: 'Int',
    PayNote: 'String', InvoiceId: 'Int', RefundId: 'Int', ChargeId: 'Int', Commission: 'Int', Synced: 'Int',
  }, invoiceDerived((inv) => inv.payments.map((p) => paymentRow(inv, p)), 'paymentIds', { InvoiceId: 'id', ContactId: 'clientId' })),
  defineTable('InvoicePayment', 'R', {
    Id: 'Int', InvoiceId: 'Int', Amt: 'Double', PayDate: 'Date', PayStatus: 'String', PaymentId: 'Int',
    SkipCommission: 'Int',
  }, invoiceDerived((inv) => inv.payments.map((p) => invoicePaymentRow(inv, p)), 'paymentIds', { InvoiceId: 'id', PaymentId: 'paymentIds' })),
];
