// The README's examples, run in order against a fresh gateway process as a reader would: the
// Python checkout, the promo lines (the CLI, then Python placing an order with the code), and every
// Invoicera curl, each using the ids the earlier ones returned. Same store for gateway and CLI
// (SQLite file), the development key and token on loopback, as a fresh `npm start`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnGateway, type GatewayProcess } from '../cluster/gateway-process.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const blocks = (lang: string) => [...README.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
const DEFAULT_BASE = 'http://127.0.0.1:8080';

describe('README examples', () => {
  let gp: GatewayProcess;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gw-readme-'));
    env = { PATH: process.env.PATH, HOME: process.env.HOME, GATEWAY_STORE: `sqlite:${join(dir, 'gw.db')}` };
    // The README's defaults: the development key and token (only the port differs).
    gp = await spawnGateway({ GATEWAY_STORE: env.GATEWAY_STORE!, GATEWAY_API_KEYS: 'dev-key-change-me' });
  }, 40_000);
  afterAll(async () => {
    await gp?.signal('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts with the two commands it promises', () => {
    expect(README.split('\n').slice(2, 6).join('\n')).toBe('```\nnpm ci && npm start\nnpm ci && npm test\n```');
  });

  it('the Python checkout, then the promo code lines (CLI, then Python), in order', () => {
    const [checkout, promoOrder] = blocks('python');
    const [promoCli] = blocks('sh');
    expect(checkout).toContain(DEFAULT_BASE);
    expect(promoCli).toMatch(/^npx keap-gateway promo create/);
    const script = [
      'import json, subprocess',
      checkout.replace(DEFAULT_BASE, gp.base),
      `subprocess.run(${JSON.stringify(promoCli)}, shell=True, check=True, executable="/bin/bash")`,
      promoOrder,
      'print(json.dumps({"order": r, "invoice": inv, "outcomes": s.DataService.query(KEY, "PromoRedemption", 10, 0, {"OrderId": int(r["OrderId"])}, ["Code", "Outcome", "Amount"])}, default=str))',
    ].join('\n');
    const run = spawnSync('python3', ['-c', script], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^created promotion #\d+/);
    const out = JSON.parse(lines[lines.length - 1]);
    expect(out.order).toMatchObject({ Successful: 'true' });
    expect(out.invoice).toEqual([expect.objectContaining({ PayStatus: 1 })]);
    expect(out.outcomes).toEqual([{ Code: 'save10', Outcome: 'APPLIED', Amount: expect.any(Number) }]);
  });

  it('every Invoicera curl answers 200, in order, with the ids the earlier ones returned', () => {
    const invoicera = blocks('sh').find((b) => b.includes('inv()'))!;
    const calls = [...invoicera.matchAll(/<request method="(\w+)">/g)].map((m) => m[1]);
    expect(calls).toEqual(expect.arrayContaining([
      'createClient', 'updateClient', 'getClient', 'listClient', 'createInvoice', 'getInvoice', 'updateInvoice', 'listInvoice',
      'addInvoiceItem', 'updateInvoiceItem', 'deleteInvoiceItem', 'sendInvoiceMail', 'listOutbox', 'invoiceOfflinePayment', 'deleteInvoice',
    ]));
    const run = spawnSync('bash', ['-e', '-c', invoicera.replace(`GW=${DEFAULT_BASE}`, `GW=${gp.base}`) + '\necho "ids: $CLIENT $INVOICE $ITEM"'], { env, encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const answers = run.stdout.split('\n').filter((l) => l.includes('<response'));
    // The captured calls (CLIENT=$(inv …)) print nothing; every other one prints its answer.
    const captured = (invoicera.match(/=\$\(inv /g) ?? []).length;
    expect(answers).toHaveLength(calls.length - captured);
    for (const a of answers) expect(a).toMatch(/<response status="200">/);
    const ids = /ids: (\d+) (\d+) (\d+)/.exec(run.stdout);
    expect(ids, run.stdout).not.toBeNull();
    // The Python checkout's contact and invoice came first: the README's curls cannot assume id 1.
    expect(Number(ids![1])).toBeGreaterThan(1);
    expect(answers.find((a) => a.includes('<outbox') || a.includes('message_id'))).toContain(`<invoice_id>${ids![2]}</invoice_id>`);
  });

  it('docs/invoicera-api.md defines the same inv helper as the README', () => {
    const helper = (text: string) => /^inv\(\) \{.*\}$/m.exec(text)?.[0];
    const doc = readFileSync(join(ROOT, 'docs', 'invoicera-api.md'), 'utf8');
    expect(helper(README)).toBeDefined();
    expect(helper(doc)).toBe(helper(README));
  });
});
