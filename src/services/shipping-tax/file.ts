// The shipping and tax file (config `shippingTaxFile` / GATEWAY_SHIPPING_TAX_FILE), loaded at start
// like the promotions file: {"shippingOptions": [ … ], "taxRates": [ … ]}. Everything is validated
// before anything is written, so a bad file changes nothing and stops the start naming every
// problem. Entries already stored (an option of the same name, a rate for the same region) are
// skipped, so a restart does not duplicate them.
import { readFileSync } from 'node:fs';
import { DomainError } from '../../errors.js';
import { parseShippingOption } from '../../shipping/options.js';
import { foldCountry, parseTaxRate } from '../../tax/regions.js';
import type { ShippingTaxAdmin } from './admin.js';

export class ShippingTaxFileError extends DomainError {
  constructor(path: string, problems: string[]) {
    super('invalid', `shipping and tax file ${path}: ${problems.join('\n  ')}`);
    this.name = 'ShippingTaxFileError';
  }
}

export interface ShippingTaxLoadReport { shippingOptions: number[]; taxRates: number[]; skipped: string[] }

function entries(doc: Record<string, unknown>, key: string, problems: string[]): unknown[] {
  const v = doc[key];
  if (v === undefined) return [];
  if (!Array.isArray(v)) { problems.push(`${key}: must be a list`); return []; }
  return v;
}

export async function loadShippingTaxFile(path: string, admin: ShippingTaxAdmin): Promise<ShippingTaxLoadReport> {
  let doc: unknown;
  try { doc = JSON.parse(readFileSync(path, 'utf8')); } catch (e) {
    throw new ShippingTaxFileError(path, [`cannot read it as JSON: ${(e as Error).message}`]);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new ShippingTaxFileError(path, ['must be {"shippingOptions": [ … ], "taxRates": [ … ]}']);
  const problems: string[] = [];
  const options = entries(doc as Record<string, unknown>, 'shippingOptions', problems);
  const rates = entries(doc as Record<string, unknown>, 'taxRates', problems);
  const check = (list: unknown[], key: string, parse: (v: unknown) => unknown) => list.forEach((e, i) => {
    try { parse(e); } catch (err) { if (err instanceof DomainError) problems.push(`${key}[${i}]: ${err.message}`); else throw err; }
  });
  check(options, 'shippingOptions', parseShippingOption);
  check(rates, 'taxRates', parseTaxRate);
  if (problems.length) throw new ShippingTaxFileError(path, problems);

  const report: ShippingTaxLoadReport = { shippingOptions: [], taxRates: [], skipped: [] };
  const names = new Set((await admin.listShippingOptions()).map((o) => o.name.toLowerCase()));
  for (const e of options) {
    const name = parseShippingOption(e).name;
    if (names.has(name.toLowerCase())) { report.skipped.push(`shipping option "${name}"`); continue; }
    report.shippingOptions.push((await admin.addShippingOption(e)).id);
    names.add(name.toLowerCase());
  }
  const region = (t: { country: string; state: string; zipPrefix: string }) => `${foldCountry(t.country)}|${t.state.toLowerCase()}|${t.zipPrefix}`;
  const regions = new Set((await admin.listTaxRates()).map(region));
  for (const e of rates) {
    const draft = parseTaxRate(e);
    if (regions.has(region(draft))) { report.skipped.push(`tax rate "${draft.name}"`); continue; }
    report.taxRates.push((await admin.addTaxRate(e)).id);
    regions.add(region(draft));
  }
  return report;
}
