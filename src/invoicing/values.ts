// Parsing of the decimal TEXT stored on invoices, with the precision rules every view shares.
// Why a precision per kind: a fixed amount with more decimals than the currency would be silently
// rounded away (lost money), while a unit price or a quantity may be finer because the line gross
// is rounded once, at line level.
import { Big, compare, dec, minorDigits, MoneyError, signOf } from '../money/money.js';
import { quoted } from '../errors.js';

/** Decimals allowed for a quantity (hours such as 2.25, weights such as 0.125). */
export const QUANTITY_DECIMALS = 4;
/** Integer digits allowed for a quantity: below one billion units (Keap's Qty is a 32-bit int). */
export const QUANTITY_INTEGER_DIGITS = 9;
const MAX_QUANTITY = new Big(10).pow(QUANTITY_INTEGER_DIGITS);
const HUNDRED = new Big(100);
/** Decimals allowed for a percent (tax rates such as 8.875). */
export const PERCENT_DECIMALS = 4;
/** A unit price may carry this many decimals beyond the currency's minor unit (USD: 4). */
export const UNIT_COST_EXTRA_DECIMALS = 2;

function decimals(d: Big): number {
  return Math.max(0, d.c.length - d.e - 1);
}

function parseBounded(text: string | undefined, field: string, label: string, maxDecimals: number): Big {
  const d = dec(text === undefined || text === '' ? '0' : text, field);
  if (signOf(d) < 0) throw new MoneyError(`${label}must not be negative: ${quoted(d.toString())}`, field);
  if (decimals(d) > maxDecimals) {
    throw new MoneyError(`${label}has more than ${maxDecimals} decimals: ${quoted(d.toString())}`, field);
  }
  return d;
}

/** A fixed, non-negative amount of money: at most the currency's decimals. */
export function parseAmount(text: string | undefined, currency: string, field: string, label = ''): Big {
  return parseBounded(text, field, label ? `${label} ${field} ` : `${field} `, minorDigits(currency));
}

export function parseUnitCost(text: string | undefined, currency: string, field: string, label = ''): Big {
  return parseBounded(text, field, label ? `${label} ${field} ` : `${field} `, minorDigits(currency) + UNIT_COST_EXTRA_DECIMALS);
}

export function parseQuantity(text: string | undefined, field: string, label = ''): Big {
  const prefix = label ? `${label} ${field} ` : `${field} `;
  const q = parseBounded(text, field, prefix, QUANTITY_DECIMALS);
  if (compare(q, MAX_QUANTITY) >= 0) throw new MoneyError(`${prefix}must be below ${MAX_QUANTITY.toFixed()}: ${quoted(q.toFixed())}`, field);
  return q;
}

/** A percent in 0..100. */
export function parsePercent(text: string | undefined, field: string, label = ''): Big {
  const prefix = label ? `${label} ${field} ` : `${field} `;
  const p = parseBounded(text, field, prefix, PERCENT_DECIMALS);
  if (compare(p, HUNDRED) > 0) throw new MoneyError(`${prefix}must be at most 100 percent: ${quoted(p.toString())}`, field);
  return p;
}
