// The promo CLI against a real SQLite store, in process (runCli) and once through the package bin.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { runCli } from '../../src/cli/main.js';
import type { Output } from '../../src/cli/output.js';

const dir = mkdtempSync(join(tmpdir(), 'promo-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { GATEWAY_STORE: `sqlite:${join(dir, 'gw.db')}` };

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string; data: unknown[] }> {
  const res = { out: '', err: '', data: [] as unknown[] };
  const output: Output = { result: (d, t) => { res.data.push(d); res.out += `${t}\n`; }, error: (m) => { res.err += `${m}\n`; } };
  const code = await runCli(argv, env, output);
  return { code, ...res };
}

describe('keap-gateway promo', () => {
  it('creates, lists, shows, adds a code, disables', async () => {
    const created = await cli('promo', 'create', '--name', 'Ten', '--kind', 'order_total', '--mode', 'amount', '--value', '10', '--code', 'TEN', '--total-uses', '5');
    expect(created.code).toBe(0);
    const id = (created.data[0] as { id: number }).id;
    expect(created.out).toContain(`created promotion #${id}`);
    expect(created.out).toContain('codes: TEN [0 use(s)]');
    expect((await cli('promo', 'add-code', String(id), 'ten-more')).code).toBe(0);
    expect((await cli('promo', 'list')).out).toContain(`#${id}  active    Ten — 10 off the order (GROSS)`);
    expect((await cli('promo', 'show', String(id))).out).toMatch(/limits: totalUses=5; used 0 time\(s\)\n {2}codes: TEN \[0 use\(s\)\], ten-more/);
    expect((await cli('promo', 'disable', String(id))).code).toBe(0);
    expect((await cli('promo', 'list', '--active')).out).toBe('no promotions\n');
  });

  it('explains validation errors and usage mistakes with exit codes 1 and 2', async () => {
    const bad = await cli('promo', 'create', '--name', 'Bad', '--kind', 'SHIPPING', '--mode', 'PERCENT', '--value=-3');
    expect(bad).toMatchObject({ code: 1 });
    expect(bad.err).toContain('invalid promotion "Bad": discount.value: must be > 0, got -3');
    await cli('promo', 'create', '--name', 'A', '--kind', 'ORDER_TOTAL', '--mode', 'AMOUNT', '--value', '1', '--code', 'SAME');
    const dup = await cli('promo', 'create', '--name', 'B', '--kind', 'ORDER_TOTAL', '--mode', 'AMOUNT', '--value', '1', '--code', 'same');
    expect(dup.err).toContain('code "same" is already used by an active promotion');
    expect((await cli('promo', 'show', '999')).err).toContain('promotion 999 does not exist');
    expect((await cli('promo', 'show', 'abc'))).toMatchObject({ code: 2, err: expect.stringContaining('expected a promotion id, got "abc"') });
    expect((await cli('promo', 'create', '--nope')).code).toBe(2);
  });

  it('runs through the package bin', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(__dirname, '../../bin/keap-gateway.js'), 'promo', 'list', '--json'], {
      env: { ...process.env, ...env }, timeout: 30_000,
    });
    expect(JSON.parse(stdout).map((p: { name: string }) => p.name)).toContain('Ten');
  });
});
