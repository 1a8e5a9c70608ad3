// The promotions file (config `promotionsFile` / GATEWAY_PROMOTIONS_FILE), loaded at start:
// { "promotions": [ <definition>, … ] }. Each entry is validated; a bad file stops the start with
// every problem named by entry. Entries are matched by name, so restarting does not duplicate them.
import { readFileSync } from 'node:fs';
import { DomainError } from '../../errors.js';
import { parsePromotion, PromotionInvalid } from '../../promo/validate.js';
import type { PromotionAdmin } from './admin.js';

export class PromotionsFileError extends DomainError {
  constructor(path: string, problems: string[]) {
    super('invalid', `promotions file ${path}: ${problems.join('\n  ')}`);
    this.name = 'PromotionsFileError';
  }
}

export interface LoadReport { created: number[]; skipped: string[] }

export async function loadPromotionsFile(path: string, admin: PromotionAdmin): Promise<LoadReport> {
  let doc: unknown;
  try { doc = JSON.parse(readFileSync(path, 'utf8')); } catch (e) {
    throw new PromotionsFileError(path, [`cannot read it as JSON: ${(e as Error).message}`]);
  }
  const entries = Array.isArray(doc) ? doc : (doc as { promotions?: unknown })?.promotions;
  if (!Array.isArray(entries)) throw new PromotionsFileError(path, ['must be {"promotions": [ … ]} or a list of promotions']);
  // Validate everything before writing anything, so a bad file changes nothing.
  const problems: string[] = [];
  entries.forEach((e, i) => {
    try { parsePromotion(e); } catch (err) {
      if (err instanceof PromotionInvalid) problems.push(`promotions[${i}]: ${err.message}`); else throw err;
    }
  });
  if (problems.length) throw new PromotionsFileError(path, problems);
  const existing = new Set((await admin.list()).map((p) => p.name));
  const report: LoadReport = { created: [], skipped: [] };
  for (const e of entries as Array<{ name: string }>) {
    if (existing.has(e.name.trim())) { report.skipped.push(e.name); continue; }
    report.created.push(await admin.create(e));
  }
  return report;
}
