// The placeOrder bench's ceiling (issue #17) is found in ../shared and answers the bench's call; a
// missing one fails with one message naming where it was looked for. No timings here: those are the bench's.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeCall } from '../../src/xmlrpc/encode.js';
import { startCeiling, type Ceiling } from '../../bench/order-ceiling.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('bench: placeOrder ceiling', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gw-ceiling-test-'));
  let ceiling: Ceiling | undefined;
  afterAll(async () => { await ceiling?.stop(); rmSync(dir, { recursive: true, force: true }); });

  it('starts from ../shared with our dependencies and stores the order it acknowledges', async () => {
    ceiling = await startCeiling(join(dir, 'ceiling.db'));
    expect(ceiling.seed).toEqual({ contact: 1, products: [1, 2, 3], code: 'BENCH10' });
    const { contact, products, code } = ceiling.seed;
    const res = await fetch(`http://127.0.0.1:${ceiling.port}/`, {
      method: 'POST', headers: { 'content-type': 'text/xml' },
      body: encodeCall('OrderService.placeOrder', ['key', contact, 0, 0, products, [], true, [code]]),
    });
    const body = await res.text();
    expect(body).toContain('<name>OrderId</name><value>1</value>');
    expect(body).toContain('<name>Total</name><value>58.49</value>'); // (19.99 + 25 + 20) − 10%
    expect(ceiling.count()).toBe(1);
  });

  it('a missing script fails with one message naming where it was expected', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e',
      "const m = await import('./bench/order-ceiling.ts'); await m.startCeiling('/nonexistent/x.db')"], {
      cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH, SHARED_DIR: '/nonexistent/shared-x' },
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('the placeOrder ceiling is expected in /nonexistent/shared-x/bench/order-ceiling.mjs');
  });
});
