// node-xmlrpc's own fixtures (what the reference client emits and rejects): good ones decode,
// custom types and bad ones fault, none crash.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeMethodCall, decodeMethodResponse } from '../../src/xmlrpc/decode.js';
import { Fault, XmlDateTime, XmlDouble } from '../../src/xmlrpc/types.js';
import { CONFORMANCE_DIR } from '../support/shared.js';

const DIR = join(CONFORMANCE_DIR, 'node-xmlrpc-fixtures');
const OPTS = { maxDepth: 64, maxElements: 100_000 };
const read = (dir: string, f: string) => readFileSync(join(DIR, dir, f));
const good = readdirSync(join(DIR, 'good_food')).filter((f) => f.endsWith('.xml'));
const bad = readdirSync(join(DIR, 'bad_food')).filter((f) => f.endsWith('.xml'));
const isCall = (f: string) => read('good_food', f).includes('<methodCall>');
const isCustom = (f: string) => f.startsWith('customtype');

function faultOf(fn: () => unknown): Fault {
  try { fn(); } catch (e) { expect(e).toBeInstanceOf(Fault); return e as Fault; }
  throw new Error('expected a Fault');
}

describe('node-xmlrpc good_food', () => {
  it('has the expected corpus', () => expect(good.length).toBeGreaterThan(50));
  for (const f of good) {
    const decode = isCall(f) ? decodeMethodCall : decodeMethodResponse;
    if (isCustom(f)) {
      it(`${f} → fault (unknown type)`, () => expect(faultOf(() => decode(read('good_food', f), OPTS)).faultString).toMatch(/unknown value type/));
    } else {
      it(`${f} decodes`, () => expect(() => decode(read('good_food', f), OPTS)).not.toThrow());
    }
  }
  it('spot checks', () => {
    expect(decodeMethodCall(read('good_food', 'datetime_call.xml'), OPTS).params[0]).toEqual(new XmlDateTime(2012, 6, 7, 11, 35, 10));
    expect(decodeMethodCall(read('good_food', 'string_cdata_call.xml'), OPTS).params[0]).toMatch(/[<&]/);
    expect(decodeMethodCall(read('good_food', 'nil_call.xml'), OPTS).params[0]).toBe(null);
    expect(decodeMethodCall(read('good_food', 'undefined_call.xml'), OPTS).params[0]).toBe('');
    expect(decodeMethodResponse(read('good_food', 'i8_positive_response.xml'), OPTS)).toEqual({ value: expect.anything() });
    const dbl = decodeMethodCall(read('good_food', 'double_negative_call.xml'), OPTS).params[0];
    expect(dbl).toBeInstanceOf(XmlDouble);
    const fault = decodeMethodResponse(read('good_food', 'fault.xml'), OPTS);
    expect('fault' in fault).toBe(true);
  });
  it('very_large_response matches its JSON', () => {
    const r = decodeMethodResponse(read('good_food', 'very_large_response.xml'), OPTS);
    const want = JSON.parse(readFileSync(join(DIR, 'good_food', 'very_large_response_results.json'), 'utf8'));
    expect('value' in r && JSON.parse(JSON.stringify(r.value, (_k, v) => v instanceof XmlDouble ? v.toNumber() : v instanceof XmlDateTime ? new Date(v.toISOString()).toISOString() : v))).toEqual(want);
  });
});

describe('node-xmlrpc bad_food', () => {
  for (const f of bad) {
    it(`${f} → fault as a call and as a response`, () => {
      faultOf(() => decodeMethodCall(read('bad_food', f), OPTS));
      faultOf(() => decodeMethodResponse(read('bad_food', f), OPTS));
    });
  }
});
