// The promo limits on the Redis store: optimistic transactions re-run on conflict and on
// LimitExceeded, so this is where check-then-increment bugs would show. 500 concurrent orders on a
// 50-use code and a per-contact limit under contention, against a real redis-server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { SCHEMA } from '../../src/store/schema.js';
import type { Store } from '../../src/store/port.js';
import { PromotionAdmin, PromotionsStep, promoCounters, PROMO_REDEMPTION } from '../../src/services/promotions.js';
import type { PricingRequest } from '../../src/services/order-pricing.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { product } from './fixtures.js';

const NOW = new Date('2026-11-23T18:00:00Z');
let redis: RedisServer;
const stores: Store[] = [];
beforeAll(async () => { redis = await startRedis(); });
afterAll(async () => {
  for (const s of stores) await s.close();
  await redis?.remove();
});

let n = 0;
async function setup() {
  const store = await openStore(`${redis.url}?prefix=promo${++n}`, SCHEMA);
  stores.push(store);
  return { store, admin: new PromotionAdmin(store, { now: () => NOW }), step: new PromotionsStep({}) };
}

let order = 1;
const req = (contactId: number): PricingRequest => ({
  contactId, currency: 'USD', lines: [product(1, '40.00')], processSpecials: true, promoCodes: ['half'], now: NOW, orderId: order, invoiceId: order++,
});

describe('PromotionsStep on redis', () => {
  it('500 concurrent orders on a 50-use code: exactly 50 APPLIED', async () => {
    const { store, admin, step } = await setup();
    const id = await admin.create({ name: 'Half', discount: { kind: 'ORDER_TOTAL', mode: 'PERCENT', value: '50' }, codes: ['HALF'], limits: { totalUses: 50 } });
    const results = await Promise.all(Array.from({ length: 500 }, (_, i) => store.transact((tx) => step.apply(tx, req(i + 1)))));
    expect(results.filter((r) => r.outcomes[0].outcome === 'APPLIED')).toHaveLength(50);
    expect(results.filter((r) => r.outcomes[0].outcome === 'LIMIT_REACHED')).toHaveLength(450);
    expect(await store.counter(promoCounters.promotion(id))).toBe(50);
    expect(await store.count(PROMO_REDEMPTION)).toBe(500);
  });

  it('per-contact limit of 2 under contention', async () => {
    const { store, admin, step } = await setup();
    await admin.create({ name: 'Half', discount: { kind: 'ORDER_TOTAL', mode: 'PERCENT', value: '50' }, codes: ['HALF'], limits: { perContact: 2 } });
    const results = await Promise.all(Array.from({ length: 60 }, () => store.transact((tx) => step.apply(tx, req(9)))));
    expect(results.filter((r) => r.outcomes[0].outcome === 'APPLIED')).toHaveLength(2);
    expect(results.filter((r) => r.outcomes[0].outcome === 'CONTACT_LIMIT_REACHED')).toHaveLength(58);
  });
});
