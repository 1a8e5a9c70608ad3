import { describe, expect, it } from 'vitest';
import { createKeyCheck, createTransportAuthenticator } from '../../src/keap/auth.js';
import { Fault } from '../../src/xmlrpc/types.js';
import { KEY, keapHarness } from './data-fixture.js';

describe('key check', () => {
  const check = createKeyCheck([KEY, 'second-key-7890']);
  it.each([
    [KEY, true], ['second-key-7890', true], ['test-key-12345', false], ['', false], [undefined, false], [42, false],
    [`${KEY} `, false],
  ])('%s → %s', (k, ok) => expect(check(k)).toBe(ok));
});

describe('transport credential (HTTP layer, 401 when invalid)', () => {
  const auth = createTransportAuthenticator([KEY]);
  const q = (s = '') => new URLSearchParams(s);
  it.each([
    ['no credential', {}, '', 'none'],
    ['X-Keap-API-Key valid', { 'x-keap-api-key': KEY }, '', 'valid'],
    ['X-Keap-API-Key wrong', { 'x-keap-api-key': 'nope-nope-nope' }, '', 'invalid'],
    ['Bearer valid', { authorization: `Bearer ${KEY}` }, '', 'valid'],
    ['bearer lower-case', { authorization: `bearer ${KEY}` }, '', 'valid'],
    ['Bearer wrong', { authorization: 'Bearer expired-token' }, '', 'invalid'],
    ['Basic is not a Keap credential', { authorization: 'Basic dXNlcjpwYXNz' }, '', 'none'],
    ['access_token valid', {}, `access_token=${KEY}`, 'valid'],
    ['access_token wrong', {}, 'access_token=zzz', 'invalid'],
    ['header wins over query', { 'x-keap-api-key': KEY }, 'access_token=zzz', 'valid'],
  ] as const)('%s', (_n, headers, query, want) => {
    expect(auth(headers as Record<string, string>, q(query))).toBe(want);
  });
});

describe('method key check', () => {
  const ask = async (h: ReturnType<typeof keapHarness>, params: unknown[], state = {}) => {
    try { return await h.dispatcher.dispatch('DataService.getAppSetting', params as never, h.context(state)); } catch (e) { return e; }
  };

  it('accepts a configured key in param 1', async () => {
    const h = keapHarness();
    expect(await ask(h, [KEY, 'Application', 'enabled'])).toBe('yes');
  });

  it('refuses a wrong key with fault 2 [InvalidKey]', async () => {
    const f = await ask(keapHarness(), ['wrong-key-123', 'Application', 'enabled']) as Fault;
    expect(f).toBeInstanceOf(Fault);
    expect([f.faultCode, f.faultString]).toEqual([2, '[InvalidKey]Invalid Key']);
  });

  it('ignores param 1 when the transport credential was valid (backwards-compatability)', async () => {
    expect(await ask(keapHarness(), ['backwards-compatability', 'Application', 'enabled'], { transportAuth: 'valid' })).toBe('yes');
  });

  it('after one failure in a request, later calls fail without checking', async () => {
    const h = keapHarness();
    const ctx = h.context();
    await expect(h.dispatcher.dispatch('DataService.count', ['guess-1-xxxx', 'Contact', {}], ctx)).rejects.toMatchObject({ faultCode: 2 });
    await expect(h.dispatcher.dispatch('DataService.count', [KEY, 'Contact', {}], ctx)).rejects.toMatchObject({ faultCode: 2 });
    expect(ctx.state.failedAuth).toBe(2);
  });

  it('multicall: the first bad key poisons the rest of the batch', async () => {
    const h = keapHarness();
    const res = await h.dispatcher.dispatch('system.multicall', [[
      { methodName: 'DataService.count', params: [KEY, 'Contact', {}] },
      { methodName: 'DataService.count', params: ['guess-1-xxxx', 'Contact', {}] },
      { methodName: 'DataService.count', params: [KEY, 'Contact', {}] },
    ]], h.context()) as unknown[];
    expect(res[0]).toEqual([0]);
    expect(res[1]).toMatchObject({ faultCode: 2 });
    expect(res[2]).toMatchObject({ faultCode: 2 });
  });

  it.each(['DataService', 'ContactService', 'InvoiceService', 'OrderService', 'ProductService', 'APIEmailService'])(
    '%s.echo needs no key and echoes its last argument', async (service) => {
      const h = keapHarness();
      expect(await h.dispatcher.dispatch(`${service}.echo`, ['Hello World'], h.context())).toBe('Hello World');
      expect(await h.dispatcher.dispatch(`${service}.echo`, ['any-key', 'hi'], h.context())).toBe('hi');
    });
});
