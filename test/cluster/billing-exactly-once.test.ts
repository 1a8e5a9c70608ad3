// Done-when test of the subscriptions issue: four gateway processes on one real redis-server, each
// running its billing scheduler, over 1,000 subscriptions due today → exactly 1,000 period
// invoices and 1,000 card charges, one per period, whichever instance billed it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { SCHEMA } from '../../src/store/schema.js';
import type { Store, StoredRecord } from '../../src/store/port.js';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/log.js';
import { prepareCreditCard } from '../../src/services/payments/cards.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { eventually } from '../support/eventually.js';
import { spawnGateway, type GatewayProcess } from './gateway-process.js';

const INSTANCES = 4;
const SUBSCRIPTIONS = Number(process.env.CLUSTER_SUBSCRIPTIONS ?? 1000);
const CONTACTS = 20;

let redis: RedisServer;
let admin: Store;
let today: () => string;
const gateways: GatewayProcess[] = [];

beforeAll(async () => {
  redis = await startRedis({ appendfsync: 'everysec' });
  const url = `${redis.url}?prefix=billing`;
  admin = await openStore(url, SCHEMA);
  // Seed through the same services the gateway has (no scheduler: interval 0).
  const app = buildApp({ config: { ...loadConfig({ GATEWAY_STORE: 'memory' }), billing: { intervalMs: 0 } }, log: createLogger('silent'), store: admin });
  const { billing, clients } = app.deps;
  today = () => billing.engine.today();
  const seeded = await admin.transact(async (tx) => {
    const product = await tx.nextId('Product');
    tx.put('Product', { id: product, ProductName: 'Monthly box', ProductPrice: '0', Status: 1 });
    const plan = await tx.nextId('SubscriptionPlan');
    tx.put('SubscriptionPlan', { id: plan, ProductId: product, PlanPrice: '9.99', Cycle: '2', Frequency: 1, Active: true });
    const people: Array<{ contactId: number; cardId: number }> = [];
    for (let i = 0; i < CONTACTS; i++) {
      const contactId = (await clients.create(tx, { firstName: `C${i}`, lastName: 'Box', email: '' })).id;
      const cardId = await tx.nextId('CreditCard');
      tx.put('CreditCard', { ...prepareCreditCard({ ContactId: contactId, CardNumber: '4111111111111111', CVV2: '123', ExpirationMonth: '12', ExpirationYear: '2035' }), id: cardId });
      people.push({ contactId, cardId });
    }
    return { plan, people };
  });
  for (let i = 0; i < SUBSCRIPTIONS; i += 50) {
    await Promise.all(Array.from({ length: Math.min(50, SUBSCRIPTIONS - i) }, (_, k) => {
      const p = seeded.people[(i + k) % CONTACTS];
      return admin.transact((tx) => billing.subscriptions.add(tx, {
        contactId: p.contactId, allowDuplicate: true, planId: seeded.plan, merchantAccountId: 0, creditCardId: p.cardId, affiliateId: 0, daysTillCharge: 0,
      }));
    }));
  }
  // One after another (four tsx compilations at once crowd a small machine); each bills every 300 ms.
  for (let i = 0; i < INSTANCES; i++) gateways.push(await spawnGateway({ GATEWAY_STORE: url, GATEWAY_BILLING_INTERVAL_MS: '300' }, 60_000));
}, 300_000);

afterAll(async () => {
  await Promise.all(gateways.map((g) => g.signal('SIGTERM')));
  await admin?.close();
  await redis?.remove();
});

interface Instance extends StoredRecord { invoiceId: number; periodKey: string; Status: number }

describe(`${INSTANCES} gateway processes billing ${SUBSCRIPTIONS} due subscriptions on one Redis`, () => {
  it('bill each period exactly once: one invoice and one charge per subscription', async () => {
    // Every subscription has moved on to next month's period: none is due today any more.
    await eventually(async () => {
      expect(await admin.listUpTo('RecurringOrder', 'dueOn', today(), 10)).toHaveLength(0);
    }, 240_000);
    // A few more scheduler rounds on every instance: nothing more may be billed.
    await new Promise((r) => setTimeout(r, 1500));
    const { records: instances } = await admin.list<Instance>('JobRecurringInstance');
    expect(instances).toHaveLength(SUBSCRIPTIONS);
    expect(new Set(instances.map((i) => i.periodKey)).size).toBe(SUBSCRIPTIONS);
    expect(instances.every((i) => i.Status === 1)).toBe(true);
    expect(await admin.count('Invoice')).toBe(SUBSCRIPTIONS);
    expect(await admin.count('CCharge')).toBe(SUBSCRIPTIONS);
    const { records: invoices } = await admin.list<StoredRecord & { payments: Array<{ amount: string }> }>('Invoice');
    expect(invoices.every((inv) => inv.payments.length === 1 && inv.payments[0].amount === '9.99')).toBe(true);
    // What the instances say they billed adds up to the same, and the work was shared.
    const paidBy = gateways.map((g) => g.logs.filter((l) => l.msg === 'billing run finished')
      .reduce((n, l) => n + Number((l.periods as Record<string, number>).paid), 0));
    expect(paidBy.reduce((a, b) => a + b, 0)).toBe(SUBSCRIPTIONS);
  }, 300_000);
});
