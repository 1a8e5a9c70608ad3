// Every text and --json printer of the admin CLI tables (user, affiliate, shipping, tax, promo
// outcomes), byte for byte, empty and filled, against one SQLite store: the tables share their
// list and record printers (src/cli/command.ts), and this pins what each one prints.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliRunner } from '../support/cli.js';
import { openStore } from '../../src/store/open.js';
import { SCHEMA } from '../../src/store/schema.js';

const dir = mkdtempSync(join(tmpdir(), 'cli-printers-'));
const env = { GATEWAY_STORE: `sqlite:${join(dir, 'gw.db')}` };
const cli = cliRunner(env);
/** stdout of a command that must succeed (stderr in the failure message). */
const out = async (...argv: string[]) => {
  const r = await cli(...argv);
  expect(r.code, r.err).toBe(0);
  return r.out;
};

beforeAll(async () => {
  const store = await openStore(env.GATEWAY_STORE, SCHEMA);
  await store.transact(async (tx) => { tx.put('Client', { id: 7, FirstName: 'Pat', Email: 'pat@example.com' }); });
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the CLI printers', () => {
  it('say so when a list is empty, in text; an empty array in JSON', async () => {
    for (const [group, empty] of [['user', 'no users'], ['affiliate', 'no affiliates'], ['shipping', 'no shipping options'], ['tax', 'no tax rates'], ['promo', 'no promotions']]) {
      expect(await out(group, 'list')).toBe(`${empty}\n`);
      expect(await out(group, 'list', '--json')).toBe('[]\n');
    }
    expect(await out('promo', 'outcomes')).toBe('no promo code outcomes recorded\n');
  });

  it('print users, affiliates, shipping options and tax rates: one line each, or the record as JSON', async () => {
    const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
    expect(await out('user', 'add', 'ada@example.com', '--password', 'long-enough-pw', '--first-name', 'Ada')).toBe('added user #1  ada@example.com  Ada\n');
    expect(await out('user', 'add', 'bob@example.com', '--password', 'long-enough-pw', '--json')).toBe(json({ id: 2, email: 'bob@example.com' }));
    expect(await out('user', 'list')).toBe('#1  ada@example.com  Ada\n#2  bob@example.com\n');
    expect(await out('user', 'list', '--json')).toBe(json([{ id: 1, email: 'ada@example.com', firstName: 'Ada' }, { id: 2, email: 'bob@example.com' }]));
    expect(await out('user', 'passwd', 'bob@example.com', '--password', 'another-long-pw')).toBe('password changed for #2  bob@example.com\n');

    expect(await out('affiliate', 'add', '7', '--code', 'PAT', '--sale-percent', '10')).toBe('added affiliate #1  contact 7  PAT  sale 10% + 0.00  lead 0% + 0.00\n');
    expect(await out('affiliate', 'list')).toBe('#1  contact 7  PAT  sale 10% + 0.00  lead 0% + 0.00\n');
    expect(await out('affiliate', 'list', '--json')).toBe(json([{ id: 1, contactId: 7, code: 'PAT', status: 1, salePercent: '10' }]));

    const std = { name: 'Std', description: '', rule: { type: 'Flat', price: '5' }, active: true, orderBased: false, international: false, id: 1 };
    const weight = {
      name: 'W', description: '', rule: { type: 'Weight', ranges: [{ minimum: '0', maximum: '5', price: '1' }, { minimum: '5', price: '2' }] },
      active: true, orderBased: false, international: false, id: 2,
    };
    expect(await out('shipping', 'add', '--name', 'Std', '--type', 'Flat', '--price', '5')).toBe('added shipping option #1  Std  [Flat]  flat 5\n');
    expect(await out('shipping', 'add', '--name', 'W', '--type', 'Weight', '--range', '0-5=1', '--range', '5+=2', '--json')).toBe(json(weight));
    expect(await out('shipping', 'disable', '1')).toBe('disabled #1  Std  [Flat, inactive]  flat 5\n');
    expect(await out('shipping', 'enable', '1')).toBe('enabled #1  Std  [Flat]  flat 5\n');
    expect(await out('shipping', 'list')).toBe('#1  Std  [Flat]  flat 5\n#2  W  [Weight]  weight 0-5=1 5+=2\n');
    expect(await out('shipping', 'list', '--json')).toBe(json([std, weight]));
    expect(await out('shipping', 'remove', '2')).toBe('removed shipping option #2\n');
    expect(await cli('shipping', 'remove', '2', '--json')).toEqual({ code: 1, out: '', err: 'error: shipping option 2 does not exist\n' });

    const ca = { name: 'CA', country: 'US', state: 'CA', zipPrefix: '', rate: '7.25', taxShipping: false, id: 1 };
    const la = { name: 'LA', country: 'US', state: 'CA', zipPrefix: '900', rate: '9.5', taxShipping: true, id: 2 };
    expect(await out('tax', 'add', '--name', 'CA', '--country', 'US', '--state', 'CA', '--rate', '7.25')).toBe('added tax rate #1  CA  7.25%  US / CA\n');
    expect(await out('tax', 'add', '--name', 'LA', '--country', 'US', '--state', 'CA', '--zip-prefix', '900', '--rate', '9.5', '--tax-shipping', '--json')).toBe(json(la));
    expect(await out('tax', 'list')).toBe('#1  CA  7.25%  US / CA\n#2  LA  9.5%  US / CA / zip 900*  (shipping taxed)\n');
    expect(await out('tax', 'list', '--json')).toBe(json([ca, la]));
    expect(await out('tax', 'remove', '1')).toBe('removed tax rate #1\n');
    expect(await out('tax', 'remove', '2', '--json')).toBe(json({ id: 2, removed: true }));
  });

  it('keep the help of the shipping and tax tables (options in their order)', async () => {
    const help = async (...argv: string[]) => (await cli(...argv, '--help')).out;
    expect(await help('tax', 'add')).toMatch(/--file <def\.json>[^]*--definition <json>[^]*--name <name>[^]*--rate <percent>[^]*--tax-shipping[^]*--json/);
    expect(await help('shipping', 'add')).toMatch(/--file <def\.json>[^]*--definition <json>[^]*--name <name>[^]*--type <type>[^]*--inactive[^]*--json/);
    expect(await help('tax', 'list')).toContain('list the tax rates');
    expect(await help('shipping', 'remove')).toContain('delete a shipping option (orders already placed keep their shipping line)');
  });
});
