// Subscriptions as the fronts change them: added directly (addRecurringOrder, DataService.add),
// edited (DataService.update: cancel by Status, card, amount…), moved (updateJobRecurringNextBillDate),
// billed now (createInvoiceForRecurring) and deleted with their unpaid invoices (deleteSubscription).
// Every write keeps the engine's due index (`dueOn`) consistent with the Keap fields.
import type { Tx } from '../store/port.js';
import { conflict, invalid, notFound } from '../errors.js';
import { money, formatMoney } from '../money/money.js';
import { loadCard } from '../orders/charge.js';
import { ACTIVE, JOB_RECURRING_INSTANCE, RECURRING_ORDER, type JobRecurringInstanceRecord, type RecurringOrderRecord } from './records.js';
import { addDays, cycleUnit, CYCLE_CODE, dayOfInstant, dayStart, frequencyOf, localDay } from './dates.js';
import { planTerms } from './plans.js';
import { DEFAULT_RETRY, newRecurringOrder, withDueDay } from './terms.js';
import type { BillingDeps } from './deps.js';
import type { PeriodBiller } from './periods.js';

export interface DirectSubscription {
  contactId: number;
  allowDuplicate: boolean;
  planId: number;
  /** Absent: 1 and the plan's price (7-argument form). */
  qty?: number;
  price?: string;
  taxable?: boolean;
  merchantAccountId: number;
  creditCardId: number;
  affiliateId: number;
  daysTillCharge: number;
}

/** Fields DataService may set on RecurringOrder besides the ones add/update handle specially. */
const MAX_DAYS_TILL_CHARGE = 3660;

export class SubscriptionBook {
  constructor(private readonly d: BillingDeps, private readonly periods: PeriodBiller) {}

  private today(): string { return localDay(this.d.now(), this.d.timeZone); }

  async require(reader: Tx | BillingDeps['store'], id: number): Promise<RecurringOrderRecord> {
    const ro = await reader.get<RecurringOrderRecord>(RECURRING_ORDER, id);
    if (!ro) throw notFound(`RecurringOrder ${id} was not found`, 'recurringOrderId');
    return ro;
  }

  /** addRecurringOrder: starts today, first billed `daysTillCharge` days from today. */
  async add(tx: Tx, s: DirectSubscription): Promise<number> {
    await this.d.orders.requireContact(s.contactId);
    const terms = await planTerms(tx, s.planId, 'cProgramId');
    if (s.creditCardId !== 0) {
      const card = await loadCard(tx, s.creditCardId);
      if (card.ContactId !== s.contactId) throw invalid(`CreditCard ${s.creditCardId} does not belong to contact ${s.contactId}`, 'creditCardId');
    }
    if (!Number.isInteger(s.daysTillCharge) || s.daysTillCharge < 0 || s.daysTillCharge > MAX_DAYS_TILL_CHARGE) {
      throw invalid(`daysTillCharge must be a whole number from 0 to ${MAX_DAYS_TILL_CHARGE}, got ${s.daysTillCharge}`, 'daysTillCharge');
    }
    const qty = s.qty ?? 1;
    if (!Number.isInteger(qty) || qty < 1 || qty > 1_000_000) throw invalid(`qty must be a whole number from 1, got ${qty}`, 'qty');
    // Billed in the contact's currency, as the contact's invoices are.
    const currency = await this.d.invoices.currencyOf(tx, s.contactId);
    const price = formatMoney(money(s.price ?? terms.price, currency, 'price'), currency);
    if (money(price, currency).lt(0)) throw invalid(`price must not be negative, got ${price}`, 'price');
    if (!s.allowDuplicate) {
      const dup = (await tx.findBy<RecurringOrderRecord>(RECURRING_ORDER, 'ContactId', s.contactId))
        .find((r) => r.Status === ACTIVE && r.SubscriptionPlanId === s.planId);
      if (dup) throw conflict(`contact ${s.contactId} already has active subscription ${dup.id} to plan ${s.planId} (allowDuplicate is false)`, 'allowDuplicate');
    }
    const today = this.today();
    const id = await tx.nextId(RECURRING_ORDER);
    tx.put(RECURRING_ORDER, newRecurringOrder(id, {
      contactId: s.contactId, originatingOrderId: 0, planId: terms.planId, productId: terms.productId, cycle: terms.cycle,
      frequency: terms.frequency, price, qty, itemName: terms.name, taxable: s.taxable ?? terms.taxable,
      startDay: today, firstBillDay: addDays(today, s.daysTillCharge), cycles: terms.cycles, creditCardId: s.creditCardId,
      merchantAccountId: s.merchantAccountId, affiliateId: s.affiliateId, leadAffiliateId: 0, promoCode: '',
      numDaysBetweenRetry: DEFAULT_RETRY.days, maxRetry: DEFAULT_RETRY.max,
    }, this.d.timeZone));
    return id;
  }

  /** DataService.add('RecurringOrder'): the plan (SubscriptionPlanId or ProgramId) and contact are required. */
  async addRow(tx: Tx, values: Record<string, unknown>): Promise<number> {
    const planId = Number(values.SubscriptionPlanId ?? values.ProgramId ?? 0);
    const contactId = Number(values.ContactId ?? 0);
    if (!planId) throw invalid('SubscriptionPlanId (or ProgramId) is required: the plan the subscription bills', 'SubscriptionPlanId');
    const today = this.today();
    const start = typeof values.StartDate === 'string' ? dayOfInstant(values.StartDate, this.d.timeZone) : today;
    const id = await this.add(tx, {
      contactId, allowDuplicate: true, planId, qty: values.Qty === undefined ? undefined : Number(values.Qty),
      price: values.BillingAmt === undefined ? undefined : String(values.BillingAmt), merchantAccountId: Number(values.MerchantAccountId ?? 0),
      creditCardId: Number(values.CC1 ?? 0), affiliateId: Number(values.AffiliateId ?? 0), daysTillCharge: 0,
    });
    const ro = await this.require(tx, id);
    const { SubscriptionPlanId: _p, ProgramId: _g, ContactId: _c, Qty: _q, BillingAmt: _b, CC1: _cc, StartDate: _s, ...rest } = values;
    const startAt = dayStart(start, this.d.timeZone);
    const next = this.edited(await this.d.invoices.currencyOf(tx, contactId), { ...ro, StartDate: startAt, NextBillDate: startAt, anchorDay: Number(start.slice(8, 10)), dueOn: start }, rest);
    tx.put(RECURRING_ORDER, next);
    return id;
  }

  /** DataService.update('RecurringOrder'): e.g. Status 'Inactive' cancels (nothing is billed any more). */
  async updateRow(tx: Tx, id: number, values: Record<string, unknown>): Promise<void> {
    const ro = await this.require(tx, id);
    if (values.CC1 !== undefined && Number(values.CC1) !== 0) {
      const card = await loadCard(tx, Number(values.CC1));
      if (card.ContactId !== ro.ContactId) throw invalid(`CreditCard ${card.id} does not belong to contact ${ro.ContactId}`, 'CC1');
    }
    tx.put(RECURRING_ORDER, this.edited(await this.d.invoices.currencyOf(tx, ro.ContactId), ro, values));
  }

  /** Keap fields over the record, checked, with the derived fields recomputed. */
  private edited(currency: string, ro: RecurringOrderRecord, values: Record<string, unknown>): RecurringOrderRecord {
    const next = { ...ro, ...values, id: ro.id } as RecurringOrderRecord;
    next.BillingCycle = CYCLE_CODE[cycleUnit(next.BillingCycle, 'BillingCycle')];
    next.Frequency = frequencyOf(next.Frequency);
    next.BillingAmt = formatMoney(money(String(next.BillingAmt), currency, 'BillingAmt'), currency);
    if (values.CC1 !== undefined && values.AutoCharge === undefined) next.AutoCharge = Number(next.CC1) > 0 ? 1 : 0;
    if (values.Status !== undefined && next.Status !== ACTIVE) { delete next.retrying; next.attempt = 0; }
    if (values.Status === ACTIVE && ro.Status !== ACTIVE) { delete next.ReasonStopped; next.attempt = 0; next.dueOn = undefined; }
    return withDueDay(next, this.d.timeZone);
  }

  /** updateJobRecurringNextBillDate: the next period starts on `day`; a retry in progress is reset. */
  async setNextBillDate(id: number, day: string): Promise<void> {
    await this.d.store.transact(async (tx) => {
      const ro = await this.require(tx, id);
      const { retrying: _r, ...rest } = ro;
      tx.put(RECURRING_ORDER, withDueDay({ ...rest, NextBillDate: dayStart(day, this.d.timeZone), attempt: 0, dueOn: undefined }, this.d.timeZone));
    });
  }

  /** createInvoiceForRecurring: the due period's invoice id (not charged), 0 when nothing is due today. */
  async invoiceNow(id: number): Promise<number> {
    await this.require(this.d.store, id);
    return this.periods.invoiceNow(id, this.today());
  }

  /**
   * deleteSubscription: the subscription, its period records and its unpaid invoices (with their
   * period orders). Invoices with payments stay, as every paid invoice does (docs/subscriptions.md).
   * `log`: the request's logger.
   */
  async delete(id: number, log = this.d.log): Promise<{ deletedInvoices: number; keptInvoices: number }> {
    return this.d.store.transact(async (tx) => {
      await this.require(tx, id);
      let deletedInvoices = 0, keptInvoices = 0;
      for (const inst of await tx.findBy<JobRecurringInstanceRecord>(JOB_RECURRING_INSTANCE, 'RecurringId', id)) {
        const invoice = await this.d.invoices.find(tx, inst.invoiceId);
        if (invoice && invoice.payments.length === 0) { await this.d.orders.deleteInvoice(tx, invoice.id, log); deletedInvoices++; }
        else if (invoice) keptInvoices++;
        tx.delete(JOB_RECURRING_INSTANCE, inst.id);
      }
      tx.delete(RECURRING_ORDER, id);
      return { deletedInvoices, keptInvoices };
    });
  }
}
