// The configuration tables of README.md and docs/operations.md cannot drift from the one schema
// (src/config/config.ts ENV_VARIABLES and config/default.json): same variables, same paths, same defaults.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ENV_VARIABLES, OTHER_VARIABLES } from '../../src/config/config.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const read = (f: string) => readFileSync(`${ROOT}${f}`, 'utf8');
const defaults = JSON.parse(read('config/default.json'));
const ALL = new Set<string>([...ENV_VARIABLES.map((v) => v.name), ...OTHER_VARIABLES]);

/** Rows of the table under `## Configuration`: cells split, backticks kept. */
function configRows(doc: string): string[][] {
  const section = doc.slice(doc.indexOf('## Configuration'));
  const table = section.slice(section.indexOf('\n|')).split('\n\n')[0];
  return table.split('\n').filter((l) => l.startsWith('| `')).map((l) => l.split(' | ').map((c) => c.replace(/^\| |\s*\|$/g, '').trim()));
}
const names = (cell: string) => [...cell.matchAll(/`([A-Z0-9_]+)`/g)].map((m) => m[1]);
const at = (path: string) => path.split('.').reduce((o, k) => o?.[k], defaults);
const shown = (v: unknown) => (v === '' || (Array.isArray(v) && v.length === 0) ? '—' : `\`${Array.isArray(v) ? v.join(',') : String(v)}\``);

describe('configuration tables', () => {
  it('docs/operations.md: one row per variable, with its config path and default from config/default.json', () => {
    const rows = configRows(read('docs/operations.md'));
    expect(new Set(rows.map((r) => names(r[0])[0]))).toEqual(ALL);
    for (const { name, path } of ENV_VARIABLES) {
      const row = rows.find((r) => names(r[0])[0] === name)!;
      expect(row[1], name).toBe(`\`${path}\``);
      expect(row[2], name).toBe(shown(at(path)));
    }
  });

  it('README.md names the same variables', () => {
    const rows = configRows(read('README.md'));
    expect(new Set(rows.flatMap((r) => names(r[0])))).toEqual(ALL);
  });
});
