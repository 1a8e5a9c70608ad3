// `keap-gateway affiliate …` and Python's xmlrpc.client against one gateway on a shared SQLite
// store: the CLI makes the affiliate, its payout and link; Python runs a checkout naming the sale
// affiliate and reads the reports; a CLI clawback (a refund made at the processor) shows in
// affClawbacks. Also: the docs' sample requests of the two override methods match their signatures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { cliRunner } from '../support/cli.js';
import { startGateway, TEST_API_KEY, type TestGateway } from '../support/gateway.js';
import { CONFORMANCE_DIR } from '../support/shared.js';
import { keapClient, rpcClient } from '../support/rpc.js';

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'aff-cli-'));
const env = { GATEWAY_STORE: `sqlite:${join(dir, 'gw.db')}` };

const cli = cliRunner(env);

let gw: TestGateway;
let call: (method: string, ...params: unknown[]) => Promise<Any>;
beforeAll(async () => {
  gw = await startGateway({ env });
  call = keapClient(gw.port);
});
afterAll(async () => { await gw?.close(); rmSync(dir, { recursive: true, force: true }); });

describe('affiliates from the CLI and Python', () => {
  it('runs a checkout with an affiliate and reads every report to the cent', async () => {
    const contact = await call('ContactService.add', { FirstName: 'Pat', LastName: 'Partner', Email: 'pat@example.com' });
    const added = await cli('affiliate', 'add', String(contact), '--code', 'PAT', '--sale-percent', '10', '--json');
    expect(added.code, added.err).toBe(0);
    const aff = JSON.parse(added.out).id as number;
    expect(JSON.parse(added.out)).toMatchObject({ contactId: contact, code: 'PAT', salePercent: '10', status: 1 });
    expect((await cli('affiliate', 'add', String(contact), '--code', 'PAT')).code).toBe(1); // code taken
    expect((await cli('affiliate', 'add', 'x')).code).toBe(2);
    expect((await cli('affiliate', 'payout', String(aff), '0.50', '--note', 'advance', '--json')).code).toBe(0);
    expect((await cli('affiliate', 'payout', String(aff), '0.001')).code).toBe(1);
    expect((await cli('affiliate', 'link', String(aff), 'https://example.com/join', '--name', 'Join')).code).toBe(0);
    expect((await cli('affiliate', 'link', String(aff), 'javascript:alert(1)')).code).toBe(1);
    expect((await cli('affiliate', 'list')).out).toContain('PAT');

    const script = fileURLToPath(new URL('../clients/affiliates.py', import.meta.url));
    const { stdout } = await run('python3', [script, gw.url, TEST_API_KEY, String(aff)], { timeout: 60_000 });
    const out = JSON.parse(stdout);
    expect(out.order.Successful).toBe('true');
    const invoiceId = Number(out.order.InvoiceId);
    // 10% of 19.99 = 1.999 → 2.00 (HALF_UP to the cent).
    expect(out.commissions).toEqual([{ AffiliateId: aff, AmtEarned: 2, InvoiceId: invoiceId, ContactFirstName: 'Ada', SaleAffId: aff, dated: true }]);
    expect(out.payouts).toEqual([{ AffiliateId: aff, PayAmt: 0.5, PayType: 'Check', PayNote: 'advance' }]);
    expect(out.running).toEqual([{ AffiliateId: aff, AmountEarned: 2, Clawbacks: 0, Payments: 0.5, RunningBalance: 1.5 }]);
    expect(out.summary).toEqual([{ AffiliateId: aff, AmountEarned: 2, Clawbacks: 0, Balance: 1.5 }]);
    expect(out.links).toEqual([{ AffiliateId: aff, Name: 'Join', RedirectUrl: 'https://example.com/join' }]);
    expect(out.unknown).toBe(5);

    const clawed = await cli('affiliate', 'clawback', String(invoiceId), '--reason', 'refunded at the processor', '--json');
    expect(clawed.code, clawed.err).toBe(0);
    expect(JSON.parse(clawed.out)).toEqual({ invoiceId, clawedBack: 1 });
    expect(JSON.parse((await cli('affiliate', 'clawback', String(invoiceId), '--json')).out).clawedBack).toBe(0); // once only
    expect((await cli('affiliate', 'clawback', '999999')).code).toBe(1);
    const [claw] = await call('APIAffiliateService.affClawbacks', aff, new Date(2000, 0, 1), new Date(2099, 0, 1));
    expect(claw).toMatchObject({ AffiliateId: aff, AmtEarned: 2, InvoiceId: invoiceId });
    expect(await call('APIAffiliateService.affRunningTotals', [aff]))
      .toEqual([{ AffiliateId: aff, AmountEarned: 2, Clawbacks: 2, Payments: 0.5, RunningBalance: -0.5 }]);
  }, 90_000);

  it('accepts the parameter types of the docs\' sample override requests', async () => {
    for (const method of ['addOrderCommissionOverride', 'addRecurringCommissionOverride']) {
      const xml = readFileSync(join(CONFORMANCE_DIR, 'keap-doc-samples', `InvoiceService.${method}.request.xml`), 'utf8');
      const tags = [...xml.matchAll(/<param>\s*<value>\s*<([A-Za-z0-9.]+)/g)].map((m) => (m[1] === 'i4' ? 'int' : m[1]));
      const sigs: string[][] = await rpcClient(gw.port)('system.methodSignature', `InvoiceService.${method}`);
      expect(sigs.map((s) => s.slice(1)), method).toContainEqual(tags);
    }
  });
});
