// Amounts and dates as a reader expects them, by the invoice's currency and the configured locale.
// The digits come from the exact decimal text (formatMoney); Intl only says where the symbol, the
// grouping and the decimal mark go, so no amount ever passes through a JS number.
import { formatMoney, minorDigits, type Big } from '../money/money.js';

/** `digits` overrides the currency's decimals (a unit price may carry more, e.g. 0.1234). */
export type MoneyFormat = (amount: Big, digits?: number) => string;

/**
 * `drawable` says whether a renderer can show a text (the PDF's standard font cannot draw ￥ or ₹):
 * when the locale's currency symbol is not drawable, the ISO code is shown instead ("JPY 3,960").
 */
export function moneyFormat(currency: string, locale: string, drawable: (s: string) => boolean = () => true): MoneyFormat {
  const digits = minorDigits(currency);
  let nf: Intl.NumberFormat;
  try {
    const options = { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits } as const;
    nf = new Intl.NumberFormat(locale, options);
    const symbol = nf.formatToParts(1).find((p) => p.type === 'currency')?.value ?? '';
    if (!drawable(symbol)) nf = new Intl.NumberFormat(locale, { ...options, currencyDisplay: 'code' });
  } catch {
    return (amount, d) => `${d === undefined ? formatMoney(amount, currency) : amount.toFixed(d)} ${currency}`; // a code Intl does not know
  }
  // Templates from a sample with grouping and a fraction: the parts' order, symbol and separators.
  const sample = (negative: boolean) => nf.formatToParts(negative ? -1234.5 : 1234.5);
  const templates = { plus: sample(false), minus: sample(true) };
  const group = templates.plus.find((p) => p.type === 'group')?.value ?? ',';
  const mark = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
  return (amount, d) => {
    const text = d === undefined ? formatMoney(amount, currency) : amount.toFixed(d);
    const negative = text.startsWith('-') && /[1-9]/.test(text);
    const [int, frac = ''] = text.replace(/^-/, '').split('.');
    const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, group);
    let out = '';
    let intDone = false;
    for (const part of negative ? templates.minus : templates.plus) {
      if (part.type === 'integer' || part.type === 'group') {
        if (!intDone) out += grouped + (digits === 0 && frac ? mark + frac : '');
        intDone = true;
      } else if (part.type === 'fraction') out += frac;
      else if (part.type === 'decimal' && !frac) continue;
      else out += part.value;
    }
    return out;
  };
}

/** "2026-03-05" (or an ISO timestamp) as a date in the locale, e.g. "Mar 5, 2026"; the text itself if unparsable. */
export function dateText(value: string | undefined, locale: string): string {
  if (!value) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return value;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}
