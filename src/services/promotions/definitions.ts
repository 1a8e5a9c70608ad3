// The promotion definitions an order can touch, cached by the generations of Promotion and
// PromoCode (src/store/generation-cache.ts): they change rarely, and an order then reads only
// the two generations. Usage counters are not definitions: step.ts reads them fresh every time.
import type { ReadOps } from '../../store/port.js';
import { GenerationCache } from '../../store/generation-cache.js';
import type { Promotion, PromoCodeRecord } from '../../promo/model.js';
import { PROMO_CODE, PROMOTION, toCodeRecord, toPromotion, type PromoCodeRow, type PromotionRow } from './records.js';

/** The codes stored under one folded code, with their promotions. */
interface CodeEntry { codes: readonly PromoCodeRecord[]; promotions: readonly Promotion[] }
type Entry = readonly Promotion[] | CodeEntry;

/**
 * One cache per process: keys are generation tokens that no other data set shares (a collection
 * never written has no token, and then holds nothing in any data set).
 */
const definitions = new GenerationCache<Entry>([PROMOTION, PROMO_CODE]);

async function codeEntry(db: ReadOps, folded: string): Promise<CodeEntry> {
  const rows = await db.findBy<PromoCodeRow>(PROMO_CODE, 'folded', folded);
  const ids = [...new Set(rows.map((c) => c.promotionId))];
  const promotions = await Promise.all(ids.map((id) => db.get<PromotionRow>(PROMOTION, id)));
  return { codes: rows.map(toCodeRecord), promotions: promotions.filter((p) => p !== undefined).map(toPromotion) };
}

/** Active automatic promotions first, then those of the codes (each once), and the codes. */
export async function loadDefinitions(db: ReadOps, foldedCodes: Iterable<string>): Promise<{ promotions: Promotion[]; codes: PromoCodeRecord[] }> {
  const view = await definitions.view(db);
  const [auto, ...entries] = await Promise.all([
    view.get('auto', async () => (await db.findBy<PromotionRow>(PROMOTION, 'autoActive', 1)).map(toPromotion)),
    ...[...foldedCodes].map((f) => view.get(`code:${f}`, () => codeEntry(db, f))),
  ]) as [readonly Promotion[], ...CodeEntry[]];
  const byId = new Map(auto.map((p) => [p.id, p]));
  for (const e of entries) for (const p of e.promotions) if (!byId.has(p.id)) byId.set(p.id, p);
  return { promotions: [...byId.values()], codes: entries.flatMap((e) => e.codes) };
}
