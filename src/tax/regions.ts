// Tax rates by region as data: a rate (percent) for a country, optionally narrowed to a state and
// a postal-code prefix. An order is taxed at the ONE most specific rate matching the contact's
// address (docs/shipping-and-tax.md): longest matching zip prefix, then a state match, then a
// country match, then "any country"; ties go to the lowest id. Rates do not add up: write the
// combined rate of a region as one entry.
import { DomainError } from '../errors.js';
import { Reader } from '../promo/validate.js';

export interface TaxRateDraft {
  name: string;
  /** '' = any country. Compared case-insensitively, with common spellings of a few countries folded. */
  country: string;
  state: string;
  zipPrefix: string;
  /** Percent as decimal text, e.g. "7.25". */
  rate: string;
  /** Whether the shipping line is taxed in this region. */
  taxShipping: boolean;
}

export type TaxRate = TaxRateDraft & { id: number };

export interface TaxAddress { country: string; state: string; postalCode: string }

export class TaxRateInvalid extends DomainError {
  constructor(readonly problems: string[], what: string) {
    super('invalid', `invalid ${what}: ${problems.join('; ')}`, problems[0]?.split(':')[0]);
    this.name = 'TaxRateInvalid';
  }
}

/** Contacts carry countries as people type them; these spellings name the same country. */
const COUNTRY_ALIASES: Record<string, string> = {
  us: 'us', usa: 'us', 'united states': 'us', 'united states of america': 'us',
  ca: 'ca', can: 'ca', canada: 'ca',
  gb: 'gb', uk: 'gb', 'united kingdom': 'gb', 'great britain': 'gb',
  au: 'au', aus: 'au', australia: 'au',
};

export const foldCountry = (c: string): string => {
  const k = c.trim().toLowerCase().replace(/\s+/g, ' ').replace(/\./g, '');
  return Object.hasOwn(COUNTRY_ALIASES, k) ? COUNTRY_ALIASES[k] : k;
};
const foldState = (s: string) => s.trim().toLowerCase();
const foldZip = (z: string) => z.replace(/[\s-]/g, '').toUpperCase();

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const MAX_FIELD = 64;

/** Validate an operator's definition: {name, country?, state?, zipPrefix?, rate, taxShipping?}. */
export function parseTaxRate(input: unknown): TaxRateDraft {
  if (!isObj(input)) throw new TaxRateInvalid(['tax rate: must be an object'], 'tax rate');
  const r = new Reader();
  const text = (key: string) => {
    const v = r.str(input, key, key, { optional: key !== 'name' }) ?? '';
    if (v.length > MAX_FIELD) r.fail(key, `is longer than ${MAX_FIELD} characters`);
    return v;
  };
  const name = text('name');
  const country = text('country');
  const state = text('state');
  const zipPrefix = foldZip(text('zipPrefix'));
  if (zipPrefix && !/^[0-9A-Z]+$/.test(zipPrefix)) r.fail('zipPrefix', `must be letters and digits, got "${zipPrefix}"`);
  if ((state || zipPrefix) && !country) r.fail('country', 'is required when a state or zip prefix is given');
  const rate = r.decimal(input, 'rate', 'rate', { max: '100' }) ?? '0';
  if (!/^\d+(\.\d{1,4})?$/.test(rate)) r.fail('rate', `has more than 4 decimals: ${rate}`);
  const taxShipping = r.bool(input, 'taxShipping', 'taxShipping', false);
  if (r.problems.length) throw new TaxRateInvalid(r.problems, name ? `tax rate "${name}"` : 'tax rate');
  return { name, country, state, zipPrefix, rate, taxShipping };
}

/** How specific a matching rate is; undefined when it does not match the address. */
function specificity(rate: TaxRate, at: TaxAddress): number | undefined {
  if (rate.country && foldCountry(rate.country) !== foldCountry(at.country)) return undefined;
  if (rate.state && foldState(rate.state) !== foldState(at.state)) return undefined;
  if (rate.zipPrefix && !foldZip(at.postalCode).startsWith(rate.zipPrefix)) return undefined;
  return rate.zipPrefix.length * 4 + (rate.state ? 2 : 0) + (rate.country ? 1 : 0);
}

/** The one rate that applies at an address, or undefined (no tax). */
export function rateFor(rates: readonly TaxRate[], at: TaxAddress): TaxRate | undefined {
  let best: { rate: TaxRate; score: number } | undefined;
  for (const rate of [...rates].sort((a, b) => a.id - b.id)) {
    const score = specificity(rate, at);
    if (score !== undefined && (best === undefined || score > best.score)) best = { rate, score };
  }
  return best?.rate;
}
