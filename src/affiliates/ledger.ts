// The commission ledger: commissions recorded once per PAID invoice, overrides, clawbacks
// (docs/affiliates.md). The OrderBook calls settle() after every money movement and clawBack()
// before an invoice is deleted, inside the same transaction, so a payment and its commissions
// commit together or not at all.
//
// Who earns, when the invoice is paid in full (the payment that completes it):
// - each affiliate with order overrides (addOrderCommissionOverride) on the invoice earns exactly
//   those: percent% of the product's (or, productId 0, the invoice's) commissionable amount plus
//   the flat amount — instead of its rates; up-front overrides (payoutType 4) were recorded when added;
// - an affiliate with a recurring override on the order's subscription (Job.JobRecurringId) earns
//   its flat amount on each paid invoice of it, instead of its rates;
// - otherwise the order's sale affiliate (Job.AffiliateId) earns SalePercent% + SaleAmt and its lead
//   affiliate (Job.LeadAffiliateId, when another affiliate) LeadPercent% + LeadAmt — active ones only.
// Payments made with bypassCommissions earn nothing: amounts scale by the share paid without it.
import type { Tx } from '../store/port.js';
import type { Invoice } from '../invoicing/model.js';
import { computeTotals } from '../invoicing/totals.js';
import { Big, dec, formatMoney, money, ZERO } from '../money/money.js';
import { invalid, notFound } from '../errors.js';
import { JOB, type JobRecord } from '../orders/records.js';
import { commissionAmount, commissionBase, earningShare, rateAmount, type CommissionBase } from './base.js';
import {
  ACCRUAL, ACTIVE, AFFILIATE, CLAWBACK, COMMISSION, ORDER_OVERRIDE, PAYOUT_TYPE, RECURRING_OVERRIDE,
  type AccrualRecord, type AffiliateRecord, type ClawbackRecord, type CommissionFacts, type CommissionKind,
  type CommissionRecord, type OrderOverrideRecord, type RecurringOverrideRecord,
} from './records.js';

const PROMOTION = 'Promotion';
const CLIENT = 'Client';

export interface OrderOverrideInput {
  invoiceId: number; affiliateId: number; productId: number;
  percent: string; amount: string; payoutType: number; description: string; date: string;
}
export interface RecurringOverrideInput {
  recurringOrderId: number; affiliateId: number; amount: string; payoutType: number; description: string;
}

/** A commission to record, before its facts are filled in. */
interface Earning { affiliateId: number; kind: CommissionKind; productId: number; amount: Big; description: string; overrideId?: number }

export class CommissionLedger {
  constructor(private readonly now: () => Date) {}

  /** After a money movement: an invoice now paid in full gets its commissions, once. */
  async settle(tx: Tx, invoice: Invoice): Promise<void> {
    if (!paidInFull(invoice)) return;
    const job = invoice.jobId ? await tx.get<JobRecord>(JOB, invoice.jobId) : undefined;
    const overrides = await tx.findBy<OrderOverrideRecord>(ORDER_OVERRIDE, 'InvoiceId', invoice.id);
    const recurringId = Number((job as { JobRecurringId?: number } | undefined)?.JobRecurringId ?? 0);
    const recurring = recurringId > 0 ? await tx.findBy<RecurringOverrideRecord>(RECURRING_OVERRIDE, 'RecurringOrderId', recurringId) : [];
    const sale = job?.AffiliateId ?? 0;
    const lead = job?.LeadAffiliateId ?? 0;
    // The common order has no affiliate at all: two reads, no write.
    if (overrides.length === 0 && recurring.length === 0 && sale <= 0 && lead <= 0) return;
    if (await tx.get<AccrualRecord>(ACCRUAL, invoice.id)) return;
    const base = await this.base(tx, invoice);
    const share = earningShare(invoice);
    const earnings: Earning[] = [];
    const overridden = new Set(overrides.map((o) => o.AffiliateId));
    for (const o of overrides) {
      if (o.PayoutType === PAYOUT_TYPE.upFront) continue; // recorded when it was added
      earnings.push(overrideEarning(o, base, share, invoice.currency));
    }
    for (const r of recurring) {
      if (overridden.has(r.AffiliateId)) continue;
      overridden.add(r.AffiliateId);
      earnings.push({ affiliateId: r.AffiliateId, kind: 'recurring', productId: 0, amount: commissionAmount(dec(r.Amount), share, invoice.currency), description: r.Description || `Subscription ${recurringId} commission` });
    }
    for (const [affiliateId, kind] of [[sale, 'sale'], [lead === sale ? 0 : lead, 'lead']] as const) {
      if (affiliateId <= 0 || overridden.has(affiliateId)) continue;
      const aff = await tx.get<AffiliateRecord>(AFFILIATE, affiliateId);
      if (!aff || (aff.Status ?? ACTIVE) !== ACTIVE) continue;
      const [pct, flat] = kind === 'sale' ? [aff.SalePercent, aff.SaleAmt] : [aff.LeadPercent, aff.LeadAmt];
      const amount = commissionAmount(rateAmount(base.total, dec(pct ?? '0'), dec(flat ?? '0')), share, invoice.currency);
      earnings.push({ affiliateId, kind, productId: 0, amount, description: `${kind === 'sale' ? 'Sale' : 'Lead'} commission, invoice ${invoice.number}` });
    }
    const when = lastPaymentDate(invoice) ?? this.now().toISOString();
    await this.record(tx, invoice, job, base, earnings, when);
    tx.put<AccrualRecord>(ACCRUAL, { id: invoice.id, state: 'accrued', at: when });
  }

  /**
   * InvoiceService.addOrderCommissionOverride. The affiliate's rates no longer apply to this
   * invoice; if its commissions were already recorded (an order charged by placeOrder, then
   * overridden), that affiliate's rate commissions are replaced by the override's now.
   */
  async addOrderOverride(tx: Tx, invoice: Invoice, input: OrderOverrideInput): Promise<void> {
    await requireAffiliate(tx, input.affiliateId);
    const percent = checkPercent(input.percent, 'percentage');
    const amount = checkAmount(input.amount, invoice.currency, 'amount');
    checkPayoutType(input.payoutType);
    if (input.productId !== 0 && !invoice.items.some((i) => i.keap?.productId === input.productId && !i.credit)) {
      throw invalid(`product ${input.productId} is not on invoice ${invoice.id}: give one of its products, or 0 for the whole invoice`, 'productId');
    }
    const accrual = await tx.get<AccrualRecord>(ACCRUAL, invoice.id);
    if (accrual?.state === 'clawed') throw invalid(`invoice ${invoice.id}'s commissions were clawed back: it takes no overrides`, 'invoiceId');
    const o: OrderOverrideRecord = {
      id: await tx.nextId(ORDER_OVERRIDE), InvoiceId: invoice.id, AffiliateId: input.affiliateId, ProductId: input.productId,
      Percent: percent.toString(), Amount: formatMoney(amount, invoice.currency), PayoutType: input.payoutType,
      Description: input.description.trim(), Date: input.date,
    };
    tx.put(ORDER_OVERRIDE, o);
    const upFront = o.PayoutType === PAYOUT_TYPE.upFront;
    const paid = paidInFull(invoice);
    if (!upFront && !paid) return; // recorded when the invoice is paid
    const base = await this.base(tx, invoice);
    const share = upFront ? new Big(1) : earningShare(invoice);
    if (paid) {
      for (const c of await tx.findBy<CommissionRecord>(COMMISSION, 'InvoiceId', invoice.id)) {
        if (c.AffiliateId === o.AffiliateId && c.Kind !== 'override') tx.delete(COMMISSION, c.id);
      }
      if (!accrual) tx.put<AccrualRecord>(ACCRUAL, { id: invoice.id, state: 'accrued', at: o.Date });
    }
    const job = invoice.jobId ? await tx.get<JobRecord>(JOB, invoice.jobId) : undefined;
    await this.record(tx, invoice, job, base, [overrideEarning(o, base, share, invoice.currency)], o.Date);
  }

  /** InvoiceService.addRecurringCommissionOverride: a flat amount on each paid invoice of the subscription. */
  async addRecurringOverride(tx: Tx, input: RecurringOverrideInput, currency: string): Promise<void> {
    if (!Number.isSafeInteger(input.recurringOrderId) || input.recurringOrderId <= 0) throw invalid('recurringOrderId must be a positive id', 'recurringOrderId');
    await requireAffiliate(tx, input.affiliateId);
    checkPayoutType(input.payoutType);
    const amount = checkAmount(input.amount, currency, 'amount');
    const existing = (await tx.findBy<RecurringOverrideRecord>(RECURRING_OVERRIDE, 'RecurringOrderId', input.recurringOrderId))
      .find((r) => r.AffiliateId === input.affiliateId);
    tx.put<RecurringOverrideRecord>(RECURRING_OVERRIDE, {
      id: existing?.id ?? await tx.nextId(RECURRING_OVERRIDE), RecurringOrderId: input.recurringOrderId, AffiliateId: input.affiliateId,
      Amount: formatMoney(amount, currency), PayoutType: input.payoutType, Description: input.description.trim(),
    });
  }

  /** Take back every commission of the invoice (deleted, or refunded outside the gateway). Returns how many. */
  async clawBack(tx: Tx, invoiceId: number, reason: string): Promise<number> {
    const at = this.now().toISOString();
    let n = 0;
    for (const c of await tx.findBy<CommissionRecord>(COMMISSION, 'InvoiceId', invoiceId)) {
      if (c.ClawedBack) continue;
      const { id, Kind: _k, DateEarned: _d, OverrideId: _o, ClawedBack: _c, ...facts } = c;
      tx.put<ClawbackRecord>(CLAWBACK, { ...facts, id: await tx.nextId(CLAWBACK), CommissionId: id, DateEarned: at, Reason: reason });
      tx.put<CommissionRecord>(COMMISSION, { ...c, ClawedBack: 1 });
      n++;
    }
    if (n > 0 || await tx.get(ACCRUAL, invoiceId)) tx.put<AccrualRecord>(ACCRUAL, { id: invoiceId, state: 'clawed', at });
    return n;
  }

  private async base(tx: Tx, invoice: Invoice): Promise<CommissionBase> {
    const counts = new Map<number, boolean>();
    for (const item of invoice.items) {
      const pid = item.keap?.promotionId;
      if (pid !== undefined && !counts.has(pid)) {
        const promo = await tx.get<{ id: number; applyToCommissions?: boolean }>(PROMOTION, pid);
        counts.set(pid, promo?.applyToCommissions === true);
      }
    }
    return commissionBase(invoice, (pid) => counts.get(pid) ?? false);
  }

  /** Commission rows with the names a report shows; zero amounts are not recorded. */
  private async record(tx: Tx, invoice: Invoice, job: JobRecord | undefined, base: CommissionBase, earnings: Earning[], when: string): Promise<void> {
    if (!earnings.some((e) => e.amount.gt(0))) return;
    const contact = await personOf(tx, invoice.clientId);
    const saleAffId = job?.AffiliateId ?? 0;
    const soldBy = saleAffId > 0 ? await affiliatePerson(tx, saleAffId) : { first: '', last: '' };
    const products = [...base.names.entries()].filter(([pid]) => pid !== 0).map(([, n]) => n).join(', ').slice(0, 255);
    for (const e of earnings) {
      if (e.amount.lte(0)) continue;
      const facts: CommissionFacts = {
        AffiliateId: e.affiliateId, InvoiceId: invoice.id, ContactId: invoice.clientId,
        ContactFirstName: contact.first, ContactLastName: contact.last, SaleAffId: saleAffId,
        SoldByFirstName: soldBy.first, SoldByLastName: soldBy.last, ProductId: e.productId,
        ProductName: e.productId ? base.names.get(e.productId) ?? '' : products,
        Description: e.description, Amount: formatMoney(e.amount, invoice.currency), Currency: invoice.currency,
      };
      tx.put<CommissionRecord>(COMMISSION, { ...facts, id: await tx.nextId(COMMISSION), Kind: e.kind, DateEarned: when, OverrideId: e.overrideId, ClawedBack: 0 });
    }
  }
}

function overrideEarning(o: OrderOverrideRecord, base: CommissionBase, share: Big, currency: string): Earning {
  const on = o.ProductId ? base.byProduct.get(o.ProductId) ?? ZERO : base.total;
  return {
    affiliateId: o.AffiliateId, kind: 'override', productId: o.ProductId, overrideId: o.id,
    amount: commissionAmount(rateAmount(on, dec(o.Percent), dec(o.Amount)), share, currency),
    description: o.Description || `Commission override, invoice ${o.InvoiceId}`,
  };
}

function paidInFull(invoice: Invoice): boolean {
  const t = computeTotals(invoice);
  return t.total.gt(0) && t.balance.lte(0);
}

/** The date of the payment that completed the invoice (the last one recorded). */
function lastPaymentDate(invoice: Invoice): string | undefined {
  const last = invoice.payments[invoice.payments.length - 1]?.date;
  return last && !Number.isNaN(Date.parse(last)) ? new Date(Date.parse(last)).toISOString() : undefined;
}

async function personOf(tx: Tx, clientId: number): Promise<{ first: string; last: string }> {
  const c = await tx.get<{ id: number; firstName?: string; lastName?: string }>(CLIENT, clientId);
  return { first: c?.firstName ?? '', last: c?.lastName ?? '' };
}

async function affiliatePerson(tx: Tx, affiliateId: number): Promise<{ first: string; last: string }> {
  const aff = await tx.get<AffiliateRecord>(AFFILIATE, affiliateId);
  if (!aff) return { first: '', last: '' };
  const p = await personOf(tx, aff.ContactId);
  return p.first || p.last ? p : { first: aff.AffName ?? '', last: '' };
}

export async function requireAffiliate(tx: Pick<Tx, 'get'>, affiliateId: number): Promise<AffiliateRecord> {
  const aff = Number.isSafeInteger(affiliateId) && affiliateId > 0 ? await tx.get<AffiliateRecord>(AFFILIATE, affiliateId) : undefined;
  if (!aff) throw notFound(`Affiliate ${affiliateId} was not found`, 'affiliateId');
  return aff;
}

/** A percentage 0–100 (up to 4 decimals). */
export function checkPercent(text: string, field: string): Big {
  const p = dec(text, field);
  if (p.lt(0) || p.gt(100)) throw invalid(`${field} must be between 0 and 100, got ${p.toString()}`, field);
  if (!p.eq(p.round(4))) throw invalid(`${field} has more than 4 decimals: ${p.toString()}`, field);
  return p;
}

/** A non-negative amount with the currency's decimals at most. */
export function checkAmount(text: string, currency: string, field: string): Big {
  const a = money(text, currency, field);
  if (a.lt(0)) throw invalid(`${field} must not be negative, got ${a.toString()}`, field);
  return a;
}

function checkPayoutType(t: number): void {
  if (t !== PAYOUT_TYPE.upFront && t !== PAYOUT_TYPE.onPayment) {
    throw invalid(`payoutType must be 4 (paid up front) or 5 (earned on customer payment), got ${t}`, 'payoutType');
  }
}
