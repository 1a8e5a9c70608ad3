// Compatibility radar: refused legacy calls counted by method, table and field over the real wire
// (npm xmlrpc client, Invoicera over HTTP), exported in /metrics, shapes without values, bounded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { CompatibilityRadar } from '../../src/ops/radar.js';
import { keapRefusal } from '../../src/keap/refusals.js';
import { faults } from '../../src/keap/faults.js';
import { Fault } from '../../src/xmlrpc/types.js';
import { postInvoicera } from '../invoicera-api/support.js';
import { keapClient } from '../support/rpc.js';

let gw: TestGateway;
let call: (method: string, ...args: unknown[]) => Promise<unknown>;

beforeAll(async () => {
  gw = await startGateway({ env: { INVOICERA_TOKENS: 'radar-token-1234' } });
  const keap = keapClient(gw.port);
  // A fault is the answer here (the radar counts refused calls): resolve it instead of rejecting.
  call = (method, ...args) => keap(method, ...args).catch((err: unknown) => err);
});
afterAll(() => gw?.close());

describe('compatibility radar', () => {
  it('counts unknown methods, tables, fields and refused writes, with parameter types only', async () => {
    await call('ContactService.mergeContacts', 12, 34);
    await call('ContactService.mergeContacts', 'x', 'secret-value-xyz');
    await call('DataService.query', 'LeadSource', 10, 0, { Id: 1 }, ['Id']);
    await call('DataService.query', 'Contact', 10, 0, { FavouriteColour: 'Bo' }, ['Id']);
    await call('DataService.add', 'Invoice', { JobId: 1 });
    await call('DataService.findByField', 'Contact', 10, 0, 'Email', 'a@b.c', ['Id']); // served: not on the radar
    await postInvoicera(gw.base, 'radar-token-1234', 'listEstimate', '<page>1</page><client_id>7</client_id>');

    const list = gw.gateway.radar.list();
    const find = (kind: string, method: string) => list.find((e) => e.kind === kind && e.method === method);
    expect(find('unknown_method', 'ContactService.mergeContacts')).toMatchObject({ front: 'keap', count: 2, shapes: ['string, string, string', 'string, int, int'] });
    expect(find('unknown_table', 'DataService.query')).toMatchObject({ table: 'LeadSource', count: 1, shapes: ['string, string, int, int, struct{1}, array[1]'] });
    expect(find('unknown_field', 'DataService.query')).toMatchObject({ table: 'Contact', field: 'FavouriteColour' });
    expect(find('refused_write', 'DataService.add')).toMatchObject({ table: 'Invoice' });
    expect(find('unknown_method', 'listEstimate')).toMatchObject({ front: 'invoicera', shapes: ['page, client_id'] });
    expect(list.some((e) => e.method === 'DataService.findByField')).toBe(false);
    expect(JSON.stringify(list)).not.toMatch(/secret-value|test-key|Bo"|a@b/);

    const metrics = await (await fetch(`${gw.base}/metrics`)).text();
    expect(metrics).toMatch(/gateway_refused_calls_total\{front="keap",kind="unknown_method",method="ContactService.mergeContacts",table="",field=""\} 2/);
    expect(metrics).toMatch(/gateway_refused_calls_total\{front="keap",kind="unknown_field",method="DataService.query",table="Contact",field="FavouriteColour"\} 1/);
  });

  it('classifies the catalogue faults (hints after ";" included) and ignores reads and other faults', () => {
    expect(keapRefusal(faults.noFieldAccess('Job', 'PromoCode', 'edit'), true)).toEqual({ kind: 'refused_write', table: 'Job', field: 'PromoCode' });
    expect(keapRefusal(new Fault(7, '[NoTableAccess]No add access to table Invoice; promo codes are …'), true)).toEqual({ kind: 'refused_write', table: 'Invoice' });
    expect(keapRefusal(faults.noTableAccess('Invoice', 'read'), true)).toBeUndefined();
    expect(keapRefusal(faults.invalidKey(), true)).toBeUndefined();
    expect(keapRefusal(faults.noAccess('Stripe'), true)).toEqual({ kind: 'not_available' });
  });

  it('is bounded: names are cut, and past maxKeys new refusals count under _other', () => {
    const radar = new CompatibilityRadar({ maxKeys: 3 });
    for (let i = 0; i < 10; i++) radar.record('keap', `Scan.m${i}${'x'.repeat(100)}`, { kind: 'unknown_method' }, 'string');
    const list = radar.list();
    expect(list).toHaveLength(4);
    expect(list[0]).toMatchObject({ method: '_other', count: 7 });
    expect(Math.max(...list.map((e) => e.method.length))).toBeLessThanOrEqual(64);
  });
});
