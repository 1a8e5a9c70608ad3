// The Invoicera XML API document (../shared/seeds/003_…), read at test time and never copied into
// the repository: its request examples, verbatim, with only ids substituted.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_DIR } from '../support/shared.js';

export const DOCUMENT_PATH = join(SHARED_DIR, 'seeds', '003_a3aaaeea65a40742.txt');

/** method → the example request, from its `<?xml …?>` declaration to `</request>`, as printed. */
export function documentExamples(): Map<string, string> {
  const text = readFileSync(DOCUMENT_PATH, 'utf8');
  const found = new Map<string, string>();
  for (const m of text.matchAll(/<\?xml[^>]*\?>\s*<request method="(\w+)">[\s\S]*?<\/request>/g)) found.set(m[1], m[0]);
  return found;
}

/** The example with the text of the named id elements replaced (`<invoice_id>27811</invoice_id>` → ours). */
export function withIds(xml: string, ids: Record<string, string | number>): string {
  let out = xml;
  for (const [tag, value] of Object.entries(ids)) {
    const re = new RegExp(`<${tag}>\\s*\\d+\\s*</${tag}>`, 'g');
    if (!re.test(out)) throw new Error(`the example has no <${tag}> to substitute`);
    out = out.replace(re, `<${tag}>${value}</${tag}>`);
  }
  return out;
}
