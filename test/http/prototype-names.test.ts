// Names that exist on every JS object's prototype, sent as table, field, method, setting, enum,
// encoding and struct-member names through both fronts of a whole gateway: each gets a clear fault
// or 4xx, and nothing changes (no record written, no prototype touched, the gateway still answers).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main.js';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { rpcClient, type Rpc } from '../support/rpc.js';
import { startGateway, TEST_API_KEY, type TestGateway } from '../support/gateway.js';
import { postInvoicera } from '../invoicera-api/support.js';

const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
const INVOICERA_TOKEN = 'dev-token-change-me'; // config/default.json

let gw: TestGateway;
let rpc: Rpc;
beforeAll(async () => {
  gw = await startGateway();
  rpc = rpcClient(gw.port);
  await rpc('ContactService.add', TEST_API_KEY, { FirstName: 'Ada', Email: 'ada@proto.test' });
});
afterAll(async () => { await gw.close(); });

const fault = (p: Promise<unknown>) => p.then((v) => ({ value: v }), (e: any) => ({ faultCode: e.faultCode, faultString: String(e.faultString) }));

/** Raw XML-RPC, for struct members the npm client cannot send (an own "__proto__" key). */
async function rawCall(method: string, params: string, headers: Record<string, string> = {}) {
  const res = await fetch(gw.url, {
    method: 'POST', headers: { 'Content-Type': 'text/xml', ...headers },
    body: `<?xml version="1.0"?><methodCall><methodName>${method}</methodName><params>${params}</params></methodCall>`,
  });
  return { status: res.status, text: await res.text() };
}
const key = `<param><value><string>${TEST_API_KEY}</string></value></param>`;
const str = (v: string) => `<param><value><string>${v}</string></value></param>`;
const member = (name: string, v: string) => `<member><name>${name}</name><value><string>${v}</string></value></member>`;

const invoicera = (method: string, inner: string) => postInvoicera(gw.base, INVOICERA_TOKEN, method, inner);

async function snapshot() {
  return {
    contacts: await rpc('DataService.count', TEST_API_KEY, 'Contact', { Id: '%' }),
    fields: await rpc('DataService.count', TEST_API_KEY, 'DataFormField', { Id: '%' }),
    clients: (await gw.store.list('Client')).total,
    invoices: (await gw.store.list('Invoice')).total,
  };
}

describe.each(NAMES)('the name %s', (name) => {
  let before: Awaited<ReturnType<typeof snapshot>>;
  beforeAll(async () => { before = await snapshot(); });
  afterAll(async () => {
    expect(await snapshot()).toEqual(before);
    expect(Object.isFrozen(Object)).toBe(false);
    expect(Object.isFrozen(Object.prototype)).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await rpc('DataService.getAppSetting', TEST_API_KEY, 'Application', 'enabled')).toBe('yes');
  });

  it('as a Keap table name: fault 9', async () => {
    expect(await fault(rpc('DataService.query', TEST_API_KEY, name, 10, 0, { Id: '%' }, ['Id']))).toEqual({ faultCode: 9, faultString: `[NoTableFound]No table found: ${name}` });
    expect(await fault(rpc('DataService.add', TEST_API_KEY, name, { Id: 1 }))).toMatchObject({ faultCode: 9 });
    expect(await fault(rpc('DataService.count', TEST_API_KEY, name, {}))).toMatchObject({ faultCode: 9 });
  });

  it('as a field name (selected, queried, ordered by, written): fault 10', async () => {
    const noField = { faultCode: 10, faultString: `[NoFieldFound]No field found: Contact.${name}` };
    expect(await fault(rpc('DataService.query', TEST_API_KEY, 'Contact', 10, 0, { Id: '%' }, [name]))).toEqual(noField);
    expect(await fault(rpc('DataService.query', TEST_API_KEY, 'Contact', 10, 0, { Id: '%' }, ['Id'], name, true))).toEqual(noField);
    expect(await fault(rpc('DataService.findByField', TEST_API_KEY, 'Contact', 10, 0, name, 'x', ['Id']))).toEqual(noField);
    expect(await fault(rpc('DataService.load', TEST_API_KEY, 'Contact', 1, [name]))).toEqual(noField);
  });

  it('as a struct member name in queryData and in written values: fault 10, nothing stored', async () => {
    const struct = `<param><value><struct>${member(name, 'x')}</struct></value></param>`;
    const fields = '<param><value><array><data><value>Id</value></data></array></value></param>';
    const q = await rawCall('DataService.query', key + str('Contact') + '<param><value><int>10</int></value></param><param><value><int>0</int></value></param>' + struct + fields);
    expect(q.text).toContain(`[NoFieldFound]No field found: Contact.${name}`);
    for (const method of ['ContactService.add', 'DataService.add']) {
      const table = method === 'DataService.add' ? str('Contact') : '';
      const a = await rawCall(method, key + table + struct);
      expect(a.status).toBe(200);
      expect(a.text).toContain('<name>faultCode</name><value><i4>10</i4></value>');
    }
    const dup = await rawCall('ContactService.addWithDupCheck', key + `<param><value><struct>${member('Email', 'x@proto.test')}</struct></value></param>` + str(name));
    expect(dup.text).toContain(`dupCheckType must be one of Email, EmailAndName, EmailAndNameAndCompany, got &quot;${name}&quot;`.replace(/&quot;/g, '"'));
  });

  it('as a method name (direct, in system.methodHelp, in a multicall entry): fault, not a call', async () => {
    const noHandler = { faultCode: 0, faultString: `No such handler: ${name}` };
    expect(await fault(rpc(name))).toEqual(noHandler);
    expect(await fault(rpc('system.methodHelp', name))).toEqual(noHandler);
    expect(await fault(rpc('system.methodSignature', name))).toEqual(noHandler);
    const [entry] = await rpc('system.multicall', [{ methodName: name, params: [] }]);
    expect(entry).toMatchObject(noHandler);
  });

  it('as getAppSetting module and setting: the empty answer, no internal names, nothing frozen', async () => {
    expect(await rpc('DataService.getAppSetting', TEST_API_KEY, name, 'keys')).toBe('');
    expect(await rpc('DataService.getAppSetting', TEST_API_KEY, name, 'freeze')).toBe('');
    expect(await rpc('DataService.getAppSetting', TEST_API_KEY, 'Application', name)).toBe('');
  });

  it('as a custom field type or data type: fault 12', async () => {
    expect(await fault(rpc('DataService.addCustomField', TEST_API_KEY, name, 'Proto Field', 'Text', 0))).toMatchObject({ faultCode: 12, faultString: expect.stringContaining('customFieldType must be one of') });
    expect(await fault(rpc('DataService.addCustomField', TEST_API_KEY, 'Contact', 'Proto Field', name, 0))).toMatchObject({ faultCode: 12, faultString: expect.stringContaining('dataType must be one of') });
  });

  it('as a Content-Encoding: 415', async () => {
    const r = await rawCall('DataService.echo', str('hi'), { 'Content-Encoding': name });
    expect(r.status).toBe(415);
  });

  it('as an XML entity name: a parse fault, never the text of a function', async () => {
    const r = await rawCall('DataService.echo', `<param><value><string>a&${name};b</string></value></param>`);
    expect(r.text).toContain('faultCode');
    expect(r.text).not.toContain('function');
  });

  it('as an Invoicera method, enum value and element name: 4xx, nothing created', async () => {
    const m = await invoicera(name, '');
    expect(m.status).toBeGreaterThanOrEqual(400);
    expect(m.status).toBeLessThan(500);
    for (const inner of [`<status>${name}</status>`, `<record_status>${name}</record_status>`, `<sort_by>${name}</sort_by>`]) {
      const l = await invoicera('listInvoice', inner);
      expect(l.status).toBe(400);
      expect(l.xml).toMatch(/must be one of/);
    }
    const c = await invoicera('createInvoice', `<client_id>1</client_id><status>${name}</status><items><item><name>A</name><quantity>1</quantity><unit_cost>1</unit_cost></item></items>`);
    expect(c.status).toBe(400);
    expect(c.xml).toContain('status must be one of draft, sent, viewed');
    const e = await invoicera('createClient', `<${name}>x</${name}><name>Proto</name>`);
    if (e.status === 200) await invoicera('getClient', '<client_id>1</client_id>'); // an unknown element is ignored…
    expect(({} as Record<string, unknown>).x).toBeUndefined(); // …and never lands on a prototype
    if (e.status === 200) await gw.store.transact(async (tx) => { tx.delete('Client', Number(/<client_id>(\d+)</.exec(e.xml)![1])); });
  });
});

describe.each(NAMES)('the name %s outside the wire', (name) => {
  it('as a promo CLI command or flag: usage error (exit 2), nothing run', async () => {
    let out = '';
    let err = '';
    const io = { out: (t: string) => { out += t; }, err: (t: string) => { err += t; } };
    expect(await runCli(['promo', name], { GATEWAY_STORE: 'memory' }, io)).toBe(2);
    expect(await runCli(['promo', 'list', `--${name}`], { GATEWAY_STORE: 'memory' }, io)).toBe(2);
    expect(out).toBe('');
    expect(err).not.toBe('');
  });

  it('as a config file section or setting: refused at start, no prototype changed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'proto-config-'));
    try {
      for (const doc of [`{"${name}": {"polluted": 1}}`, `{"limits": {"${name}": {"polluted": 1}}}`]) {
        const file = join(dir, 'c.json');
        writeFileSync(file, doc);
        expect(() => loadConfig({ GATEWAY_CONFIG: file, GATEWAY_API_KEYS: TEST_API_KEY })).toThrow(ConfigError);
        expect(() => loadConfig({ GATEWAY_CONFIG: file, GATEWAY_API_KEYS: TEST_API_KEY })).toThrow(`unknown setting "${name}"`);
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });
});
