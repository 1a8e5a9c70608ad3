// Period invoices are ordinary invoices: the Invoicera front lists and reads them with the same
// totals and the period order's job id (Job.JobRecurringId = the subscription).
import { describe, expect, it } from 'vitest';
import { fronts, startFronts } from '../orders/two-fronts.js';

describe('period invoices on both fronts', () => {
  it('Invoicera getInvoice and listInvoice show the billed period with its job id', async () => {
    const gw = await startFronts('memory');
    try {
      const f = fronts(gw);
      const contactId = await f.keap('ContactService.add', { FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada.fronts@example.com' });
      const product = await f.keap('DataService.add', 'Product', { ProductName: 'Journal', ProductPrice: 0 });
      const plan = await f.keap('DataService.add', 'SubscriptionPlan', { ProductId: product, PlanPrice: 7.25, Cycle: '3', Frequency: 1 });
      const card = await f.keap('DataService.add', 'CreditCard', { ContactId: contactId, CardNumber: '4111111111111111', ExpirationMonth: '12', ExpirationYear: '2035', CVV2: '123', CardType: 'Visa' });
      const recurringId = await f.keap('InvoiceService.addRecurringOrder', contactId, true, plan, 2, 7.25, false, 0, card, 0, 0);
      const report = await gw.gateway.deps.billing.engine.run();
      expect(report.periods.paid).toBe(1);
      const [inst] = await f.keap('DataService.query', 'JobRecurringInstance', 10, 0, { RecurringId: recurringId }, ['InvoiceItemId']);
      const [item] = await f.keap('DataService.query', 'InvoiceItem', 10, 0, { Id: inst.InvoiceItemId }, ['InvoiceId']);
      const [invoice] = await f.keap('DataService.query', 'Invoice', 10, 0, { Id: item.InvoiceId }, ['JobId']);
      const [job] = await f.keap('DataService.query', 'Job', 10, 0, { Id: invoice.JobId }, ['JobRecurringId']);
      expect(job.JobRecurringId).toBe(recurringId);
      const got = await f.invoicera('getInvoice', `<invoice_id>${item.InvoiceId}</invoice_id>`);
      expect(got.status).toBe(200);
      expect([got.tag('invoice_total'), got.tag('total_paid'), got.tag('outstanding'), got.tag('job_id')]).toEqual(['14.50', '14.50', '0.00', String(invoice.JobId)]);
      const list = await f.invoicera('listInvoice', '');
      expect(list.status).toBe(200);
      expect(list.xml).toContain(`<invoice_id>${item.InvoiceId}</invoice_id>`);
    } finally {
      await gw.close();
    }
  });
});
