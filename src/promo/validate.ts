// Turns an operator's promotion definition (CLI flags, JSON file, DiscountService call) into the
// model, or explains every problem at once with the field path: "discount.value: must be > 0".
import { dec } from '../money/money.js';
import { DomainError } from '../errors.js';
import { nonXmlCharProblem } from '../text/xml-chars.js';
import { codeProblem, displayCode, foldCode } from './codes.js';
import type { Criterion, Discount, DiscountKind, Promotion, PromotionLimits } from './model.js';
import { isTimeZone, isWallClockText, endBound, startBound } from './wall-clock.js';

/** A promotion as written by an operator, before it has an id, with its codes. */
export type PromotionDraft = Omit<Promotion, 'id'> & { codes: string[] };

export class PromotionInvalid extends DomainError {
  constructor(readonly problems: string[], what = 'promotion') {
    super('invalid', `invalid ${what}: ${problems.join('; ')}`, problems[0]?.split(':')[0]);
    this.name = 'PromotionInvalid';
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export class Reader {
  readonly problems: string[] = [];
  fail(path: string, why: string): undefined { this.problems.push(`${path}: ${why}`); return undefined; }

  str(o: Obj, key: string, path: string, opts: { optional?: boolean; values?: readonly string[] } = {}): string | undefined {
    const v = o[key];
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return opts.optional ? undefined : this.fail(path, 'is required');
    if (typeof v !== 'string') return this.fail(path, `must be a string, got ${JSON.stringify(v)}`);
    if (!this.xmlSafe(v, path)) return undefined;
    const upper = opts.values ? v.trim().toUpperCase() : v.trim();
    if (opts.values && !opts.values.includes(upper)) return this.fail(path, `must be one of ${opts.values.join(', ')}, got "${v}"`);
    return upper;
  }

  /** Both fronts show this text in XML replies: a character XML 1.0 cannot carry is refused here. */
  xmlSafe(v: string, path: string): boolean {
    const problem = nonXmlCharProblem(v);
    if (problem) this.fail(path, problem);
    return problem === undefined;
  }

  /** Decimal as text; JSON numbers accepted (their shortest text is what the author wrote). */
  decimal(o: Obj, key: string, path: string, opts: { optional?: boolean; positive?: boolean; max?: string } = {}): string | undefined {
    const v = o[key];
    if (v === undefined || v === null || v === '') return opts.optional ? undefined : this.fail(path, 'is required');
    if (typeof v !== 'string' && typeof v !== 'number') return this.fail(path, `must be a decimal number, got ${JSON.stringify(v)}`);
    let d;
    try { d = dec(v, path); } catch { return this.fail(path, `must be a decimal number, got ${JSON.stringify(v)}`); }
    if (d.lt(0) || (opts.positive && d.eq(0))) return this.fail(path, `must be ${opts.positive ? '> 0' : '>= 0'}, got ${d.toString()}`);
    if (opts.max !== undefined && d.gt(opts.max)) return this.fail(path, `must be at most ${opts.max}, got ${d.toString()}`);
    return d.toString();
  }

  int(o: Obj, key: string, path: string, opts: { optional?: boolean; min?: number } = {}): number | undefined {
    const v = o[key];
    if (v === undefined || v === null || v === '') return opts.optional ? undefined : this.fail(path, 'is required');
    const n = typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isSafeInteger(n)) return this.fail(path, `must be a whole number, got ${JSON.stringify(v)}`);
    if (n < (opts.min ?? 1)) return this.fail(path, `must be at least ${opts.min ?? 1}, got ${n}`);
    return n;
  }

  ints(o: Obj, key: string, path: string, allowEmpty = false): number[] {
    const v = o[key];
    if (allowEmpty && (v === undefined || (Array.isArray(v) && v.length === 0))) return [];
    if (!Array.isArray(v) || v.length === 0) { this.fail(path, 'must be a non-empty list of ids'); return []; }
    return v.map((_, i) => this.int(v as unknown as Obj, String(i), `${path}[${i}]`) ?? 0);
  }

  bool(o: Obj, key: string, path: string, dflt: boolean): boolean {
    const v = o[key];
    if (v === undefined || v === null) return dflt;
    if (typeof v === 'boolean') return v;
    if (v === 0 || v === 1) return v === 1;
    this.fail(path, `must be true or false, got ${JSON.stringify(v)}`);
    return dflt;
  }
}

const MODES = ['PERCENT', 'AMOUNT'] as const;
const KINDS: readonly DiscountKind[] = ['ORDER_TOTAL', 'PRODUCT', 'CATEGORY', 'SHIPPING', 'FREE_TRIAL'];

/** The value of a percent is at most 100; an amount has no upper bound. */
function value(r: Reader, d: Obj, mode: string | undefined): string {
  return r.decimal(d, 'value', 'discount.value', { positive: true, ...(mode === 'PERCENT' ? { max: '100' } : {}) }) ?? '0';
}

const DISCOUNT_READERS: Record<DiscountKind, (r: Reader, d: Obj) => Discount> = {
  ORDER_TOTAL: (r, d) => {
    const mode = r.str(d, 'mode', 'discount.mode', { values: MODES }) as 'PERCENT' | 'AMOUNT';
    const strategy = (r.str(d, 'strategy', 'discount.strategy', { optional: true, values: ['GROSS', 'NET'] }) ?? 'GROSS') as 'GROSS' | 'NET';
    return { kind: 'ORDER_TOTAL', mode, value: value(r, d, mode), strategy };
  },
  PRODUCT: (r, d) => {
    const mode = r.str(d, 'mode', 'discount.mode', { values: MODES }) as 'PERCENT' | 'AMOUNT';
    return { kind: 'PRODUCT', mode, value: value(r, d, mode), productIds: r.ints(d, 'productIds', 'discount.productIds') };
  },
  CATEGORY: (r, d) => {
    r.str(d, 'mode', 'discount.mode', { optional: true, values: ['PERCENT'] });
    return { kind: 'CATEGORY', mode: 'PERCENT', value: value(r, d, 'PERCENT'), // Empty is allowed: DiscountService adds a category discount first and its categories after.
    categoryIds: r.ints(d, 'categoryIds', 'discount.categoryIds', true) };
  },
  SHIPPING: (r, d) => {
    const mode = r.str(d, 'mode', 'discount.mode', { values: MODES }) as 'PERCENT' | 'AMOUNT';
    return { kind: 'SHIPPING', mode, value: value(r, d, mode) };
  },
  FREE_TRIAL: (r, d) => ({
    kind: 'FREE_TRIAL',
    days: r.int(d, 'days', 'discount.days') ?? 0,
    subscriptionPlanId: r.int(d, 'subscriptionPlanId', 'discount.subscriptionPlanId') ?? 0,
    hidePrice: r.bool(d, 'hidePrice', 'discount.hidePrice', false),
  }),
};

const CRITERION_READERS: Record<Criterion['type'], (r: Reader, c: Obj, path: string) => Criterion> = {
  DATE_RANGE: (r, c, path) => {
    const timeZone = r.str(c, 'timeZone', `${path}.timeZone`) ?? 'UTC';
    if (!isTimeZone(timeZone)) r.fail(`${path}.timeZone`, `unknown time zone "${timeZone}"`);
    const start = r.str(c, 'start', `${path}.start`, { optional: true });
    const end = r.str(c, 'end', `${path}.end`, { optional: true });
    for (const [k, v] of [['start', start], ['end', end]] as const) {
      if (v !== undefined && !isWallClockText(v)) r.fail(`${path}.${k}`, `must be YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS], got "${v}"`);
    }
    if (start === undefined && end === undefined) r.fail(path, 'needs a start, an end or both');
    if (start && end && isWallClockText(start) && isWallClockText(end) && startBound(start) > endBound(end)) {
      r.fail(path, `start ${start} is after end ${end}`);
    }
    return { type: 'DATE_RANGE', timeZone, ...(start ? { start } : {}), ...(end ? { end } : {}) };
  },
  PROMO_CODE: () => ({ type: 'PROMO_CODE' }),
  PRODUCT: (r, c, path) => {
    const productId = r.int(c, 'productId', `${path}.productId`) ?? 0;
    const minQuantity = r.decimal(c, 'minQuantity', `${path}.minQuantity`, { optional: true });
    const maxQuantity = r.decimal(c, 'maxQuantity', `${path}.maxQuantity`, { optional: true });
    if (minQuantity && maxQuantity && dec(minQuantity).gt(dec(maxQuantity))) r.fail(path, 'minQuantity is above maxQuantity');
    return { type: 'PRODUCT', productId, ...(minQuantity ? { minQuantity } : {}), ...(maxQuantity ? { maxQuantity } : {}) };
  },
  SUBSCRIPTION_PLAN: (r, c, path) => {
    const planId = r.int(c, 'planId', `${path}.planId`) ?? 0;
    const minQuantity = r.decimal(c, 'minQuantity', `${path}.minQuantity`, { optional: true });
    return { type: 'SUBSCRIPTION_PLAN', planId, ...(minQuantity ? { minQuantity } : {}) };
  },
  ORDER_TOTAL: (r, c, path) => ({
    type: 'ORDER_TOTAL',
    operator: (r.str(c, 'operator', `${path}.operator`, { values: ['GREATER_THAN', 'LESS_THAN'] }) ?? 'GREATER_THAN') as 'GREATER_THAN' | 'LESS_THAN',
    amount: r.decimal(c, 'amount', `${path}.amount`) ?? '0',
  }),
};

function readLimits(r: Reader, v: unknown): PromotionLimits {
  if (v === undefined || v === null) return {};
  if (!isObj(v)) { r.fail('limits', 'must be an object like {"totalUses": 50, "perContact": 1}'); return {}; }
  const out: PromotionLimits = {};
  for (const k of ['totalUses', 'perContact', 'perCode'] as const) {
    const n = r.int(v, k, `limits.${k}`, { optional: true });
    if (n !== undefined) out[k] = n;
  }
  for (const k of Object.keys(v)) if (!['totalUses', 'perContact', 'perCode'].includes(k)) r.fail(`limits.${k}`, 'unknown limit (use totalUses, perContact, perCode)');
  return out;
}

function readCodes(r: Reader, v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) { r.fail('codes', 'must be a list of strings'); return []; }
  const seen = new Map<string, string>();
  const out: string[] = [];
  v.forEach((c, i) => {
    const problem = codeProblem(c);
    if (problem) { r.fail(`codes[${i}]`, problem); return; }
    const folded = foldCode(c as string);
    if (seen.has(folded)) { r.fail(`codes[${i}]`, `"${displayCode(c as string)}" repeats "${seen.get(folded)}" (codes ignore case)`); return; }
    seen.set(folded, displayCode(c as string));
    out.push(displayCode(c as string));
  });
  return out;
}

/** Validate an operator's definition. Throws PromotionInvalid listing every problem. */
export function parsePromotion(input: unknown): PromotionDraft {
  const r = new Reader();
  if (!isObj(input)) throw new PromotionInvalid(['promotion: must be an object']);
  const name = r.str(input, 'name', 'name') ?? '';
  const description = typeof input.description === 'string' && r.xmlSafe(input.description, 'description') ? input.description : '';
  const active = r.bool(input, 'active', 'active', true);
  let discount: Discount = { kind: 'ORDER_TOTAL', mode: 'AMOUNT', value: '0', strategy: 'GROSS' };
  if (!isObj(input.discount)) r.fail('discount', 'is required: an object with a "kind"');
  else {
    const kind = r.str(input.discount, 'kind', 'discount.kind', { values: KINDS }) as DiscountKind | undefined;
    if (kind) discount = DISCOUNT_READERS[kind](r, input.discount);
  }
  const criteria: Criterion[] = [];
  if (input.criteria !== undefined && !Array.isArray(input.criteria)) r.fail('criteria', 'must be a list');
  for (const [i, c] of ((Array.isArray(input.criteria) ? input.criteria : []) as unknown[]).entries()) {
    const path = `criteria[${i}]`;
    if (!isObj(c)) { r.fail(path, 'must be an object with a "type"'); continue; }
    const type = r.str(c, 'type', `${path}.type`, { values: Object.keys(CRITERION_READERS) }) as Criterion['type'] | undefined;
    if (type) criteria.push(CRITERION_READERS[type](r, c, path));
  }
  const codes = readCodes(r, input.codes);
  // Codes make a promotion code-only (Keap's PROMO_CODE criterion); none means an automatic special.
  if (codes.length > 0 && !criteria.some((c) => c.type === 'PROMO_CODE')) criteria.push({ type: 'PROMO_CODE' });
  const limits = readLimits(r, input.limits);
  const applyToCommissions = r.bool(input, 'applyToCommissions', 'applyToCommissions', false);
  if (r.problems.length) throw new PromotionInvalid(r.problems, name ? `promotion "${name}"` : 'promotion');
  return { name, description, active, discount, criteria, limits, applyToCommissions, codes };
}
