// docs/keap-compatibility.md stays in step with the code: every method of the services it covers
// and every table with its access letters is listed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TABLES } from '../../src/keap/tables/registry.js';
import { keapHarness } from './data-fixture.js';

const DOC = readFileSync(new URL('../../docs/keap-compatibility.md', import.meta.url), 'utf8');
const COVERED = ['DataService', 'ContactService', 'APIEmailService', 'ProductService', 'APIAffiliateService', 'AffiliateService'];

describe('docs/keap-compatibility.md', () => {
  it('lists every implemented method of the services it covers', () => {
    const methods = keapHarness().dispatcher.methods().filter((m) => COVERED.includes(m.split('.')[0]));
    expect(methods.length).toBeGreaterThan(20);
    for (const m of methods) {
      const [service, name] = m.split('.');
      const section = DOC.split(/^## /m).find((s) => s.startsWith(service))!;
      expect(section, service).toBeDefined();
      expect(section, m).toMatch(new RegExp(`^\\|[^|\\n]*\\b${name}\\b`, 'm'));
    }
  });

  it('lists every table with its access letters', () => {
    for (const t of TABLES.values()) expect(DOC).toContain(`| ${t.name} | ${t.access} |`);
  });

  it('links the orders and faults pages', () => {
    expect(DOC).toContain('(keap-orders.md)');
    expect(DOC).toContain('(faults.md)');
  });
});
