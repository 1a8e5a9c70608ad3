// DataService / ContactService / auth through the whole gateway (src/app.ts) with the npm xmlrpc
// client and raw HTTP, as legacy clients see it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import xmlrpc from 'xmlrpc';
import { startGateway, TEST_API_KEY, type TestGateway } from '../support/gateway.js';

let gw: TestGateway;
beforeAll(async () => { gw = await startGateway(); });
afterAll(async () => { await gw.close(); });

function client(opts: { path?: string; headers?: Record<string, string> } = {}) {
  const c = xmlrpc.createClient({ host: '127.0.0.1', port: gw.port, path: opts.path ?? '/api/xmlrpc', headers: opts.headers });
  return (method: string, ...params: unknown[]) => new Promise<any>((resolve, reject) =>
    c.methodCall(method, params, (err: any, value: unknown) => (err ? reject(err) : resolve(value))));
}

const raw = (body: string, headers: Record<string, string> = {}, path = '/api/xmlrpc') =>
  fetch(`${gw.base}${path}`, { method: 'POST', headers: { 'Content-Type': 'text/xml', ...headers }, body });

const call = (method: string, params: string) =>
  `<?xml version="1.0"?><methodCall><methodName>${method}</methodName><params>${params}</params></methodCall>`;
const s = (v: string) => `<param><value><string>${v}</string></value></param>`;
const i = (v: number) => `<param><value><int>${v}</int></value></param>`;

describe('Keap data services over the wire (npm xmlrpc client)', () => {
  it('contact add → query by Email → load, with Keap XML types', async () => {
    const rpc = client();
    const id = await rpc('ContactService.add', TEST_API_KEY, { FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@wire.test', Phone1: '555-0100' });
    expect(typeof id).toBe('number');
    const rows = await rpc('DataService.query', TEST_API_KEY, 'Contact', 10, 0, { Email: 'ADA@wire.test' }, ['Id', 'FirstName', 'DateCreated']);
    expect(rows).toHaveLength(1);
    expect(rows[0].Id).toBe(id);
    expect(rows[0].DateCreated).toBeInstanceOf(Date);

    const res = await raw(call('ContactService.load', s(TEST_API_KEY) + i(id) + `<param><value><array><data><value>FirstName</value><value>Company</value><value>Id</value><value>DateCreated</value></data></array></value></param>`));
    const xml = await res.text();
    expect(res.status).toBe(200);
    expect(xml).toContain('<member><name>FirstName</name><value>Ada</value></member>'); // untyped string
    expect(xml).toContain(`<member><name>Id</name><value><i4>${id}</i4></value></member>`);
    expect(xml).toMatch(/<name>DateCreated<\/name><value><dateTime\.iso8601>\d{8}T\d\d:\d\d:\d\d<\/dateTime\.iso8601>/);
    expect(xml).not.toContain('Company'); // empty field omitted, never <nil/>
    expect(xml).not.toContain('<nil/>');
  });

  it('iSDK probe and keyless echo', async () => {
    const rpc = client();
    expect(await rpc('DataService.getAppSetting', TEST_API_KEY, 'Application', 'enabled')).not.toContain('ERROR');
    expect(await rpc('DataService.echo', 'Hello World')).toBe('Hello World');
    expect(await rpc('ContactService.echo', 'Hello World')).toBe('Hello World');
  });

  it('a wrong key in param 1 is fault 2 [InvalidKey] over HTTP 200', async () => {
    await expect(client()('DataService.count', 'wrong-key-1', 'Contact', {})).rejects.toMatchObject({ faultCode: 2, faultString: expect.stringMatching(/^\[InvalidKey\]/) });
  });

  it.each([
    ['X-Keap-API-Key', { 'X-Keap-API-Key': TEST_API_KEY }, '/api/xmlrpc'],
    ['X-Keap-Api-Key (Novak spelling)', { 'X-Keap-Api-Key': TEST_API_KEY }, '/crm/xmlrpc/v1'],
    ['Authorization: Bearer', { Authorization: `Bearer ${TEST_API_KEY}` }, '/crm/xmlrpc/v1'],
    ['?access_token=', {}, `/crm/xmlrpc/v1?access_token=${TEST_API_KEY}`],
  ])('%s wins and param 1 ("backwards-compatability") is ignored', async (_n, headers, path) => {
    const rpc = client({ headers, path });
    expect(await rpc('DataService.count', 'backwards-compatability', 'Contact', {})).toEqual(expect.any(Number));
  });

  it.each([
    ['X-Keap-API-Key', { 'X-Keap-API-Key': 'wrong-key-1' }, '/api/xmlrpc'],
    ['Bearer', { Authorization: 'Bearer expired-token' }, '/crm/xmlrpc/v1'],
    ['access_token', {}, '/crm/xmlrpc/v1?access_token=nope'],
  ])('a wrong %s credential is HTTP 401 even with a good key in param 1', async (_n, headers, path) => {
    const res = await raw(call('DataService.count', s(TEST_API_KEY) + s('Contact') + '<param><value><struct></struct></value></param>'), headers, path);
    expect(res.status).toBe(401);
  });

  it('multicall: after a failed key every later entry fails too', async () => {
    const rpc = client();
    const out = await rpc('system.multicall', [
      { methodName: 'DataService.count', params: ['wrong-key-1', 'Contact', {}] },
      { methodName: 'DataService.count', params: [TEST_API_KEY, 'Contact', {}] },
    ]);
    expect(out[0].faultCode).toBe(2);
    expect(out[1].faultCode).toBe(2);
  });

  it('access faults keep their Keap codes on the wire', async () => {
    const rpc = client();
    await expect(rpc('DataService.load', TEST_API_KEY, 'Contact', 1, ['given_name'])).rejects.toMatchObject({ faultCode: 10, faultString: '[NoFieldFound]No field found: Contact.given_name' });
    await expect(rpc('DataService.query', TEST_API_KEY, 'Nope', 10, 0, {}, ['Id'])).rejects.toMatchObject({ faultCode: 9 });
    await expect(rpc('DataService.query', TEST_API_KEY, 'Contact', 5000, 0, {}, ['Id'])).rejects.toMatchObject({ faultCode: 12 });
  });

  it('PHP-style empty array as queryData and <nil/> orderBy/ascending (7-arg query)', async () => {
    const body = call('DataService.query', s(TEST_API_KEY) + s('Contact') + i(10) + i(0)
      + '<param><value><array><data/></array></value></param>'
      + '<param><value><array><data><value><string>Id</string></value></data></array></value></param>'
      + '<param><value><nil/></value></param><param><value><nil/></value></param>');
    const xml = await (await raw(body)).text();
    expect(xml).toContain('<array><data>');
    expect(xml).not.toContain('<fault>');
  });
});
