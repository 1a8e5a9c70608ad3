// Issue 18 "Done when": one membership-style checkout from Python's xmlrpc.client across every
// service a legacy plugin calls around placeOrder — authenticateUser → addWithDupCheck → the tag
// found by name → addToGroup → getAllShippingOptions → placeOrder with a sale affiliate, a card, a
// SHIPPING code and a taxed region → the invoice's shipping, tax, discount and total to the cent
// (checked against the script's own Decimal arithmetic) → sendEmail with a template (delivered
// to a real SMTP server on loopback) → affCommissions. The operator's side is the real CLI on the
// gateway's SQLite file: the login user, the shipping option, the tax rate and the affiliate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startGateway, TEST_API_KEY, type TestGateway } from '../support/gateway.js';
import { startSmtp, type Smtp } from '../support/smtp.js';
import { cliRunner } from '../support/cli.js';
import { keapClient } from '../support/rpc.js';
import { eventually } from '../support/eventually.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'membership-'));
const env = { GATEWAY_STORE: `sqlite:${join(dir, 'gw.db')}` };
const cli = cliRunner(env);
const PRICE = '50.00', SHIPPING = '7.50', TAX_RATE = '8.25', SALE_PERCENT = '10';

let smtp: Smtp;
let gw: TestGateway;
let affiliate: number;
let product: number;
const call = (method: string, ...params: unknown[]) => keapClient(gw.port)(method, ...params);

async function admin(...argv: string[]): Promise<string> {
  const r = await cli(...argv);
  expect(r.code, `${argv.join(' ')}: ${r.err}`).toBe(0);
  return r.out;
}

beforeAll(async () => {
  smtp = await startSmtp();
  await admin('user', 'add', 'owner@club.test', '--password', 'club-owner-password', '--first-name', 'Olive');
  await admin('shipping', 'add', '--name', 'Standard', '--type', 'Flat', '--price', SHIPPING);
  await admin('tax', 'add', '--name', 'California', '--country', 'US', '--state', 'CA', '--rate', TAX_RATE);
  gw = await startGateway({ env: { ...env, GATEWAY_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, GATEWAY_MAIL_FROM: 'Club <mail@club.test>', GATEWAY_MAIL_POLL_MS: '30' } });
  const partner = await call('ContactService.add', { FirstName: 'Pat', LastName: 'Partner', Email: 'pat@partners.test' });
  affiliate = JSON.parse(await admin('affiliate', 'add', String(partner), '--code', 'PAT', '--sale-percent', SALE_PERCENT, '--json')).id;
  product = await call('DataService.add', 'Product', { ProductName: 'Gold membership', ProductPrice: Number(PRICE), Taxable: 1, Shippable: 1 });
  await call('DataService.add', 'ContactGroup', { GroupName: 'Gold Members', GroupDescription: 'paid members' });
  await gw.gateway.promotions.create({ name: 'Free shipping', discount: { kind: 'SHIPPING', mode: 'PERCENT', value: '100' }, codes: ['FREESHIP'] });
}, 60_000);
afterAll(async () => { await gw?.close(); await smtp?.close(); rmSync(dir, { recursive: true, force: true }); });

describe('a membership checkout from Python xmlrpc.client', () => {
  it('logs in, tags, ships, taxes, discounts, charges, mails and pays the affiliate — to the cent', async () => {
    const script = fileURLToPath(new URL('../clients/membership_checkout.py', import.meta.url));
    const { stdout } = await run('python3', [script, gw.url, TEST_API_KEY, 'owner@club.test', 'club-owner-password',
      String(affiliate), String(product), PRICE, SHIPPING, TAX_RATE, SALE_PERCENT], { timeout: 60_000 });
    const out = JSON.parse(stdout);

    expect(out.userId).toEqual(expect.any(Number));
    expect(out.addedToGroup).toBe(true);
    expect(String(out.groups)).toMatch(/^\d+$/);
    expect(out.shippingOptions).toEqual([['Standard', 'Flat']]);
    expect(out.successful).toBe('true');
    // Product 50.00, shipping 7.50, FREESHIP −7.50, tax 8.25% of 50.00 = 4.125 → 4.13: the
    // gateway's lines equal the script's independent Decimal computation, and so does the total.
    expect(out.expected).toEqual({
      lines: [[1, '7.50', 1], [2, '4.13', 1], [4, '50.00', 1], [14, '-7.50', 1]], // sorted by ItemType
      total: '54.13', commission: '5.00',
    });
    expect(out.lines).toEqual(out.expected.lines);
    expect(out.invoice).toMatchObject({ InvoiceTotal: out.expected.total, TotalPaid: out.expected.total, TotalDue: '0.00' });
    expect(out.owed).toBe('0.00');
    expect(out.commissions).toEqual([[out.invoiceId, out.expected.commission, affiliate]]);

    expect(out.mailed).toBe(true);
    await eventually(async () => {
      const welcome = smtp.received.filter((m) => m.to.includes('mia.member@example.com') && /Subject: Welcome, Mia/.test(m.raw));
      expect(welcome).toHaveLength(1);
      expect(welcome[0]!.raw).toContain('Your membership is active, Mia.');
    }, 8000);
  }, 90_000);
});
