// Record ids on Redis come in per-instance blocks (src/store/redis/sequence-values.ts). These tests
// drive SequenceValues with a scripted INCR/INCRBY: what it asks Redis for and when, what callers
// get, and what a failed reservation does. The real-server behaviour (unique across stores and
// restarts) is in redis.test.ts.
import { describe, expect, it } from 'vitest';
import { StoreUnavailable } from '../../src/store/port.js';
import { RedisKeys } from '../../src/store/redis/keys.js';
import { ID_BLOCK, SequenceValues } from '../../src/store/redis/sequence-values.js';

/** A counter like Redis' INCR/INCRBY; each INCRBY waits until `release` lets it answer (or fail). */
function scriptedRedis() {
  let value = 0;
  const incrbys: Array<{ by: number; answer: () => void; fail: (e: Error) => void }> = [];
  let incrs = 0;
  return {
    incrbys, get incrs() { return incrs; },
    redis: {
      incr: async () => { incrs++; return ++value; },
      incrby: (_key: string, by: number) => new Promise<number>((resolve, reject) => {
        incrbys.push({ by, answer: () => resolve((value += by)), fail: reject });
      }),
    },
  };
}

const keys = new RedisKeys('t');
const settle = () => new Promise((r) => setImmediate(r));

describe('SequenceValues', () => {
  it('reserves the next block once half of the current one is handed out, and moves to it without waiting', async () => {
    const r = scriptedRedis();
    const ids = new SequenceValues(r.redis, keys, []);
    const first = ids.next('Job');
    await settle();
    expect(r.incrbys).toHaveLength(1);
    r.incrbys[0].answer();
    expect(await first).toBe(1);
    const taken = [1];
    while (taken.length < ID_BLOCK / 2 - 1) taken.push(await ids.next('Job'));
    expect(r.incrbys).toHaveLength(1);
    taken.push(await ids.next('Job'));
    // Half of the block is out: the spare is on its way while values keep coming from memory.
    expect(r.incrbys).toHaveLength(2);
    while (taken.length < ID_BLOCK) taken.push(await ids.next('Job'));
    r.incrbys[1].answer();
    await settle();
    // The first value of the spare block needs no round trip.
    taken.push(await ids.next('Job'));
    expect(taken).toEqual(Array.from({ length: ID_BLOCK + 1 }, (_, i) => i + 1));
    expect(r.incrbys).toHaveLength(2);
  });

  it('callers of a used-up block share the one reservation in flight, and values stay unique and increasing', async () => {
    const r = scriptedRedis();
    const ids = new SequenceValues(r.redis, keys, []);
    const pending = Array.from({ length: 3 * ID_BLOCK }, () => ids.next('OrderItem'));
    // Answer each INCRBY as it comes: never more than one in flight.
    for (let answered = 0; answered < 4; answered++) {
      await settle();
      expect(r.incrbys.length).toBe(answered + 1);
      r.incrbys[answered].answer();
    }
    const values = await Promise.all(pending);
    expect(values).toEqual(Array.from({ length: 3 * ID_BLOCK }, (_, i) => i + 1));
    // Three blocks handed out, the fourth reserved once half of the third was.
    expect(r.incrbys.map((c) => c.by)).toEqual([ID_BLOCK, ID_BLOCK, ID_BLOCK, ID_BLOCK]);
  });

  it('a failed reservation ahead fails nobody; the caller that needs the next block asks again and gets the error if that fails too', async () => {
    const r = scriptedRedis();
    const ids = new SequenceValues(r.redis, keys, []);
    const first = ids.next('Invoice');
    await settle();
    r.incrbys[0].answer();
    await first;
    for (let i = 1; i < ID_BLOCK; i++) await ids.next('Invoice');
    expect(r.incrbys).toHaveLength(2);
    r.incrbys[1].fail(new Error('Connection is closed.'));
    await settle();
    const next = ids.next('Invoice');
    await settle();
    expect(r.incrbys).toHaveLength(3);
    r.incrbys[2].fail(new Error('Connection is closed.'));
    await expect(next).rejects.toBeInstanceOf(StoreUnavailable);
    // Redis is back: the next caller reserves again.
    const again = ids.next('Invoice');
    await settle();
    r.incrbys[3].answer();
    // Blocks 2 and 3 were never reserved (their INCRBYs failed before counting), so block 2 it is.
    expect(await again).toBe(ID_BLOCK + 1);
  });

  it('an ordered sequence takes one INCR per value and reserves nothing', async () => {
    const r = scriptedRedis();
    const ids = new SequenceValues(r.redis, keys, ['InvoiceNumber']);
    expect(await Promise.all([1, 2, 3].map(() => ids.next('InvoiceNumber')))).toEqual([1, 2, 3]);
    expect(r.incrs).toBe(3);
    expect(r.incrbys).toHaveLength(0);
  });
});
