// Commissions through the second front (issue 18 item 4): a plain Invoicera invoice with a Keap
// commission override earns when an Invoicera offline payment completes it, and deleting that paid
// invoice through the Invoicera API claws the commission back; a declined placeOrder earns nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { invoiceraOk, tagText as tag } from '../invoicera-api/support.js';
import { keapClient } from '../support/rpc.js';

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const TOKEN = 'invoicera-token-123';
const ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;
const NOW = new Date(2026, 10, 23, 12);
const START = new Date(2026, 10, 1), END = new Date(2026, 10, 30, 23, 59, 59);

let gw: TestGateway;
const call = (method: string, ...params: unknown[]) => keapClient(gw.port)(method, ...params);

const invoicera = (method: string, inner: string) => invoiceraOk(gw.base, TOKEN, method, inner);

beforeAll(async () => { gw = await startGateway({ env: { INVOICERA_TOKENS: TOKEN, GATEWAY_TIME_ZONE: ZONE }, now: () => NOW }); });
afterAll(async () => { await gw?.close(); });

describe('commissions across both fronts', () => {
  it('an Invoicera payment records the override; an Invoicera delete of the paid invoice claws it back', async () => {
    const client = await call('ContactService.add', { FirstName: 'Ivy', LastName: 'Invoicera', Email: 'ivy@example.com' });
    const partner = await call('ContactService.add', { FirstName: 'Pia', LastName: 'Partner', Email: 'pia@example.com' });
    const aff = await call('DataService.add', 'Affiliate', { ContactId: partner, AffCode: 'PIA', SalePercent: 30 });
    const created = await invoicera('createInvoice', `<client><client_id>${client}</client_id></client><invoice_title>Consulting</invoice_title>
      <items><item><name>Consulting</name><type>Service</type><unit_cost>333.33</unit_cost><quantity>1</quantity><tax1_name>VAT</tax1_name><tax1_percent>20</tax1_percent></item></items>`);
    const invoiceId = Number(tag(created, 'invoice_id'));
    // 7.5% of the net 333.33 (tax earns nothing) = 24.99975 → 25.00
    expect(await call('InvoiceService.addOrderCommissionOverride', invoiceId, aff, 0, 7.5, 0, 5, 'Referral fee', NOW)).toBe(true);
    await invoicera('invoiceOfflinePayment', `<invoice_id>${invoiceId}</invoice_id><amount>300.00</amount><payment_method>Check</payment_method><payment_date>2026-11-23</payment_date>`);
    expect(await call('APIAffiliateService.affCommissions', aff, START, END)).toEqual([]);
    await invoicera('invoiceOfflinePayment', `<invoice_id>${invoiceId}</invoice_id><amount>100.00</amount><payment_method>Check</payment_method><payment_date>2026-11-24</payment_date>`);
    const [c] = await call('APIAffiliateService.affCommissions', aff, START, END);
    expect(c).toMatchObject({ AffiliateId: aff, AmtEarned: 25, InvoiceId: invoiceId, Description: 'Referral fee', ContactFirstName: 'Ivy', SaleAffId: 0 });

    await invoicera('deleteInvoice', `<invoice_id>${invoiceId}</invoice_id>`);
    expect(await call('APIAffiliateService.affClawbacks', aff, START, END)).toEqual([expect.objectContaining({ AmtEarned: 25, InvoiceId: invoiceId, DateEarned: NOW })]);
    expect(await call('APIAffiliateService.affRunningTotals', [aff])).toEqual([{ AffiliateId: aff, AmountEarned: 25, Clawbacks: 25, Payments: 0, RunningBalance: 0 }]);
  });

  it('a declined card leaves the order unpaid and earns no commission; paying it later does', async () => {
    const buyer = await call('ContactService.add', { FirstName: 'Dee', LastName: 'Declined', Email: 'dee@example.com' });
    const seller = await call('ContactService.add', { FirstName: 'Sol', LastName: 'Seller', Email: 'sol@example.com' });
    const aff = await call('DataService.add', 'Affiliate', { ContactId: seller, AffCode: 'SOL', SalePercent: 10 });
    const product = await call('DataService.add', 'Product', { ProductName: 'Course', ProductPrice: 99.95 });
    const card = await call('DataService.add', 'CreditCard', { ContactId: buyer, CardNumber: '4000000000000002', ExpirationMonth: '12', ExpirationYear: '2030' });
    const placed = await call('OrderService.placeOrder', buyer, card, 0, [product], [], false, [], 0, aff);
    expect(placed.Successful).toBe('false');
    expect(await call('APIAffiliateService.affCommissions', aff, START, END)).toEqual([]);
    await call('InvoiceService.addManualPayment', Number(placed.InvoiceId), 99.95, NOW, 'Cash', '', false);
    expect((await call('APIAffiliateService.affCommissions', aff, START, END)).map((r: Any) => r.AmtEarned)).toEqual([10]); // 9.995 → 10.00
  });

  it('counts the records a report reads against the request\'s work budget', async () => {
    const small = await startGateway({ env: { GATEWAY_ROWS_EXAMINED_MAX: '3', GATEWAY_TIME_ZONE: ZONE }, now: () => NOW });
    try {
      const rpc = keapClient(small.port);
      const buyer = await rpc('ContactService.add', { FirstName: 'Bo', Email: 'bo@example.com' });
      const aff = await rpc('DataService.add', 'Affiliate', { ContactId: buyer, AffCode: 'BO', SaleAmt: 1 });
      const product = await rpc('DataService.add', 'Product', { ProductName: 'Pin', ProductPrice: 2 });
      for (let i = 0; i < 4; i++) {
        const placed = await rpc('OrderService.placeOrder', buyer, 0, 0, [product], [], false, [], 0, aff);
        await rpc('InvoiceService.addManualPayment', Number(placed.InvoiceId), 2, NOW, 'Cash', '', false);
      }
      await expect(rpc('APIAffiliateService.affCommissions', aff, START, END)).rejects.toMatchObject({ faultCode: 12, faultString: expect.stringContaining('limit of 3 rows examined') });
      await expect(rpc('APIAffiliateService.affRunningTotals', [aff])).rejects.toMatchObject({ faultCode: 12 });
    } finally {
      await small.close();
    }
  });
});
