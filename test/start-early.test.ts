// allInOrder (src/start-early.ts): steps started together on one transaction report what the
// same steps run one after another would have, and none is still running when it returns.
import { describe, expect, it } from 'vitest';
import { allInOrder } from '../src/start-early.js';

const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));
const failLater = (ms: number, message: string) => new Promise<never>((_, reject) => setTimeout(() => reject(new Error(message)), ms));

describe('allInOrder', () => {
  it('gives every value, in the order given', async () => {
    await expect(allInOrder(later(5, 'a'), Promise.resolve(2), later(1, true))).resolves.toEqual(['a', 2, true]);
  });

  it('throws the first failure in the order given, not the first to happen', async () => {
    await expect(allInOrder(later(1, 'ok'), failLater(10, 'draft'), failLater(1, 'pricing'))).rejects.toThrow('draft');
  });

  it('throws only once every step has finished', async () => {
    let finished = false;
    const slow = later(20, 'slow').then((v) => { finished = true; return v; });
    await expect(allInOrder(Promise.reject(new Error('first')), slow)).rejects.toThrow('first');
    expect(finished).toBe(true);
  });
});
