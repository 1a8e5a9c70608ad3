// The billing engine and the Keap subscription methods in process (memory store, moved clock).
import { describe, expect, it } from 'vitest';
import { XmlDateTime, XmlDouble, type XmlRpcValue } from '../../src/xmlrpc/types.js';
import { billingHarness, CARDS } from './fixture.js';

/** Wire values compared as text: a date as YYYYMMDD, a double as its number. */
const wire = (v: XmlRpcValue) => (v instanceof XmlDateTime ? v.toISOString().slice(0, 10).replace(/-/g, '') : v instanceof XmlDouble ? String(Number(v.text)) : v);
const dt = (day: string) => new XmlDateTime(Number(day.slice(0, 4)), Number(day.slice(5, 7)), Number(day.slice(8, 10)), 0, 0, 0);

async function subscribed(cardNumber = CARDS.approve) {
  const h = billingHarness();
  const contactId = await h.contact();
  const product = await h.product('Magazine', '0');
  const plan = await h.plan(product, '12.50');
  const card = await h.card(contactId, cardNumber);
  const placed = await h.call('OrderService.placeOrder', contactId, card, 0, [], [plan], false, []) as Record<string, string>;
  const [ro] = await h.query('RecurringOrder', { ContactId: contactId }, ['Id', 'OriginatingOrderId', 'NextBillDate', 'Status', 'BillingAmt', 'CC1', 'PaidThruDate']);
  return { h, contactId, plan, card, placed, ro, recurringId: ro.Id as number };
}

const invoicesOf = async (h: ReturnType<typeof billingHarness>, recurringId: number) =>
  (await h.query('JobRecurringInstance', { RecurringId: recurringId }, ['Id', 'InvoiceItemId', 'Status', 'StartDate', 'EndDate']));

describe('subscriptions from placeOrder', () => {
  it('the first invoice carries the first period; the RecurringOrder points at the order and bills one month later', async () => {
    const { h, placed, ro } = await subscribed();
    expect(placed.Successful).toBe('true');
    expect(ro.OriginatingOrderId).toBe(Number(placed.OrderId));
    expect(wire(ro.NextBillDate)).toBe('20260228'); // Jan 31 + 1 month
    expect(wire(ro.PaidThruDate)).toBe('20260228');
    expect(ro.Status).toBe('Active');
    expect(wire(ro.BillingAmt)).toBe('12.5');
    const [job] = await h.query('Job', { Id: Number(placed.OrderId) }, ['JobRecurringId']);
    expect(job.JobRecurringId).toBe(ro.Id);
  });

  it('billing run bills each due period once: invoice, charge, JobRecurringInstance, NextBillDate advanced; a second run bills nothing', async () => {
    const { h, recurringId } = await subscribed();
    expect((await h.billing.engine.run('2026-02-27')).periods.paid).toBe(0);
    const report = await h.billing.engine.run('2026-02-28');
    expect(report.periods.paid).toBe(1);
    expect((await h.billing.engine.run('2026-02-28')).periods.paid).toBe(0);
    const [inst] = await invoicesOf(h, recurringId);
    expect(inst.Status).toBe(1);
    expect(wire(inst.StartDate)).toBe('20260228');
    expect(wire(inst.EndDate)).toBe('20260330');
    const [ro] = await h.query('RecurringOrder', { Id: recurringId }, ['NextBillDate', 'LastBillDate', 'PaidThruDate']);
    expect([wire(ro.NextBillDate), wire(ro.LastBillDate), wire(ro.PaidThruDate)]).toEqual(['20260331', '20260228', '20260331']);
    const [item] = await h.query('InvoiceItem', { Id: inst.InvoiceItemId as number }, ['InvoiceId', 'InvoiceAmt']);
    const [invoice] = await h.query('Invoice', { Id: item.InvoiceId as number }, ['TotalPaid', 'TotalDue', 'JobId', 'PayStatus']);
    expect([wire(invoice.TotalPaid), wire(invoice.TotalDue), invoice.PayStatus]).toEqual(['12.5', '0', 1]);
    const [job] = await h.query('Job', { Id: invoice.JobId as number }, ['JobRecurringId']);
    expect(job.JobRecurringId).toBe(recurringId);
    // A receipt is queued for the contact.
    const { messages } = await h.deps.invoices.listOutbox(h.store, item.InvoiceId as number);
    expect(messages.map((m) => m.subject)).toEqual([expect.stringMatching(/^Payment receipt/)]);
  });

  it('after downtime each missed period is billed once, in order', async () => {
    const { h, recurringId } = await subscribed();
    const report = await h.billing.engine.run('2026-05-31');
    expect(report.periods.paid).toBe(4); // Feb 28, Mar 31, Apr 30, May 31
    const starts = (await invoicesOf(h, recurringId)).map((i) => wire(i.StartDate));
    expect(starts).toEqual(['20260228', '20260331', '20260430', '20260531']);
  });

  it('a declined card is retried after NumDaysBetweenRetry, then the subscription stops with ReasonStopped; one invoice for the period', async () => {
    const { h, recurringId } = await subscribed();
    await h.call('DataService.update', 'RecurringOrder', recurringId, { CC1: await h.card(1, CARDS.decline), NumDaysBetweenRetry: 2, MaxRetry: 2 });
    expect((await h.billing.engine.run('2026-02-28')).periods.declined).toBe(1);
    expect((await h.billing.engine.run('2026-03-01')).periods.declined).toBe(0); // not yet: retry on Mar 2
    expect((await h.billing.engine.run('2026-03-02')).periods.declined).toBe(1);
    expect((await h.billing.engine.run('2026-03-04')).periods.stopped).toBe(1);
    const [ro] = await h.query('RecurringOrder', { Id: recurringId }, ['Status', 'ReasonStopped', 'NextBillDate']);
    expect(ro.Status).toBe('Inactive');
    expect(ro.ReasonStopped).toMatch(/Payment failed 3 times/);
    expect(wire(ro.NextBillDate)).toBe('20260228');
    expect(await invoicesOf(h, recurringId)).toHaveLength(1);
    expect((await h.billing.engine.run('2026-12-31')).periods.paid).toBe(0);
    expect((await h.billing.status('2026-12-31')).stopped.count).toBe(1);
  });

  it('cancelling through DataService (Status) takes the subscription out of billing', async () => {
    const { h, recurringId } = await subscribed();
    await h.call('DataService.update', 'RecurringOrder', recurringId, { Status: 'Inactive' });
    expect((await h.billing.engine.run('2026-12-31')).periods).toMatchObject({ paid: 0, skipped: 0 });
  });

  it('createInvoiceForRecurring makes the due period\'s invoice (0 when nothing is due); chargeInvoice pays it; the engine does not bill it again', async () => {
    const { h, recurringId, card } = await subscribed();
    expect(await h.call('InvoiceService.createInvoiceForRecurring', recurringId)).toBe(0);
    h.setNow('2026-02-28T15:00:00Z');
    const invoiceId = await h.call('InvoiceService.createInvoiceForRecurring', recurringId) as number;
    expect(invoiceId).toBeGreaterThan(0);
    expect((await h.call('InvoiceService.calculateAmountOwed', invoiceId) as XmlDouble).text).toBe('12.50');
    expect((await h.call('InvoiceService.chargeInvoice', invoiceId, 'now', card, 0, false) as Record<string, unknown>).Successful).toBe(true);
    expect((await h.billing.engine.run('2026-02-28')).periods.paid).toBe(0);
    const [ro] = await h.query('RecurringOrder', { Id: recurringId }, ['NextBillDate']);
    expect(wire(ro.NextBillDate)).toBe('20260331');
  });

  it('updateJobRecurringNextBillDate moves the next bill; deleteSubscription removes it with its unpaid invoices and keeps paid ones', async () => {
    const { h, recurringId } = await subscribed();
    expect(await h.call('InvoiceService.updateJobRecurringNextBillDate', recurringId, dt('2026-02-10'))).toBe(true);
    expect((await h.billing.engine.run('2026-02-10')).periods.paid).toBe(1);
    h.setNow('2026-03-10T15:00:00Z');
    const unpaid = await h.call('InvoiceService.createInvoiceForRecurring', recurringId) as number;
    const paid = (await h.query('Invoice', { JobId: (await h.query('Job', {}, ['Id', 'JobRecurringId'])).find((j) => j.JobRecurringId === recurringId && j.Id !== 1)!.Id as number }, ['Id']))[0].Id;
    expect(await h.call('InvoiceService.deleteSubscription', String(recurringId))).toBe(true);
    expect(await h.query('RecurringOrder', { Id: recurringId }, ['Id'])).toEqual([]);
    expect(await h.query('Invoice', { Id: unpaid }, ['Id'])).toEqual([]);
    expect(await h.query('Invoice', { Id: paid as number }, ['Id'])).toHaveLength(1);
    const f = await h.fault('InvoiceService.deleteSubscription', recurringId);
    expect(f.faultCode).toBe(5);
  });
});

describe('addRecurringOrder', () => {
  it('takes the 7- and 10-argument forms; the 10-argument price and quantity bill each period', async () => {
    const h = billingHarness();
    const contactId = await h.contact();
    const plan = await h.plan(await h.product('Box', '0'), '30.00', '3', 2);
    const card = await h.card(contactId, CARDS.approve);
    const legacy = await h.call('InvoiceService.addRecurringOrder', contactId, true, plan, 0, card, 0, 0) as number;
    const full = await h.call('InvoiceService.addRecurringOrder', contactId, true, plan, 3, new XmlDouble('27.0'), false, 0, card, 0, 7) as number;
    const rows = await h.query('RecurringOrder', { ContactId: contactId }, ['Id', 'BillingAmt', 'Qty', 'NextBillDate', 'BillingCycle', 'Frequency']);
    expect(rows.map((r) => [r.Id, wire(r.BillingAmt), r.Qty, wire(r.NextBillDate), r.BillingCycle, r.Frequency])).toEqual([
      [legacy, '30', 1, '20260131', '3', 2], [full, '27', 3, '20260207', '3', 2]]);
    const report = await h.billing.engine.run('2026-02-07');
    expect(report.periods.paid).toBe(2);
    const [inst] = await h.query('JobRecurringInstance', { RecurringId: full }, ['InvoiceItemId', 'EndDate']);
    expect(wire(inst.EndDate)).toBe('20260220'); // two weeks, last day included
    const [item] = await h.query('InvoiceItem', { Id: inst.InvoiceItemId as number }, ['InvoiceAmt']);
    expect(wire(item.InvoiceAmt)).toBe('81');
    expect((await h.fault('InvoiceService.addRecurringOrder', contactId, true, plan, 1, new XmlDouble('1'), false, 0, card)).faultCode).toBe(0);
    expect((await h.fault('InvoiceService.addRecurringOrder', contactId, false, plan, 0, card, 0, 0)).faultString).toMatch(/already has active subscription/);
  });
});

describe('payment plans', () => {
  it('addPaymentPlan splits the balance into PayPlanItems, each charged on its day', async () => {
    const h = billingHarness();
    const contactId = await h.contact();
    const product = await h.product('Course', '100.00');
    const card = await h.card(contactId, CARDS.approve);
    const placed = await h.call('OrderService.placeOrder', contactId, 0, 0, [product], [], false, []) as Record<string, string>;
    const invoiceId = Number(placed.InvoiceId);
    expect(await h.call('InvoiceService.addPaymentPlan', invoiceId, true, card, 0, 1, 1, new XmlDouble('0'), dt('2026-02-01'), dt('2026-02-01'), 3, 30)).toBe(true);
    const [plan] = await h.query('PayPlan', { InvoiceId: invoiceId }, ['Id', 'AmtDue', 'Type']);
    const items = await h.query('PayPlanItem', { PayPlanId: plan.Id as number }, ['DateDue', 'AmtDue', 'Status']);
    expect(items.map((i) => [wire(i.DateDue), wire(i.AmtDue), i.Status])).toEqual([
      ['20260201', '33.34', 1], ['20260303', '33.33', 1], ['20260402', '33.33', 1]]);
    for (const [day, owed] of [['2026-02-01', '66.66'], ['2026-03-03', '33.33'], ['2026-04-02', '0.00']] as const) {
      expect((await h.billing.engine.run(day)).installments.paid).toBe(1);
      expect((await h.call('InvoiceService.calculateAmountOwed', invoiceId) as XmlDouble).text).toBe(owed);
    }
    expect((await h.billing.engine.run('2026-12-31')).installments.paid).toBe(0);
  });
});
