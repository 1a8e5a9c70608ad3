// withIdempotency on its own: the concurrent-retry wait, the "still in progress" fault, the lease
// of a claim whose call never finished (its instance died), and values that must replay exactly.
import { UNLIMITED, WorkBudget } from '../../src/xmlrpc/budget.js';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/store/memory.js';
import { SCHEMA } from '../../src/store/schema.js';
import { withIdempotency } from '../../src/keap/idempotency.js';
import { fromTagged, toTagged } from '../../src/keap/idempotency-values.js';
import type { CallContext, MethodSpec } from '../../src/xmlrpc/handler.js';
import { XmlDateTime, XmlDouble, struct, type XmlRpcValue } from '../../src/xmlrpc/types.js';

const ctx = (key: string): CallContext => ({
  requestId: 'r', headers: { 'idempotency-key': key }, query: new URLSearchParams(),
  state: { failedAuth: 0, transportAuth: 'none', budget: new WorkBudget(UNLIMITED) }, log: pino({ level: 'silent' }), inMulticall: false,
});

function slowMethod() {
  let runs = 0;
  const gates: Array<() => void> = [];
  const spec: MethodSpec = {
    name: 'InvoiceService.createBlankOrder',
    handler: async () => {
      const n = ++runs;
      await new Promise<void>((resolve) => gates.push(resolve));
      return n;
    },
  };
  return { spec, runs: () => runs, release: (i: number) => gates[i]() };
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('withIdempotency', () => {
  it('a retry waits for the running call and answers its result', async () => {
    const m = slowMethod();
    const wrapped = withIdempotency(m.spec, { store: new MemoryStore(SCHEMA), ttlSeconds: 60, leaseMs: 10_000, waitMs: 5000 });
    const first = wrapped.handler(['key-1', 1], ctx('k'));
    await tick(30);
    const retry = wrapped.handler(['key-1', 1], ctx('k'));
    await tick(50);
    m.release(0);
    expect(await first).toBe(1);
    expect(await retry).toBe(1);
    expect(m.runs()).toBe(1);
  });

  it('still running after waitMs → fault 3 "still in progress"; afterwards the result replays', async () => {
    const m = slowMethod();
    const wrapped = withIdempotency(m.spec, { store: new MemoryStore(SCHEMA), ttlSeconds: 60, leaseMs: 10_000, waitMs: 100 });
    const first = wrapped.handler(['key-1', 1], ctx('k'));
    await tick(20);
    await expect(wrapped.handler(['key-1', 1], ctx('k'))).rejects.toMatchObject({ faultCode: 3, faultString: expect.stringMatching(/still in progress/) });
    m.release(0);
    expect(await first).toBe(1);
    expect(await wrapped.handler(['key-1', 1], ctx('k'))).toBe(1);
    expect(m.runs()).toBe(1);
  });

  it('a claim whose call never finished (dead instance) is taken over after its lease', async () => {
    const m = slowMethod();
    const wrapped = withIdempotency(m.spec, { store: new MemoryStore(SCHEMA), ttlSeconds: 60, leaseMs: 80, waitMs: 1000 });
    void wrapped.handler(['key-1', 1], ctx('k')); // never released: stands for a crashed instance
    await tick(20);
    const retry = wrapped.handler(['key-1', 1], ctx('k'));
    await tick(150);
    m.release(1);
    expect(await retry).toBe(2);
    expect(m.runs()).toBe(2);
  });

  it('without the header the method runs every time', async () => {
    const spec: MethodSpec = { name: 'OrderService.placeOrder', handler: (() => { let n = 0; return () => ++n; })() };
    const wrapped = withIdempotency(spec, { store: new MemoryStore(SCHEMA), ttlSeconds: 60, leaseMs: 1000, waitMs: 100 });
    const plain = { ...ctx('x'), headers: {} };
    expect([await wrapped.handler(['k'], plain), await wrapped.handler(['k'], plain)]).toEqual([1, 2]);
  });

  it('remembered values replay with their exact wire types', () => {
    const value: XmlRpcValue = [
      struct({ b: 1, a: 'x', d: new XmlDouble('12.30'), t: new XmlDateTime(2026, 11, 23, 10, 5, 0, 0, -300) }),
      true, null, 2n ** 60n, new Uint8Array([1, 2, 3]), '5', 5,
    ];
    const back = fromTagged(JSON.parse(JSON.stringify(toTagged(value))));
    expect(back).toEqual(value);
    expect(Object.keys((back as XmlRpcValue[])[0] as object)).toEqual(['b', 'a', 'd', 't']);
    expect(JSON.stringify(toTagged(struct({ b: 1, a: 2 }), true))).toBe(JSON.stringify(toTagged(struct({ a: 2, b: 1 }), true)));
  });
});
