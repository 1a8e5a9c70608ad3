// Issue 12: one way to declare a Keap method and one arity/type fault rule for every service
// (keap-xmlrpc.md §1.6, docs/faults.md): a wrong parameter list is the Java layer's fault 0
// "No method matching arguments"; a value that cannot be coerced is fault 12 [InvalidParameter].
// Checked over system.listMethods on the whole gateway, so a method added later cannot escape it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fault, struct, type XmlRpcValue } from '../../src/xmlrpc/types.js';
import type { CallContext } from '../../src/xmlrpc/handler.js';
import { UNLIMITED, WorkBudget } from '../../src/xmlrpc/budget.js';
import { startGateway, TEST_API_KEY, type TestGateway } from '../support/gateway.js';

let gw: TestGateway;
beforeAll(async () => { gw = await startGateway(); });
afterAll(async () => { await gw?.close(); });

const ctx = (): CallContext => ({
  requestId: 'rule', headers: {}, query: new URLSearchParams(), state: { failedAuth: 0, transportAuth: 'none', budget: new WorkBudget(UNLIMITED) },
  log: gw.gateway.deps.log, inMulticall: false,
});
const call = (method: string, params: XmlRpcValue[]) => gw.gateway.dispatcher.dispatch(method, params, ctx());
async function faultOf(method: string, params: XmlRpcValue[]): Promise<Fault | undefined> {
  try { await call(method, params); return undefined; } catch (e) { if (e instanceof Fault) return e; throw e; }
}

/** A value of none of the given XML-RPC types. */
function wrongValue(types: string[]): XmlRpcValue {
  if (!types.includes('struct')) return struct({ not: 'this' });
  return 'not-a-struct-or-number';
}

async function keapMethods(): Promise<Array<{ name: string; sigs: string[][] }>> {
  const names = (await call('system.listMethods', [])) as string[];
  const keap = names.filter((n) => !n.startsWith('system.') && !n.endsWith('.echo'));
  return Promise.all(keap.map(async (name) => ({ name, sigs: (await call('system.methodSignature', [name])) as string[][] })));
}

describe('every Keap method follows the one fault rule', () => {
  it('covers every service', async () => {
    const services = new Set((await keapMethods()).map((m) => m.name.split('.')[0]));
    expect([...services].sort()).toEqual(['APIAffiliateService', 'APIEmailService', 'AffiliateService', 'ContactService', 'DataService', 'DiscountService', 'InvoiceService', 'OrderService', 'ProductService', 'ShippingService']);
  });

  it('too many or too few parameters (key included) → fault 0 "No method matching arguments" naming the method', async () => {
    const escaped: string[] = [];
    for (const { name, sigs } of await keapMethods()) {
      const lengths = sigs.map((s) => s.length - 1);
      const tooMany = Array<XmlRpcValue>(Math.max(...lengths) + 1).fill(0);
      tooMany[0] = TEST_API_KEY;
      const cases = [tooMany];
      if (Math.min(...lengths) > 1) cases.push([TEST_API_KEY]);
      for (const params of cases) {
        const f = await faultOf(name, params);
        if (!f || f.faultCode !== 0 || !f.faultString.startsWith('No method matching arguments') || !f.faultString.includes(name)) {
          escaped.push(`${name}/${params.length}: ${f ? `${f.faultCode} ${f.faultString}` : 'no fault'}`);
        }
      }
    }
    expect(escaped).toEqual([]);
  });

  it('a value that cannot be coerced to its parameter\'s type → fault 12 [InvalidParameter]', async () => {
    const escaped: string[] = [];
    for (const { name, sigs } of await keapMethods()) {
      const full = sigs.reduce((a, b) => (b.length > a.length ? b : a));
      const positions = full.slice(2);
      if (positions.length === 0) continue;
      // Each parameter in turn gets a wrong-typed value; the others a value of their type.
      const typesAt = positions.map((_, i) => [...new Set(sigs.filter((s) => s.length === full.length).map((s) => s[i + 2]))]);
      for (let i = 0; i < positions.length; i++) {
        if (typesAt[i].includes('string') && typesAt[i].length > 1) continue; // an either-or parameter takes anything
        const params: XmlRpcValue[] = [TEST_API_KEY, ...typesAt.map((t, j) => (j === i ? wrongValue(t) : sample(t[0])))];
        const f = await faultOf(name, params);
        if (!f || f.faultCode !== 12 || !f.faultString.startsWith('[InvalidParameter]')) {
          escaped.push(`${name} param ${i + 1} (${typesAt[i].join('|')}): ${f ? `${f.faultCode} ${f.faultString}` : 'no fault'}`);
        }
      }
    }
    expect(escaped).toEqual([]);
  });
});

/** A harmless value of a type (the call may still fault for other reasons; only 12 on the wrong one is checked first). */
function sample(type: string): XmlRpcValue {
  switch (type) {
    case 'int': return 1;
    case 'double': return 1.5;
    case 'boolean': return true;
    case 'array': return ['Id'];
    case 'struct': return struct({ Id: '%' });
    case 'dateTime.iso8601': return new Date('2026-11-23T10:00:00Z') as unknown as XmlRpcValue;
    default: return 'Contact';
  }
}
