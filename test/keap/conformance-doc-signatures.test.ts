// The archived official docs' sample requests (shared/conformance/keap-doc-samples/) are templates
// (`<int>idNumber</int>`), so they cannot be replayed; what they do fix is each method's parameter
// count and types. For the services keap-data serves, the gateway must accept exactly that form.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { keapHarness } from './data-fixture.js';
import { CONFORMANCE_DIR } from '../support/shared.js';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const DIR = pathToFileURL(join(CONFORMANCE_DIR, 'keap-doc-samples') + '/');
const SERVICES = ['DataService', 'ContactService', 'APIEmailService', 'ProductService'];
const TYPE_OF_TAG: Record<string, string> = { string: 'string', int: 'int', i4: 'int', boolean: 'boolean', double: 'double', struct: 'struct', array: 'array', 'dateTime.iso8601': 'dateTime.iso8601' };

const samples = readdirSync(DIR).filter((f) => f.endsWith('.request.xml')).map((file) => {
  const xml = readFileSync(new URL(file, DIR), 'utf8');
  const method = /<methodName>\s*([^<\s]+)\s*<\/methodName>/.exec(xml)![1];
  // Top-level param types: the first element inside each <param><value>.
  const types = [...xml.matchAll(/<param>\s*<value>\s*<([A-Za-z0-9.]+)/g)].map((m) => TYPE_OF_TAG[m[1]] ?? m[1]);
  return { file, method, types };
});

describe('official doc sample requests', () => {
  const h = keapHarness();
  const served = samples.filter((s) => SERVICES.includes(s.method.split('.')[0]) && h.dispatcher.has(s.method));

  it('cover the DataService methods served', () => {
    expect(served.map((s) => s.method)).toEqual(expect.arrayContaining(['DataService.add', 'DataService.load', 'DataService.query', 'DataService.findByField', 'DataService.delete', 'DataService.getAppSetting']));
  });

  it.each(served.map((s) => [s.file, s] as const))('%s matches a declared signature', async (_f, s) => {
    const sigs = await h.dispatcher.dispatch('system.methodSignature', [s.method], h.context()) as string[][];
    const paramLists = sigs.map((sig) => sig.slice(1));
    expect(paramLists).toContainEqual(s.types);
  });
});
