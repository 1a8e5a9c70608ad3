// Billing bench: 100,000 subscriptions due today plus as many not due, on SQLite, billed by one
// engine run through the whole service graph (period order + invoice, card charge with its
// pending guard, outcome, receipt). Prints periods/s, and the cost of a run when nothing is due
// (which must not grow with the subscriptions that are not due: the engine reads the ordered
// dueOn index only up to today).
//   npm run bench -- --only billing        BILLING_SUBSCRIPTIONS=<n> to change the size
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/config/config.js';
import { buildApp } from '../src/app.js';
import { openStore } from '../src/store/open.js';
import { SCHEMA } from '../src/store/schema.js';
import { prepareCreditCard } from '../src/services/payments/cards.js';
import { newRecurringOrder } from '../src/billing/terms.js';
import { addDays } from '../src/billing/dates.js';
import { RECURRING_ORDER } from '../src/billing/records.js';

const BATCH = 500;

export async function runBillingBench(): Promise<void> {
  const due = Number(process.env.BILLING_SUBSCRIPTIONS ?? 100_000);
  const dir = mkdtempSync(join(tmpdir(), 'gw-billing-'));
  const url = `sqlite:${join(dir, 'bench.db')}`;
  const log = pino({ level: 'silent' });
  const store = await openStore(url, SCHEMA, { log });
  try {
    const config = { ...loadConfig({ GATEWAY_API_KEYS: 'bench-key-123456', GATEWAY_STORE: url }), billing: { intervalMs: 0 } };
    const gw = buildApp({ config, log, store });
    const { billing, clients } = gw.deps;
    const tz = config.keap.timeZone;
    const today = billing.engine.today();
    const { contactId, cardId, plan } = await store.transact(async (tx) => {
      const c = (await clients.create(tx, { firstName: 'Bench', lastName: 'Customer', email: '' })).id;
      const card = await tx.nextId('CreditCard');
      tx.put('CreditCard', { ...prepareCreditCard({ ContactId: c, CardNumber: '4111111111111111', CVV2: '123', ExpirationMonth: '12', ExpirationYear: '2035' }), id: card });
      const p = await tx.nextId('SubscriptionPlan');
      tx.put('SubscriptionPlan', { id: p, PlanPrice: '9.99', Cycle: '2', Frequency: 1, Active: true });
      return { contactId: c, cardId: card, plan: p };
    });
    const seed = async (count: number, firstBillDay: string) => {
      for (let i = 0; i < count; i += BATCH) {
        await store.transact(async (tx) => {
          for (let k = 0; k < Math.min(BATCH, count - i); k++) {
            tx.put(RECURRING_ORDER, newRecurringOrder(await tx.nextId(RECURRING_ORDER), {
              contactId, originatingOrderId: 0, planId: plan, productId: 0, cycle: '2', frequency: 1, price: '9.99', qty: 1,
              itemName: 'Bench box', taxable: false, startDay: today, firstBillDay, cycles: 0, creditCardId: cardId,
              merchantAccountId: 0, affiliateId: 0, leadAffiliateId: 0, promoCode: '', numDaysBetweenRetry: 3, maxRetry: 3,
            }, tz));
          }
        });
      }
    };
    const t0 = Date.now();
    await seed(due, today);
    await seed(due, addDays(today, 15));
    console.log(`\nbilling: seeded ${due} subscriptions due ${today} and ${due} due ${addDays(today, 15)} in ${((Date.now() - t0) / 1000).toFixed(1)} s (SQLite)`);
    const report = await billing.engine.run(today);
    const billed = report.periods.paid;
    console.log(`billing: one run billed ${billed} periods in ${report.seconds.toFixed(1)} s = ${(billed / report.seconds).toFixed(0)} periods/s (${report.periods.failed} failed)`);
    const idle = await billing.engine.run(today);
    console.log(`billing: a second run with nothing due (${2 * due} subscriptions stored, ${due} not due) took ${(idle.seconds * 1000).toFixed(1)} ms`);
    if (billed !== due) throw new Error(`billing bench: expected ${due} periods billed, got ${billed}`);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
