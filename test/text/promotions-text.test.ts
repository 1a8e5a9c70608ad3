// The promotions file and the CLI (both through parsePromotion) are paths that store text shown in
// Keap replies: a character XML 1.0 cannot carry is refused there too, naming the field.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { SCHEMA } from '../../src/store/schema.js';
import { PromotionAdmin, loadPromotionsFile } from '../../src/services/promotions.js';
import { parsePromotion } from '../../src/promo/validate.js';

const promo = (over: Record<string, unknown>) => ({ name: 'Ten off', discount: { kind: 'ORDER_TOTAL', mode: 'AMOUNT', value: 10 }, ...over });

describe('promotion text', () => {
  it.each([
    ['name', { name: 'Ten\x01off' }, /name: contains U\+0001 at position 4/],
    ['description', { description: 'bad \uFFFF' }, /description: contains U\+FFFF at position 5/],
    ['a criterion field', { criteria: [{ type: 'DATE_RANGE', timeZone: 'UTC\x00' }] }, /criteria\[0\]\.timeZone: contains U\+0000/],
  ])('refuses a non-XML character in %s', (_t, over, message) => {
    expect(() => parsePromotion(promo(over))).toThrow(message);
  });

  it('a promotions file with one writes nothing', async () => {
    const store = await openStore('memory', SCHEMA);
    const admin = new PromotionAdmin(store, { now: () => new Date('2026-11-24T10:00:00Z') });
    const path = join(mkdtempSync(join(tmpdir(), 'promo-text-')), 'promotions.json');
    writeFileSync(path, JSON.stringify({ promotions: [promo({ name: 'Good' }), promo({ name: 'Bad\u0007' })] }));
    await expect(loadPromotionsFile(path, admin)).rejects.toThrow(/promotions\[1\].*name: contains U\+0007/);
    expect(await admin.list()).toEqual([]);
    await store.close();
  });
});
