// Issue 12, "One source of truth for lines": DataService writes on OrderItem and Job go through the
// orders module, so the invoice (and every total) follows; OrderItem is the projection of the
// invoice's lines whichever front changed them.
import { describe, expect, it } from 'vitest';
import { XmlDateTime, XmlDouble } from '../../src/xmlrpc/types.js';
import { keapHarness } from '../keap/data-fixture.js';

async function blankOrder() {
  const h = keapHarness();
  const contactId = (await h.call('ContactService.add', { FirstName: 'Ada', Email: 'ada@example.com' })) as number;
  const invoiceId = (await h.call('InvoiceService.createBlankOrder', contactId, 'Lines', new XmlDateTime(2026, 11, 23, 10, 0, 0), 0, 0)) as number;
  await h.call('InvoiceService.addOrderItem', invoiceId, 0, 4, new XmlDouble('20.00'), 1, 'Widget', '');
  const orderId = (await h.call('InvoiceService.getOrderId', invoiceId)) as number;
  const owed = async () => ((await h.call('InvoiceService.calculateAmountOwed', invoiceId)) as XmlDouble).text;
  return { h, contactId, invoiceId, orderId, owed };
}

describe('OrderItem writes through DataService', () => {
  it('update PPU and Qty, then add an item: calculateAmountOwed and the Invoice row follow', async () => {
    const { h, invoiceId, orderId, owed } = await blankOrder();
    expect(await owed()).toBe('20.00');
    const [row] = (await h.call('DataService.query', 'OrderItem', 10, 0, { OrderId: orderId }, ['Id'])) as Array<{ Id: number }>;
    expect(await h.call('DataService.update', 'OrderItem', row.Id, { PPU: new XmlDouble('99'), Qty: 5 })).toBe(row.Id);
    expect(await owed()).toBe('495.00');
    const added = (await h.call('DataService.add', 'OrderItem', { OrderId: orderId, ItemName: 'Gadget', PPU: new XmlDouble('5'), Qty: 2, ItemType: 4 })) as number;
    expect(await owed()).toBe('505.00');
    expect(await h.call('DataService.load', 'Invoice', invoiceId, ['InvoiceTotal', 'TotalDue'])).toEqual({ InvoiceTotal: new XmlDouble('505.00'), TotalDue: new XmlDouble('505.00') });
    // The InvoiceItem view shows the same lines, each linked to its OrderItem.
    const items = (await h.call('DataService.query', 'InvoiceItem', 10, 0, { InvoiceId: invoiceId }, ['OrderItemId', 'InvoiceAmt'])) as unknown[];
    expect(items).toEqual([{ OrderItemId: row.Id, InvoiceAmt: new XmlDouble('495.00') }, { OrderItemId: added, InvoiceAmt: new XmlDouble('10.00') }]);
    expect(await h.call('DataService.load', 'OrderItem', added, ['ItemName', 'Qty', 'PPU'])).toEqual({ ItemName: 'Gadget', Qty: 2, PPU: new XmlDouble('5.00') });
  });

  it('a negative PPU makes a credit line; bad values and a foreign OrderId are refused without a change', async () => {
    const { h, orderId, owed } = await blankOrder();
    await h.call('DataService.add', 'OrderItem', { OrderId: orderId, ItemName: 'Goodwill', PPU: new XmlDouble('-2.50'), Qty: 1, ItemType: 7 });
    expect(await owed()).toBe('17.50');
    const [row] = (await h.call('DataService.query', 'OrderItem', 10, 0, { OrderId: orderId }, ['Id'])) as Array<{ Id: number }>;
    expect((await h.fault('DataService.update', 'OrderItem', row.Id, { Qty: 0 })).faultCode).toBe(12);
    expect((await h.fault('DataService.update', 'OrderItem', row.Id, { OrderId: orderId + 1 })).faultCode).toBe(12);
    expect((await h.fault('DataService.add', 'OrderItem', { OrderId: 4242, ItemName: 'x', PPU: new XmlDouble('1'), Qty: 1 })).faultCode).toBe(5);
    expect((await h.fault('DataService.delete', 'OrderItem', row.Id)).faultCode).toBe(7);
    expect(await owed()).toBe('17.50');
  });

  it('once paid, the lines are frozen: OrderItem updates and addOrderItem are refused naming the payment', async () => {
    const { h, invoiceId, orderId, owed } = await blankOrder();
    await h.call('InvoiceService.addManualPayment', invoiceId, new XmlDouble('5'), '2026-11-23', 'Cash', '', false);
    const [row] = (await h.call('DataService.query', 'OrderItem', 10, 0, { OrderId: orderId }, ['Id'])) as Array<{ Id: number }>;
    const f = await h.fault('DataService.update', 'OrderItem', row.Id, { PPU: new XmlDouble('1') });
    expect(f.faultString).toMatch(/^\[InvalidParameter\]invoice \d+ has payments \d+ \(5\.00 USD Cash\)/);
    expect((await h.fault('InvoiceService.addOrderItem', invoiceId, 0, 4, new XmlDouble('1'), 1, 'more', '')).faultString).toContain('has payments');
    expect(await owed()).toBe('15.00');
  });

  it('Job ContactId and JobTitle updates move the order\'s invoice with them', async () => {
    const { h, invoiceId, orderId } = await blankOrder();
    const other = (await h.call('ContactService.add', { FirstName: 'Alan', Email: 'alan@example.com' })) as number;
    await h.call('DataService.update', 'Job', orderId, { ContactId: other, JobTitle: 'Renamed' });
    expect(await h.call('DataService.load', 'Invoice', invoiceId, ['ContactId', 'Description'])).toEqual({ ContactId: other, Description: 'Renamed' });
    expect((await h.fault('DataService.update', 'Job', orderId, { ContactId: 4242 })).faultCode).toBe(5);
  });
});
