// The store-backed step: atomic limits under concurrency, release, preview, admin, promotions file.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/open.js';
import { SCHEMA } from '../../src/store/schema.js';
import type { Store } from '../../src/store/port.js';
import { PromotionAdmin, PromotionsStep, loadPromotionsFile, promoCounters, PROMO_REDEMPTION, type PromoRedemptionRow } from '../../src/services/promotions.js';
import type { PricingRequest } from '../../src/services/order-pricing.js';
import { product } from './fixtures.js';

const NOW = new Date('2026-11-23T18:00:00Z');
const stores: Store[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function setup(url = 'memory') {
  const store = await openStore(url, SCHEMA);
  stores.push(store);
  return { store, admin: new PromotionAdmin(store, { now: () => NOW }), step: new PromotionsStep({}) };
}

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'promo-'));
  dirs.push(d);
  return d;
}

let order = 1000;
function req(over: Partial<PricingRequest> = {}): PricingRequest {
  const id = order++;
  return { contactId: 1, currency: 'USD', lines: [product(1, '100.00')], processSpecials: true, promoCodes: [], now: NOW, orderId: id, invoiceId: id, ...over };
}

const tenOff = (extra: object = {}) => ({ name: 'Ten off', discount: { kind: 'ORDER_TOTAL', mode: 'AMOUNT', value: '10' }, codes: ['TEN'], ...extra });

describe.each([['memory'], ['sqlite']])('PromotionsStep on %s', (kind) => {
  const open = () => setup(kind === 'memory' ? 'memory' : `sqlite:${join(tempDir(), 'gw.db')}`);

  it('500 concurrent orders on a 50-use code: exactly 50 APPLIED', async () => {
    const { store, admin, step } = await open();
    const id = await admin.create(tenOff({ limits: { totalUses: 50 } }));
    const results = await Promise.all(Array.from({ length: 500 }, (_, i) =>
      store.transact((tx) => step.apply(tx, req({ contactId: i + 1, promoCodes: ['ten'] })))));
    const outcomes = results.map((r) => r.outcomes[0].outcome);
    expect(outcomes.filter((o) => o === 'APPLIED')).toHaveLength(50);
    expect(outcomes.filter((o) => o === 'LIMIT_REACHED')).toHaveLength(450);
    expect(results.filter((r) => r.specials.length === 1)).toHaveLength(50);
    expect(await store.counter(promoCounters.promotion(id))).toBe(50);
    expect(await store.count(PROMO_REDEMPTION)).toBe(500);
  });

  it('per-contact limit holds under concurrency', async () => {
    const { store, admin, step } = await open();
    await admin.create(tenOff({ limits: { perContact: 1 } }));
    const results = await Promise.all(Array.from({ length: 100 }, () =>
      store.transact((tx) => step.apply(tx, req({ contactId: 42, promoCodes: ['TEN'] })))));
    const outcomes = results.map((r) => r.outcomes[0].outcome);
    expect(outcomes.filter((o) => o === 'APPLIED')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'CONTACT_LIMIT_REACHED')).toHaveLength(99);
  });
});

describe('release', () => {
  it('a failed initial charge gives the use back so the contact can retry with the same code', async () => {
    const { store, admin, step } = await setup();
    const id = await admin.create(tenOff({ limits: { perContact: 1, totalUses: 1 } }));
    const first = req({ promoCodes: ['TEN'] });
    expect((await store.transact((tx) => step.apply(tx, first))).outcomes[0].outcome).toBe('APPLIED');
    expect((await store.transact((tx) => step.apply(tx, req({ promoCodes: ['TEN'] })))).outcomes[0].outcome).toBe('LIMIT_REACHED');
    await store.transact((tx) => step.release(tx, first.orderId)); // the charge was declined
    await store.transact((tx) => step.release(tx, first.orderId)); // a second release changes nothing
    expect(await store.counter(promoCounters.promotion(id))).toBe(0);
    const rows = await store.findBy<PromoRedemptionRow>(PROMO_REDEMPTION, 'OrderId', first.orderId);
    expect(rows.map((r) => [r.Outcome, r.Released])).toEqual([['APPLIED', 1]]);
    expect((await store.transact((tx) => step.apply(tx, req({ promoCodes: ['TEN'] })))).outcomes[0].outcome).toBe('APPLIED');
    expect(await store.counter(promoCounters.promotion(id))).toBe(1);
  });

  it('releases automatic specials and per-code counters too', async () => {
    const { store, admin, step } = await setup();
    const auto = await admin.create({ name: 'Auto', discount: { kind: 'ORDER_TOTAL', mode: 'PERCENT', value: '5' }, limits: { totalUses: 3 } });
    const coded = await admin.create(tenOff({ limits: { perCode: 2 } }));
    const r = req({ promoCodes: ['TEN'] });
    const result = await store.transact((tx) => step.apply(tx, r));
    expect(result.specials.map((s) => [s.promotionId, s.amount])).toEqual([[auto, '5.00'], [coded, '10.00']]);
    expect(result.appliedCodes).toEqual(['TEN']);
    await store.transact((tx) => step.release(tx, r.orderId));
    expect(await store.counter(promoCounters.promotion(auto))).toBe(0);
    const { codes } = await admin.show(coded);
    expect(codes[0].uses).toBe(0);
  });
});

describe('preview and recording', () => {
  it('preview prices without consuming a use or writing anything', async () => {
    const { store, admin, step } = await setup();
    const id = await admin.create(tenOff({ limits: { totalUses: 1 } }));
    const r = await step.preview(store, req({ promoCodes: ['TEN', 'nope'] }));
    expect(r.outcomes.map((o) => o.outcome)).toEqual(['APPLIED', 'UNKNOWN']);
    expect(await store.counter(promoCounters.promotion(id))).toBe(0);
    expect(await store.count(PROMO_REDEMPTION)).toBe(0);
  });

  it('processSpecials=false records every code as IGNORED and applies nothing', async () => {
    const { store, admin, step } = await setup();
    await admin.create(tenOff());
    const r = req({ processSpecials: false, promoCodes: ['TEN'] });
    const result = await store.transact((tx) => step.apply(tx, r));
    expect(result).toEqual({ specials: [], outcomes: [{ code: 'TEN', outcome: 'IGNORED' }], appliedCodes: [] });
    const rows = await store.findBy<PromoRedemptionRow>(PROMO_REDEMPTION, 'OrderId', r.orderId);
    expect(rows).toMatchObject([{ Code: 'TEN', Outcome: 'IGNORED', Amount: '0.00', ContactId: 1, InvoiceId: r.invoiceId }]);
  });
});

describe('PromotionAdmin', () => {
  it('refuses a code held by another active promotion, ignoring case; disabling frees it', async () => {
    const { admin, store, step } = await setup();
    const a = await admin.create(tenOff());
    await expect(admin.create(tenOff({ name: 'Other', codes: ['ten'] }))).rejects.toThrow('code "ten" is already used by an active promotion');
    await expect(admin.addCode(a, 'Ten')).rejects.toMatchObject({ kind: 'conflict' });
    await admin.disable(a);
    const r = await store.transact((tx) => step.apply(tx, req({ promoCodes: ['TEN'] })));
    expect(r.outcomes[0].outcome).toBe('INACTIVE');
    const b = await admin.create(tenOff({ name: 'Reuse', codes: ['tEn'] }));
    const again = await store.transact((tx) => step.apply(tx, req({ promoCodes: ['TEN'] })));
    expect(again.outcomes[0]).toMatchObject({ outcome: 'APPLIED', promotionId: b });
  });

  it('addCode turns an automatic special into a code-only promotion', async () => {
    const { admin, store, step } = await setup();
    const id = await admin.create({ name: 'Auto', discount: { kind: 'ORDER_TOTAL', mode: 'AMOUNT', value: '1' } });
    expect((await step.preview(store, req())).specials).toHaveLength(1);
    await admin.addCode(id, 'NOWCODED');
    expect((await step.preview(store, req())).specials).toHaveLength(0);
    expect((await step.preview(store, req({ promoCodes: ['nowcoded'] }))).specials).toHaveLength(1);
    await expect(admin.addCode(id, 'bad code')).rejects.toThrow('may hold only letters');
    await expect(admin.addCode(999, 'X1')).rejects.toMatchObject({ kind: 'not_found' });
  });
});

describe('loadPromotionsFile', () => {
  it('creates promotions once and skips them on the next start', async () => {
    const { admin } = await setup();
    const path = join(tempDir(), 'promotions.json');
    writeFileSync(path, JSON.stringify({ promotions: [tenOff(), { name: 'Ship', discount: { kind: 'SHIPPING', mode: 'PERCENT', value: 100 }, codes: ['FREESHIP'] }] }));
    expect((await loadPromotionsFile(path, admin)).created).toHaveLength(2);
    expect(await loadPromotionsFile(path, admin)).toEqual({ created: [], skipped: ['Ten off', 'Ship'] });
  });

  it('names every problem and writes nothing when the file is bad', async () => {
    const { admin } = await setup();
    const path = join(tempDir(), 'bad.json');
    writeFileSync(path, JSON.stringify({ promotions: [tenOff(), { name: 'Bad', discount: { kind: 'NOPE' } }] }));
    await expect(loadPromotionsFile(path, admin)).rejects.toThrow(/promotions\[1\]: invalid promotion "Bad": discount.kind: must be one of/);
    expect(await admin.list()).toEqual([]);
    writeFileSync(path, '{ not json');
    await expect(loadPromotionsFile(path, admin)).rejects.toThrow(/cannot read it as JSON/);
  });
});

describe('config/promotions.example.json', () => {
  it('is a valid promotions file', async () => {
    const { admin } = await setup();
    const report = await loadPromotionsFile(join(__dirname, '../../config/promotions.example.json'), admin);
    expect(report.created).toHaveLength(5);
  });
});
