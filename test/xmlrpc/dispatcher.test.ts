import { UNLIMITED, WorkBudget } from '../../src/xmlrpc/budget.js';
import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { Dispatcher } from '../../src/xmlrpc/dispatcher.js';
import { Fault, struct, type XmlRpcValue } from '../../src/xmlrpc/types.js';
import type { CallContext } from '../../src/xmlrpc/handler.js';

const ctx = (): CallContext => ({
  requestId: 't', headers: {}, query: new URLSearchParams(), log: pino({ level: 'silent' }),
  state: { failedAuth: 0, transportAuth: 'none', budget: new WorkBudget(UNLIMITED) }, inMulticall: false,
});

function make(multicallMax = 100) {
  const d = new Dispatcher({ multicallMax });
  d.register({ name: 'math.add', handler: ([a, b]) => (a as number) + (b as number), help: 'Adds.', signatures: [['int', 'int', 'int']] });
  d.register({ name: 'boom', handler: () => { throw new Error('secret stack detail'); } });
  d.register({ name: 'fault', handler: () => { throw new Fault(7, '[NoTableAccess]x'); } });
  d.register({ name: 'auth.fail', handler: (_p, c) => { c.state.failedAuth++; throw new Fault(2, `[InvalidKey]fail #${c.state.failedAuth} inMulticall=${c.inMulticall}`); } });
  return d;
}

const faultOf = async (p: Promise<unknown>) => {
  try { await p; } catch (e) { expect(e).toBeInstanceOf(Fault); return e as Fault; }
  throw new Error('expected a fault');
};

describe('Dispatcher', () => {
  it('dispatches, and an unknown method is fault 0 "No such handler: X"', async () => {
    const d = make();
    expect(await d.dispatch('math.add', [2, 3], ctx())).toBe(5);
    const f = await faultOf(d.dispatch('Nope.x', [], ctx()));
    expect([f.faultCode, f.faultString]).toEqual([0, 'No such handler: Nope.x']);
  });
  it('Faults pass through; other errors become fault 0 without their message or stack', async () => {
    const d = make();
    expect((await faultOf(d.dispatch('fault', [], ctx()))).faultCode).toBe(7);
    const f = await faultOf(d.dispatch('boom', [], ctx()));
    expect(f.faultString).toBe('Failed to invoke method boom: internal error');
    expect(f.faultString).not.toContain('secret');
  });
  it('uses the supplied errorToFault, and survives one that throws', async () => {
    const d = new Dispatcher({ multicallMax: 10, errorToFault: (e, m) => new Fault(12, `[InvalidParameter]${m}: ${(e as Error).message}`) });
    d.register({ name: 'x', handler: () => { throw new Error('bad'); } });
    expect((await faultOf(d.dispatch('x', [], ctx()))).faultString).toBe('[InvalidParameter]x: bad');
    const d2 = new Dispatcher({ multicallMax: 10, errorToFault: () => { throw new Error('mapper broke'); } });
    d2.register({ name: 'x', handler: () => { throw new Error('bad'); } });
    expect((await faultOf(d2.dispatch('x', [], ctx()))).faultCode).toBe(0);
  });
  it('refuses duplicate registration', () => {
    expect(() => make().register({ name: 'math.add', handler: () => 1 })).toThrow(/twice/);
  });
  it('introspection', async () => {
    const d = make();
    const list = await d.dispatch('system.listMethods', [], ctx()) as string[];
    expect(list).toEqual(expect.arrayContaining(['math.add', 'system.multicall', 'system.listMethods', 'system.methodHelp', 'system.methodSignature', 'system.getCapabilities']));
    expect(d.has('math.add')).toBe(true);
    expect(await d.dispatch('system.methodHelp', ['math.add'], ctx())).toBe('Adds.');
    expect(await d.dispatch('system.methodHelp', ['boom'], ctx())).toBe('');
    expect(await d.dispatch('system.methodSignature', ['math.add'], ctx())).toEqual([['int', 'int', 'int']]);
    expect(await d.dispatch('system.methodSignature', ['boom'], ctx())).toBe('undef');
    expect((await faultOf(d.dispatch('system.methodHelp', ['nope'], ctx()))).faultString).toBe('No such handler: nope');
    const caps = await d.dispatch('system.getCapabilities', [], ctx()) as Record<string, any>;
    expect(caps.xmlrpc.specUrl).toBe('http://www.xmlrpc.com/spec');
  });
  it('multicall: the RFC example [ok, unknown, nested, missing params, non-struct, ok]', async () => {
    const d = make();
    const calls: XmlRpcValue[] = [
      struct({ methodName: 'math.add', params: [2, 2] }),
      struct({ methodName: 'nope', params: [] }),
      struct({ methodName: 'system.multicall', params: [[]] }),
      struct({ methodName: 'math.add' }),
      'not a struct',
      struct({ methodName: 'math.add', params: [4, 4] }),
    ];
    const r = await d.dispatch('system.multicall', [calls], ctx()) as XmlRpcValue[];
    expect(r[0]).toEqual([4]);
    expect(r[5]).toEqual([8]);
    const faults = r.slice(1, 5).map((f) => ({ ...(f as object) }));
    expect(faults).toEqual([
      { faultCode: 0, faultString: 'No such handler: nope' },
      { faultCode: 0, faultString: 'Recursive system.multicall forbidden' },
      { faultCode: 0, faultString: 'Missing params' },
      { faultCode: 0, faultString: 'system.multicall expected struct' },
    ]);
  });
  it('multicall: entries share request state (failed-auth count) and see inMulticall', async () => {
    const d = make();
    const c = ctx();
    const r = await d.dispatch('system.multicall', [[struct({ methodName: 'auth.fail', params: [] }), struct({ methodName: 'auth.fail', params: [] })]], c) as any[];
    expect(r.map((x) => x.faultString)).toEqual(['[InvalidKey]fail #1 inMulticall=true', '[InvalidKey]fail #2 inMulticall=true']);
    expect(c.state.failedAuth).toBe(2);
  });
  it('multicall: more than multicallMax entries is a fault; non-array param is a fault', async () => {
    const d = make(3);
    const call = struct({ methodName: 'math.add', params: [1, 1] });
    expect(await d.dispatch('system.multicall', [[call, call, call]], ctx())).toHaveLength(3);
    expect((await faultOf(d.dispatch('system.multicall', [[call, call, call, call]], ctx()))).faultString).toMatch(/at most 3/);
    expect((await faultOf(d.dispatch('system.multicall', ['x'], ctx()))).faultCode).toBe(0);
  });
});
