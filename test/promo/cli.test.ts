// The CLI (commander) against a real SQLite store: in process (runCli) and through the package bin
// (the compiled dist/cli/main.js, built by test/global-setup.ts), where exit codes are the process's.
import { afterAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cliRunner } from '../support/cli.js';

const BIN = fileURLToPath(new URL('../../bin/keap-gateway.js', import.meta.url));
const VERSION = (await import('../../package.json', { with: { type: 'json' } })).default.version as string;
const dir = mkdtempSync(join(tmpdir(), 'promo-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { GATEWAY_STORE: `sqlite:${join(dir, 'gw.db')}` };

interface Run { code: number; out: string; err: string }

const cli = cliRunner(env);
const json = (r: Run) => JSON.parse(r.out);

/** The real process: `node bin/keap-gateway.js …`. */
function bin(...argv: string[]): Run {
  const r = spawnSync(process.execPath, [BIN, ...argv], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

describe('keap-gateway promo', () => {
  it('creates, lists, shows, adds a code, disables', async () => {
    const created = await cli('promo', 'create', '--name', 'Ten', '--kind', 'order_total', '--mode', 'amount', '--value', '10', '--code', 'TEN', '--total-uses', '5');
    expect(created.code).toBe(0);
    const id = Number(/created promotion #(\d+)/.exec(created.out)?.[1]);
    expect(created.out).toContain('codes: TEN [0 use(s)]');
    expect((await cli('promo', 'add-code', String(id), 'ten-more')).code).toBe(0);
    expect((await cli('promo', 'list')).out).toContain(`#${id}  active    Ten — 10 off the order (GROSS)`);
    expect((await cli('promo', 'show', String(id))).out).toMatch(/limits: totalUses=5; used 0 time\(s\)\n {2}codes: TEN \[0 use\(s\)\], ten-more/);
    expect(json(await cli('promo', 'list', '--json')).map((p: { name: string }) => p.name)).toEqual(['Ten']);
    expect(json(await cli('promo', 'outcomes', '--json'))).toEqual([]);
    expect(json(await cli('promo', 'show', String(id), '--json')).codes).toHaveLength(2);
    expect((await cli('promo', 'disable', String(id))).code).toBe(0);
    expect((await cli('promo', 'list', '--active')).out).toBe('no promotions\n');
  });

  it('repeatable flags collect every value', async () => {
    const r = await cli('promo', 'create', '--name', 'Two', '--kind', 'PRODUCT', '--mode', 'PERCENT', '--value', '5', '--product', '1', '--product', '2', '--code', 'P1', '--code', 'P2');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('off products 1, 2');
    expect(r.out).toMatch(/codes: P1 \[0 use\(s\)\], P2/);
  });

  it('refusals exit 1 and usage mistakes exit 2, with the message on stderr only', async () => {
    const bad = await cli('promo', 'create', '--name', 'Bad', '--kind', 'SHIPPING', '--mode', 'PERCENT', '--value=-3');
    expect(bad).toMatchObject({ code: 1, out: '' });
    expect(bad.err).toContain('invalid promotion "Bad": discount.value: must be > 0, got -3');
    await cli('promo', 'create', '--name', 'A', '--kind', 'ORDER_TOTAL', '--mode', 'AMOUNT', '--value', '1', '--code', 'SAME');
    const dup = await cli('promo', 'create', '--name', 'B', '--kind', 'ORDER_TOTAL', '--mode', 'AMOUNT', '--value', '1', '--code', 'same');
    expect(dup).toMatchObject({ code: 1, out: '' });
    expect(dup.err).toContain('code "same" is already used by an active promotion');
    expect(await cli('promo', 'show', '999')).toMatchObject({ code: 1, err: expect.stringContaining('promotion 999 does not exist') });
    expect(await cli('promo', 'show', 'abc')).toMatchObject({ code: 2, err: expect.stringContaining('expected a promotion id, got "abc"') });
    expect(await cli('promo', 'create', '--nope')).toMatchObject({ code: 2, out: '', err: expect.stringContaining("unknown option '--nope'") });
    expect(await cli('promo', 'show')).toMatchObject({ code: 2, err: expect.stringContaining("missing required argument 'id'") });
    expect(await cli('promo', 'nothing')).toMatchObject({ code: 2, err: expect.stringContaining('unknown command') });
    expect((await cli('frobnicate')).code).toBe(2);
    expect((await cli('promo')).code).toBe(2);
  });

  it('a refused create consumes no promotion id (the next one gets the next number)', async () => {
    const a = json(await cli('promo', 'create', '--json', JSON.stringify({ name: 'N1', discount: { kind: 'ORDER_TOTAL', mode: 'AMOUNT', value: '1' }, codes: ['GAP1'] }))).id as number;
    expect((await cli('promo', 'create', '--name', 'N2', '--kind', 'ORDER_TOTAL', '--mode', 'AMOUNT', '--value', '1', '--code', 'gap1')).code).toBe(1);
    expect((await cli('promo', 'add-code', String(a), 'GAP1')).code).toBe(1);
    const b = json(await cli('promo', 'create', '--json', JSON.stringify({ name: 'N3', discount: { kind: 'ORDER_TOTAL', mode: 'AMOUNT', value: '1' }, codes: ['GAP3'] }))).id as number;
    expect(b).toBe(a + 1);
    const codeIds = json(await cli('promo', 'show', String(b), '--json')).codes.map((c: { id: number }) => c.id);
    const prev = json(await cli('promo', 'show', String(a), '--json')).codes.map((c: { id: number }) => c.id);
    expect(codeIds[0]).toBe(prev[0] + 1);
  });

  it('--help and --version on every command, exit 0, on stdout', async () => {
    for (const argv of [[], ['serve'], ['promo'], ['promo', 'create'], ['promo', 'list'], ['promo', 'show'], ['promo', 'disable'], ['promo', 'add-code'], ['promo', 'disable-code'], ['promo', 'outcomes']]) {
      const help = await cli(...argv, '--help');
      expect(help, argv.join(' ')).toMatchObject({ code: 0, err: '' });
      expect(help.out, argv.join(' ')).toMatch(/^Usage: keap-gateway/);
      expect(await cli(...argv, '--version'), argv.join(' ')).toEqual({ code: 0, out: `${VERSION}\n`, err: '' });
    }
    expect((await cli('-h')).code).toBe(0);
    expect((await cli('promo', 'create', '--help')).out).toContain('--total-uses <n>');
  });
});

describe('the package bin (compiled CLI, real exit codes on SQLite)', () => {
  it('exit codes survive the SQLite store closing: 0 ok, 1 refused, 2 usage', () => {
    expect(JSON.parse(bin('promo', 'list', '--json').out).map((p: { name: string }) => p.name)).toContain('Ten');
    const missing = bin('promo', 'show', '999');
    expect(missing).toMatchObject({ code: 1, out: '' });
    expect(missing.err).toContain('promotion 999 does not exist');
    expect(bin('promo', 'create', '--name', 'X', '--kind', 'SHIPPING', '--mode', 'PERCENT', '--value=-1').code).toBe(1);
    expect(bin('promo', 'show', 'x').code).toBe(2);
    expect(bin('--version')).toMatchObject({ code: 0, out: `${VERSION}\n` });
  });

  it('says to build when dist/ is missing', () => {
    const lone = mkdtempSync(join(tmpdir(), 'gw-bin-'));
    try {
      mkdirSync(join(lone, 'bin'));
      copyFileSync(BIN, join(lone, 'bin', 'keap-gateway.js'));
      const r = spawnSync(process.execPath, [join(lone, 'bin', 'keap-gateway.js'), '--help'], { encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/dist\/cli\/main\.js is missing: run `npm run build`/);
    } finally { rmSync(lone, { recursive: true, force: true }); }
  });
});
