// Which promotions take part in an order, and what happened to each code given. Amounts are decided
// later (discounts.ts); a candidate whose discount comes to zero is turned into NOT_APPLICABLE there.
import type { Big } from '../money/money.js';
import { foldCode, displayCode } from './codes.js';
import { evaluateCriteria, requiresCode, type CriteriaContext, type Verdict } from './criteria.js';
import type { CartLine, CodeResult, Outcome, Promotion, PromoCodeRecord, UsageCounts } from './model.js';

export interface Candidate {
  promotion: Promotion;
  /** Index into the code results, for coded promotions. */
  codeIndex?: number;
  code?: PromoCodeRecord;
}

export interface Selection {
  candidates: Candidate[];
  codes: CodeResult[];
}

export interface SelectionInput {
  contactId: number;
  lines: readonly CartLine[];
  codes: readonly string[];
  promotions: readonly Promotion[];
  promoCodes: readonly PromoCodeRecord[];
  usage: UsageCounts;
  now: Date;
}

function limitOutcome(p: Promotion, code: PromoCodeRecord | undefined, contactId: number, usage: UsageCounts): Outcome | undefined {
  const { totalUses, perContact, perCode } = p.limits;
  if (totalUses !== undefined && usage.promotion(p.id) >= totalUses) return 'LIMIT_REACHED';
  if (code && perCode !== undefined && usage.code(code.id) >= perCode) return 'LIMIT_REACHED';
  if (perContact !== undefined && usage.contact(p.id, contactId) >= perContact) return 'CONTACT_LIMIT_REACHED';
  return undefined;
}

const VERDICT_OUTCOME: Record<Exclude<Verdict, 'OK'>, Outcome> = {
  NOT_STARTED: 'NOT_STARTED', EXPIRED: 'EXPIRED', NOT_APPLICABLE: 'NOT_APPLICABLE',
};

/** An active record wins over an inactive one with the same folded text (old, disabled codes). */
function findCode(records: readonly PromoCodeRecord[], folded: string): PromoCodeRecord | undefined {
  let found: PromoCodeRecord | undefined;
  for (const r of records) {
    if (r.folded !== folded) continue;
    if (r.active) return r;
    found ??= r;
  }
  return found;
}

/** productSubtotal: the product lines before discounts (criteria compare order totals with it). */
export function selectPromotions(input: SelectionInput, productSubtotal: Big): Selection {
  const byId = new Map(input.promotions.map((p) => [p.id, p]));
  const coded: CriteriaContext = { now: input.now, lines: input.lines, productSubtotal, codeGiven: true };
  const automatic: CriteriaContext = { ...coded, codeGiven: false };
  const codes: CodeResult[] = [];
  const candidates: Candidate[] = [];
  const seenCodes = new Set<string>();
  const claimed = new Set<number>();

  for (const raw of input.codes) {
    const code = displayCode(raw);
    if (code === '') continue;
    const folded = foldCode(code);
    const result: CodeResult = { code, outcome: 'UNKNOWN' };
    codes.push(result);
    if (seenCodes.has(folded)) { result.outcome = 'DUPLICATE'; continue; }
    seenCodes.add(folded);
    const rec = findCode(input.promoCodes, folded);
    const promotion = rec && byId.get(rec.promotionId);
    if (!rec || !promotion) continue;
    result.promotionId = promotion.id;
    result.codeId = rec.id;
    result.matched = rec.code;
    if (!rec.active || !promotion.active) { result.outcome = 'INACTIVE'; continue; }
    // Two different codes of one promotion: it applies once; the second code is a duplicate.
    if (claimed.has(promotion.id)) { result.outcome = 'DUPLICATE'; continue; }
    const verdict = evaluateCriteria(promotion.criteria, coded);
    if (verdict !== 'OK') { result.outcome = VERDICT_OUTCOME[verdict]; continue; }
    const limited = limitOutcome(promotion, rec, input.contactId, input.usage);
    if (limited) { result.outcome = limited; continue; }
    claimed.add(promotion.id);
    result.outcome = 'APPLIED'; // provisional: discounts.ts downgrades a zero discount
    candidates.push({ promotion, code: rec, codeIndex: codes.length - 1 });
  }

  for (const p of input.promotions) {
    if (!p.active || claimed.has(p.id) || requiresCode(p.criteria)) continue;
    if (evaluateCriteria(p.criteria, automatic) !== 'OK') continue;
    if (limitOutcome(p, undefined, input.contactId, input.usage)) continue;
    candidates.push({ promotion: p });
  }
  return { candidates, codes };
}
