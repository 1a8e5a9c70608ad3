// Issue 12, charges: in the invoice's currency (an EUR invoice reached the processor as USD), and
// an approval is never lost — a processor that fails after approving, a look-up that cannot answer
// yet, and a settle that cannot be written all end with the charge recorded exactly once.
import { describe, expect, it } from 'vitest';
import { XmlDouble } from '../../src/xmlrpc/types.js';
import { StoreUnavailable, type Store } from '../../src/store/port.js';
import { MemoryStore } from '../../src/store/memory.js';
import { SCHEMA } from '../../src/store/schema.js';
import { TestPaymentProcessor } from '../../src/services/payments/test-processor.js';
import type { ChargeRequest, ChargeResult, PaymentProcessor } from '../../src/services/payments/port.js';
import { CARDS, harness } from '../keap/order-fixture.js';

type Answer = Record<string, unknown>;

/** The test processor with switches: fail the call after it approved, fail look-ups. */
class FlakyProcessor implements PaymentProcessor {
  readonly inner = new TestPaymentProcessor();
  readonly requests: ChargeRequest[] = [];
  failAfterApproval = false;
  failLookup = false;
  async charge(req: ChargeRequest): Promise<ChargeResult> {
    this.requests.push(req);
    const r = await this.inner.charge(req);
    if (this.failAfterApproval) throw new Error('connection reset after the bank approved');
    return r;
  }
  async lookup(reference: string) {
    if (this.failLookup) throw new Error('processor unreachable');
    return this.inner.lookup(reference);
  }
}

async function openOrder(h: ReturnType<typeof harness>, currency = 'USD') {
  const contactId = await h.deps.store.transact(async (tx) => (await h.deps.clients.create(tx, { firstName: 'Émile', email: 'emile@example.com', currency })).id);
  const product = await h.product('Widget', '19.99');
  const card = await h.card(contactId, CARDS.approve);
  const placed = (await h.call('OrderService.placeOrder', contactId, 0, 0, [product], [], false, [])) as Record<string, string>;
  return { invoiceId: Number(placed.InvoiceId), card, contactId, product };
}

const owed = async (h: ReturnType<typeof harness>, id: number) => ((await h.call('InvoiceService.calculateAmountOwed', id)) as XmlDouble).text;

describe('card charges', () => {
  it('are made in the invoice\'s currency', async () => {
    const payments = new FlakyProcessor();
    const h = harness({ payments });
    const { invoiceId, card } = await openOrder(h, 'EUR');
    expect(await h.call('InvoiceService.chargeInvoice', invoiceId, '', card, 0, false)).toMatchObject({ Code: 'APPROVED' });
    expect(payments.requests.map((r) => [r.amount, r.currency])).toEqual([['19.99', 'EUR']]);
    expect((await h.deps.invoices.get(h.deps.store, invoiceId)).payments.map((p) => p.amount)).toEqual(['19.99']);
  });

  it('a processor that fails after approving: the look-up finds the approval and it is recorded', async () => {
    const payments = new FlakyProcessor();
    payments.failAfterApproval = true;
    const h = harness({ payments });
    const { invoiceId, card } = await openOrder(h);
    expect(await h.call('InvoiceService.chargeInvoice', invoiceId, '', card, 0, false)).toMatchObject({ Successful: true, Code: 'APPROVED' });
    expect(await owed(h, invoiceId)).toBe('0.00');
    expect(await h.deps.store.count('CCharge')).toBe(1);
  });

  it('unknown outcome: ERROR, the invoice stays guarded, and the next charge after the lease reconciles it', async () => {
    const payments = new FlakyProcessor();
    payments.failAfterApproval = true;
    payments.failLookup = true;
    const h = harness({ payments, chargeLeaseMs: 0 });
    const { invoiceId, card } = await openOrder(h);
    const first = (await h.call('InvoiceService.chargeInvoice', invoiceId, '', card, 0, false)) as Answer;
    expect(first).toMatchObject({ Successful: false, Code: 'ERROR' });
    expect(String(first.Message)).toContain('reconciled');
    expect(await h.deps.store.count('PendingCharge')).toBe(1);
    const manual = await h.call('InvoiceService.addManualPayment', invoiceId, new XmlDouble('19.99'), '2026-11-23', 'Cash', '', false).catch((f: { faultString: string }) => f.faultString);
    expect(manual).toContain('in progress');
    // The processor answers again: the next charge settles the first one (approved) before anything else.
    payments.failAfterApproval = false;
    payments.failLookup = false;
    expect(await h.call('InvoiceService.chargeInvoice', invoiceId, '', card, 0, false)).toMatchObject({ Code: 'SKIPPED' });
    expect(payments.requests).toHaveLength(1);
    expect(await owed(h, invoiceId)).toBe('0.00');
    expect(await h.deps.store.count('PendingCharge')).toBe(0);
  });

  it('a settle that cannot be written faults 4, keeps the charge pending, and reconcile() records it once', async () => {
    const payments = new FlakyProcessor();
    const memory = new MemoryStore(SCHEMA);
    let failCommits = 0;
    // The store goes down right after the processor approved.
    const store: Store = Object.assign(Object.create(memory) as Store, {
      transact: <T>(fn: Parameters<Store['transact']>[0]) => (failCommits-- > 0 ? Promise.reject(new StoreUnavailable('redis down')) : memory.transact(fn)) as Promise<T>,
    });
    const h = harness({ payments, store });
    const { invoiceId, card } = await openOrder(h);
    const inner = payments.charge.bind(payments);
    payments.charge = async (req) => { const r = await inner(req); failCommits = 3; return r; };
    const fault = await h.call('InvoiceService.chargeInvoice', invoiceId, '', card, 0, false).catch((f: { faultCode: number }) => f);
    expect(fault).toMatchObject({ faultCode: 4 });
    failCommits = 0;
    expect(await h.deps.store.count('PendingCharge')).toBe(1);
    expect(await h.deps.orders.reconcile({ all: true })).toBe(1);
    expect(await h.deps.orders.reconcile({ all: true })).toBe(0);
    expect(await owed(h, invoiceId)).toBe('0.00');
    expect(await h.deps.store.count('CCharge')).toBe(1);
    expect(payments.requests).toHaveLength(1);
  });
});
