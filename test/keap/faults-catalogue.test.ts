import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FAULTS, keapErrorToFault } from '../../src/keap/faults.js';
import { DomainError } from '../../src/errors.js';
import { InvalidParam } from '../../src/xmlrpc/coerce.js';
import { StoreUnavailable, UniqueViolation } from '../../src/store/port.js';
import { Fault } from '../../src/xmlrpc/types.js';
import { keapHarness } from './data-fixture.js';

const DOC = readFileSync(new URL('../../docs/faults.md', import.meta.url), 'utf8');
const docRows = [...DOC.matchAll(/^\|\s*(\d+)\s*\|\s*`([A-Za-z]*)`\s*\|/gm)].map((m) => [Number(m[1]), m[2]]);

describe('fault catalogue', () => {
  it('has codes 0–15, each once', () => {
    const codes = Object.values(FAULTS).map((f) => f.faultCode).sort((a, b) => a - b);
    expect(codes).toEqual([...Array(16).keys()]);
  });

  it('docs/faults.md lists exactly the table, both ways', () => {
    const table = Object.values(FAULTS).map((f) => [f.faultCode, f.tag]);
    expect(docRows.sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual(table.sort((a, b) => Number(a[0]) - Number(b[0])));
  });

  it('a wire fault carries the documented code and [Tag]', async () => {
    const h = keapHarness();
    const cases: Array<[number, () => Promise<Fault>]> = [
      [2, async () => { try { await h.dispatcher.dispatch('DataService.count', ['bad-key-000', 'Contact', {}], h.context()); } catch (e) { return e as Fault; } throw new Error('no fault'); }],
      [5, () => h.fault('DataService.load', 'Contact', 999, ['Id'])],
      [7, () => h.fault('DataService.delete', 'Product', 1)],
      [8, () => h.fault('DataService.add', 'Contact', { Id: 4 })],
      [9, () => h.fault('DataService.load', 'Nope', 1, ['Id'])],
      [10, () => h.fault('DataService.load', 'Contact', 1, ['given_name'])],
      [11, () => h.fault('DataService.add', 'Contact', {})],
      [12, () => h.fault('DataService.query', 'Contact', 1001, 0, {}, ['Id'])],
    ];
    for (const [code, run] of cases) {
      const f = await run();
      const entry = Object.values(FAULTS).find((e) => e.faultCode === code)!;
      expect(f.faultCode, f.faultString).toBe(code);
      expect(f.faultString.startsWith(`[${entry.tag}]`)).toBe(true);
      expect(docRows).toContainEqual([code, entry.tag]);
    }
  });
});

describe('keapErrorToFault', () => {
  const cases: Array<[string, unknown, number, RegExp]> = [
    ['Fault passes through', new Fault(13, '[FailedLoginAttempt]x'), 13, /^\[FailedLoginAttempt\]x$/],
    ['InvalidParam → 12 naming the param', new InvalidParam('contactId', 'contactId must be an integer'), 12, /^\[InvalidParameter\]contactId must/],
    ['invalid → 12', new DomainError('invalid', 'amount is negative', 'amount'), 12, /^\[InvalidParameter\]amount is negative$/],
    ['not_found → 5', new DomainError('not_found', 'invoice 9 not found'), 5, /^\[RecordNotFound\]invoice 9/],
    ['conflict → 12', new DomainError('conflict', 'number taken'), 12, /^\[InvalidParameter\]/],
    ['forbidden → 7', new DomainError('forbidden', 'no access'), 7, /^\[NoTableAccess\]/],
    ['forbidden field → 8', new DomainError('forbidden', 'no access', 'Last4'), 8, /^\[NoFieldAccess\]/],
    ['unavailable → 4', new DomainError('unavailable', 'redis down at 10.0.0.1'), 4, /^\[DatabaseError\]Error returning results$/],
    ['StoreUnavailable → 4 without driver text', new StoreUnavailable('ECONNREFUSED 127.0.0.1:6379'), 4, /^\[DatabaseError\]Error returning results$/],
    ['UniqueViolation → 12', new UniqueViolation('Invoice', 'number', 'INV001'), 12, /^\[InvalidParameter\]Invoice\.number/],
    ['anything else → 0 without internals', new TypeError('x is undefined at /src/a.ts:3'), 0, /^Failed to invoke method DataService\.add: internal error$/],
  ];
  it.each(cases)('%s', (_name, err, code, text) => {
    const f = keapErrorToFault(err, 'DataService.add');
    expect(f.faultCode).toBe(code);
    expect(f.faultString).toMatch(text);
  });
});
