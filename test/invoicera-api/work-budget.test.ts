// The Invoicera lists under the per-request work budget, through the real wire (fetch against a
// whole gateway): listInvoice, listClient and listOutbox charge the rows they read, the rows they
// return and the reply bytes they build (docs/operations.md "Work per request"), answer a clear
// 400 naming the element to change when a limit is reached — never a truncated list — and hand the
// event loop back while they scan, so /healthz and other callers are served during a broad list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { pollHealthz } from '../support/health-poll.js';
import { postInvoicera } from './support.js';

const TOKEN = 'budget-invoicera-token';
const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

function storeUrl(kind: string): string {
  if (kind === 'memory') return 'memory';
  const dir = mkdtempSync(join(tmpdir(), 'invoicera-budget-'));
  dirs.push(dir);
  return `sqlite:${join(dir, 'gw.db')}`;
}

const call = (gw: TestGateway, method: string, inner: string) => postInvoicera(gw.base, TOKEN, method, inner);

const count = (xml: string, tag: string) => xml.split(`<${tag}>`).length - 1;

/** `clients` clients with `perClient` invoices each (of `lines` lines), straight through the services. */
async function seed(gw: TestGateway, clients: number, perClient: number, lines = 1): Promise<number[]> {
  const { invoices, clients: book } = gw.gateway.deps;
  const ids: number[] = [];
  for (let c = 0; c < clients; c++) {
    await gw.store.transact(async (tx) => {
      const client = await book.create(tx, { firstName: `First${c}`, lastName: `Last${c}`, email: `c${c}@budget.test`, organization: `Org ${c}` });
      ids.push(client.id);
      for (let i = 0; i < perClient; i++) {
        await invoices.create(tx, {
          clientId: client.id, date: '2026-11-01',
          items: Array.from({ length: lines }, (_, k) => ({ name: `Line ${k} with a description long enough to weigh`, unitCost: '10.00', quantity: '1' })),
        });
      }
    });
  }
  return ids;
}

describe.each(['memory', 'sqlite'])('the Invoicera lists share the request budget on the %s store', (kind) => {
  let gw: TestGateway;
  let clientIds: number[];
  beforeAll(async () => {
    gw = await startGateway({
      env: {
        GATEWAY_STORE: storeUrl(kind), INVOICERA_TOKENS: TOKEN,
        GATEWAY_ROWS_EXAMINED_MAX: '500', GATEWAY_ROWS_RETURNED_MAX: '20', GATEWAY_REPLY_LIMIT: '150000',
      },
    });
    clientIds = await seed(gw, 30, 20, 3); // 600 invoices, 30 clients
  });
  afterAll(async () => { await gw?.close(); });

  it('rows examined: a broad listInvoice is refused with a 400 naming the filter; an indexed filter reads only its invoices', async () => {
    const broad = await call(gw, 'listInvoice', '<filter><per_page_record>5</per_page_record></filter>');
    expect(broad.status).toBe(400);
    expect(broad.xml).toContain('<message>this request would exceed its limit of 500 rows examined: narrow the filter (client_id and invoice_number are answered from an index)</message>');
    expect(broad.xml).toContain('<field>filter</field>');
    expect(broad.xml).not.toContain('<invoice>');
    // The same 600 invoices, but through the client_id index: 20 read, 5 listed.
    const narrow = await call(gw, 'listInvoice', `<filter><client_id>${clientIds[3]}</client_id><per_page_record>5</per_page_record></filter>`);
    expect(narrow.status).toBe(200);
    expect(narrow.xml).toContain('total="20"');
    expect(count(narrow.xml, 'invoice_id')).toBe(5);
    // A broad listClient reads 30 clients: well inside the budget.
    const clients = await call(gw, 'listClient', '<filter><organization>org 1</organization></filter>');
    expect(clients.status).toBe(200);
    expect(clients.xml).toContain('total="11"'); // Org 1, Org 10…19
  });

  it('rows returned: a page above the limit is refused whole; a page within it is answered', async () => {
    const big = await call(gw, 'listClient', '<filter><per_page_record>25</per_page_record></filter>');
    expect(big.status).toBe(400);
    expect(big.xml).toContain('this request would exceed its limit of 20 rows returned: ask for a smaller page (per_page_record)');
    expect(big.xml).toContain('<field>per_page_record</field>');
    const ok = await call(gw, 'listClient', '<filter><per_page_record>20</per_page_record></filter>');
    expect(ok.status).toBe(200);
    expect(ok.xml).toContain('total="30"');
    expect(count(ok.xml, 'client_id')).toBe(20);
  });

  it('reply bytes: rows past the reply budget are a 400, never a truncated list', async () => {
    // 5 invoices of 60 long lines each (~15 KB per row once its items are written) pass 150 KB at once.
    await gw.store.transact(async (tx) => {
      for (let i = 0; i < 5; i++) {
        await gw.gateway.deps.invoices.create(tx, {
          clientId: clientIds[0], date: '2026-11-02',
          items: Array.from({ length: 60 }, (_, k) => ({ name: `Heavy line ${k} `.padEnd(200, 'x'), unitCost: '1.00', quantity: '1' })),
        });
      }
    });
    const heavy = await call(gw, 'listInvoice', `<filter><client_id>${clientIds[0]}</client_id><per_page_record>10</per_page_record></filter>`);
    expect(heavy.status).toBe(400);
    expect(heavy.xml).toContain('this request would exceed its limit of 150000 reply bytes: ask for a smaller page (per_page_record)');
    const light = await call(gw, 'listInvoice', `<filter><client_id>${clientIds[0]}</client_id><date_from>2026-11-01</date_from><date_to>2026-11-01</date_to><per_page_record>20</per_page_record></filter>`);
    expect(light.status).toBe(200);
    expect(count(light.xml, 'invoice_id')).toBe(20);
  });
});

describe('a broad listInvoice over a large store does not block the event loop (memory store)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ env: { INVOICERA_TOKENS: TOKEN } });
    await seed(gw, 40, 500, 2); // 20,000 invoices
  }, 120_000);
  afterAll(async () => { await gw?.close(); });

  it('a balance-status filter over 20,000 invoices runs while /healthz is served; loop delay stays low', async () => {
    const delay = monitorEventLoopDelay({ resolution: 5 });
    const health = pollHealthz(gw.base);
    delay.enable();
    // Every invoice is read, totalled (the Paid status is a balance status) and none matches.
    const list = await call(gw, 'listInvoice', '<filter><invoice_status>Paid</invoice_status><sort_column>organization</sort_column></filter>');
    delay.disable();
    const answered = await health.stop();
    expect(list.status).toBe(400);
    expect(list.xml).toContain('no invoice matches the filter');
    // Margins for a loaded 2-core machine: ~10 ms slices; before the fix one synchronous stretch of seconds.
    expect(delay.max / 1e6).toBeLessThan(400);
    expect(answered).toBeGreaterThanOrEqual(3);
  }, 60_000);
});
