// placeOrder with a payPlanId from the catalogue (`billing plan-add`), through the npm xmlrpc wire
// and the CLI on one SQLite file: the invoice goes on the plan, only the first installment is
// charged with the order, the rest by `billing run --as-of` on their days.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, TEST_API_KEY, type TestGateway } from '../support/gateway.js';
import { rpcClient, faultOf, type Rpc } from '../support/rpc.js';
import { cliRunner, type CliRun } from '../support/cli.js';

const day = (v: Date) => v.toISOString().slice(0, 10);

describe('placeOrder with payPlanId', () => {
  const dir = mkdtempSync(join(tmpdir(), 'payplan-'));
  const env = { GATEWAY_STORE: `sqlite:${join(dir, 'gw.db')}`, GATEWAY_BILLING_INTERVAL_MS: '0' };
  let gw: TestGateway; let rpc: Rpc; let cli: CliRun;
  beforeAll(async () => {
    gw = await startGateway({ env });
    rpc = rpcClient(Number(new URL(gw.url).port));
    cli = cliRunner({ ...process.env, ...env });
  });
  afterAll(async () => { await gw?.close(); rmSync(dir, { recursive: true, force: true }); });

  it('3 installments: PayPlan rows, the first charged with the order, the others billed on their days', async () => {
    const added = await cli('billing', 'plan-add', 'Three months', '--payments', '3', '--days-between', '30', '--json');
    expect(added.code).toBe(0);
    const planId = JSON.parse(added.out).id as number;
    expect((await cli('billing', 'plan-list')).out).toContain('Three months');
    const call = (m: string, ...p: unknown[]) => rpc(m, TEST_API_KEY, ...p);
    const contactId = await call('ContactService.add', { FirstName: 'Ada', Email: 'ada.plan@example.com' });
    const product = await call('DataService.add', 'Product', { ProductName: 'Course', ProductPrice: 100 });
    const card = await call('DataService.add', 'CreditCard', { ContactId: contactId, NameOnCard: 'Ada', ExpirationMonth: '12', ExpirationYear: '2030', CVV2: '123', CardType: 'Visa', CardNumber: '4111111111111111' });

    const fault = await faultOf(call('OrderService.placeOrder', contactId, card, 999, [product], [], false, []));
    expect(fault.faultCode).toBe(5);
    expect(fault.faultString).toMatch(/PayPlan 999/);

    const placed = await call('OrderService.placeOrder', contactId, card, planId, [product], [], false, []);
    expect(placed.Successful).toBe('true');
    const invoiceId = Number(placed.InvoiceId);
    expect(await call('InvoiceService.calculateAmountOwed', invoiceId)).toBe(66.66);
    const [plan] = await call('DataService.query', 'PayPlan', 10, 0, { InvoiceId: invoiceId }, ['Id', 'AmtDue', 'Type']);
    expect([plan.AmtDue, plan.Type]).toEqual([100, 1]);
    const items = await call('DataService.query', 'PayPlanItem', 10, 0, { PayPlanId: plan.Id }, ['DateDue', 'AmtDue', 'Status', 'AmtPaid']);
    expect(items.map((i: { AmtDue: number; Status: number; AmtPaid: number }) => [i.AmtDue, i.Status, i.AmtPaid])).toEqual([[33.34, 2, 33.34], [33.33, 1, 0], [33.33, 1, 0]]);
    for (const [i, owed] of [[1, 33.33], [2, 0]] as const) {
      const due = day(items[i].DateDue as Date);
      const ran = await cli('billing', 'run', '--as-of', due, '--json');
      expect(JSON.parse(ran.out).installments.paid).toBe(1);
      expect(await call('InvoiceService.calculateAmountOwed', invoiceId)).toBe(owed);
    }
  }, 60_000);
});
