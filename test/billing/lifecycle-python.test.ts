// Done-when test of the subscriptions issue: Python's xmlrpc.client drives a subscription's whole
// life against a real gateway on a SQLite file, and the real CLI process bills it
// (`keap-gateway billing run --as-of`) on the same file. The script checks every amount against
// its own Decimal computation; here we check it finished and what it reports.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, TEST_API_KEY, type TestGateway } from '../support/gateway.js';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('../clients/subscriptions.py', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/keap-gateway.js', import.meta.url));
const CARDS = { approve: '4111111111111111', decline: '4000000000000002' };

describe('subscription lifecycle with python xmlrpc.client and the billing CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'subs-'));
  const storeUrl = `sqlite:${join(dir, 'gw.db')}`;
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ env: { GATEWAY_STORE: storeUrl, GATEWAY_BILLING_INTERVAL_MS: '0' } });
    await gw.gateway.promotions.create({ name: 'Welcome', discount: { kind: 'ORDER_TOTAL', mode: 'PERCENT', value: '10' }, codes: ['WELCOME10'] });
  });
  afterAll(async () => { await gw?.close(); rmSync(dir, { recursive: true, force: true }); });

  it('placeOrder with a plan and a promo code, periods billed by the CLI, retries then stop, deleteSubscription, a 3-installment plan', async () => {
    const { stdout } = await run('python3', [SCRIPT, gw.url, TEST_API_KEY, CARDS.approve, CARDS.decline, process.execPath, BIN, storeUrl], { timeout: 240_000 });
    const out = JSON.parse(stdout);
    expect(out.ok).toBe(true);
    expect(out.first.total).toBe('17.99');
    expect(out.payPlan).toEqual(['33.34', '33.33', '33.33']);
  }, 300_000);
});
