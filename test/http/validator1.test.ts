// validator1 against a real server, driven by two unmodified clients: npm xmlrpc and Python xmlrpc.client.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validator1Methods } from '../support/validator1.js';
import { rpcClient } from '../support/rpc.js';
import { startServer, type TestServer } from './harness.js';

const run = promisify(execFile);
let srv: TestServer;
beforeAll(async () => { srv = await startServer({ methods: validator1Methods() }); });
afterAll(async () => { await srv.close(); });

const npmCall = (path: string, method: string, params: unknown[]) => rpcClient(srv.port, path)(method, ...params);

const calendar = () => {
  const day = (moe: number, larry: number, curly: number) => ({ moe, larry, curly });
  return { '2000': { '03': { '01': day(1, 2, 3) }, '04': { '01': day(5, 6, 7), '02': day(9, 9, 9) } }, '2001': { '04': { '01': day(0, 0, 0) } } };
};
const strings = Array.from({ length: 150 }, (_, i) => `str${i}-${'x'.repeat(i % 7)}`);

describe('validator1 via npm xmlrpc', () => {
  for (const path of ['/RPC2', '/api/xmlrpc', '/api/xmlrpc/', '/crm/xmlrpc/v1', '/crm/xmlrpc']) {
    it(`easyStructTest on ${path}`, async () => {
      expect(await npmCall(path, 'validator1.easyStructTest', [{ moe: 1, larry: 2, curly: 3 }])).toBe(6);
    });
  }
  it('arrayOfStructsTest', async () => {
    expect(await npmCall('/RPC2', 'validator1.arrayOfStructsTest', [[{ moe: 1, larry: 2, curly: 3 }, { moe: 1, larry: 2, curly: -10 }]])).toBe(-7);
  });
  it('countTheEntities', async () => {
    expect(await npmCall('/RPC2', 'validator1.countTheEntities', [`<<>&&&'''' """""x`]))
      .toEqual({ ctLeftAngleBrackets: 2, ctRightAngleBrackets: 1, ctAmpersands: 3, ctApostrophes: 4, ctQuotes: 5 });
  });
  it('echoStructTest', async () => {
    const s = { a: 'x', b: 2, nested: { c: [1, 'two', true] }, __proto__x: 'y' };
    expect(await npmCall('/RPC2', 'validator1.echoStructTest', [s])).toEqual(s);
  });
  it('manyTypesTest', async () => {
    const when = new Date(Date.UTC(1998, 11, 12, 14, 8, 55));
    const r = await npmCall('/RPC2', 'validator1.manyTypesTest', [3, true, 'hello', 1.23, when, Buffer.from('binary\0data')]);
    expect(r.slice(0, 4)).toEqual([3, true, 'hello', 1.23]);
    expect(r[4]).toBeInstanceOf(Date);
    expect(Buffer.from(r[5]).toString()).toBe('binary\0data');
  });
  it('moderateSizeArrayCheck', async () => {
    expect(await npmCall('/RPC2', 'validator1.moderateSizeArrayCheck', [strings])).toBe(strings[0] + strings[149]);
  });
  it('nestedStructTest', async () => {
    expect(await npmCall('/RPC2', 'validator1.nestedStructTest', [calendar()])).toBe(18);
  });
  it('simpleStructReturnTest', async () => {
    expect(await npmCall('/RPC2', 'validator1.simpleStructReturnTest', [7])).toEqual({ times10: 70, times100: 700, times1000: 7000 });
  });
  it('unknown method is a fault, not an HTTP error', async () => {
    await expect(npmCall('/RPC2', 'validator1.nope', [])).rejects.toMatchObject({ faultCode: 0, faultString: 'No such handler: validator1.nope' });
  });
});

const PY = String.raw`
import sys, json, datetime, xmlrpc.client as x
p = x.ServerProxy(sys.argv[1], use_builtin_types=True)
v = p.validator1
cal = {'2000': {'03': {'01': {'moe': 1, 'larry': 2, 'curly': 3}}, '04': {'01': {'moe': 5, 'larry': 6, 'curly': 7}}}}
strs = ['s%d' % i for i in range(120)]
mt = v.manyTypesTest(3, True, 'héllo', 1.23, datetime.datetime(1998, 12, 12, 14, 8, 55), b'\x00\xffbin')
out = {
  'arrayOfStructs': v.arrayOfStructsTest([{'moe': 1, 'larry': 2, 'curly': 3}, {'moe': 1, 'larry': 2, 'curly': 4}]),
  'entities': v.countTheEntities('<<>&"\'\''),
  'easy': v.easyStructTest({'moe': 1, 'larry': 2, 'curly': 3}),
  'echo': v.echoStructTest({'a': 'é', 'n': [1, 2, {'x': False}]}),
  'many': [mt[0], mt[1], mt[2], mt[3], mt[4].isoformat(), list(mt[5])],
  'moderate': v.moderateSizeArrayCheck(strs),
  'nested': v.nestedStructTest(cal),
  'simple': v.simpleStructReturnTest(11),
  'multicall': None,
}
mc = x.MultiCall(p)
mc.validator1.easyStructTest({'moe': 1, 'larry': 1, 'curly': 1})
mc.validator1.nope()
res = mc()
out['multicall'] = [res[0]]
try:
  res[1]
except x.Fault as f:
  out['multicall'].append([f.faultCode, f.faultString])
print(json.dumps(out))
`;

describe('validator1 via Python xmlrpc.client', () => {
  it('all 8 methods and a MultiCall', async () => {
    const { stdout } = await run('python3', ['-c', PY, `${srv.url}/RPC2`], { timeout: 30_000 });
    const out = JSON.parse(stdout);
    expect(out).toEqual({
      arrayOfStructs: 7,
      entities: { ctLeftAngleBrackets: 2, ctRightAngleBrackets: 1, ctAmpersands: 1, ctApostrophes: 2, ctQuotes: 1 },
      easy: 6,
      echo: { a: 'é', n: [1, 2, { x: false }] },
      many: [3, true, 'héllo', 1.23, '1998-12-12T14:08:55', [0, 255, 98, 105, 110]],
      moderate: 's0s119',
      nested: 18,
      simple: { times10: 110, times100: 1100, times1000: 11000 },
      multicall: [3, [0, 'No such handler: validator1.nope']],
    });
  });
});

describe('system.* over the wire (npm xmlrpc)', () => {
  it('multicall RFC example: [ok, unknown method, nested multicall, missing params, non-struct, ok]', async () => {
    const easy = (n: number) => ({ methodName: 'validator1.easyStructTest', params: [{ moe: n, larry: n, curly: n }] });
    const r = await npmCall('/RPC2', 'system.multicall', [[
      easy(1),
      { methodName: 'no.such', params: [] },
      { methodName: 'system.multicall', params: [[]] },
      { methodName: 'validator1.easyStructTest' },
      'not a struct',
      easy(2),
    ]]);
    expect(r).toEqual([
      [3],
      { faultCode: 0, faultString: 'No such handler: no.such' },
      { faultCode: 0, faultString: 'Recursive system.multicall forbidden' },
      { faultCode: 0, faultString: 'Missing params' },
      { faultCode: 0, faultString: 'system.multicall expected struct' },
      [6],
    ]);
  });
  it('introspection', async () => {
    expect(await npmCall('/RPC2', 'system.listMethods', [])).toEqual(expect.arrayContaining(['validator1.echoStructTest', 'system.multicall']));
    expect(await npmCall('/RPC2', 'system.methodSignature', ['validator1.easyStructTest'])).toEqual([['int', 'struct']]);
    expect(await npmCall('/RPC2', 'system.methodHelp', ['validator1.easyStructTest'])).toBe('');
    expect(Object.keys(await npmCall('/RPC2', 'system.getCapabilities', []))).toContain('xmlrpc');
  });
});

const PY_TRANSPORT = String.raw`
import sys, json, xmlrpc.client as x
class GzipTransport(x.Transport):
    encode_threshold = 0  # gzip every request body
gz = x.ServerProxy(sys.argv[1], transport=GzipTransport())
latin = x.ServerProxy(sys.argv[1], encoding='iso-8859-15')
print(json.dumps({
  'gzip': gz.validator1.echoStructTest({'big': 'y' * 5000})['big'] == 'y' * 5000,
  'latin': latin.validator1.echoStructTest({'s': '\u20ac \u00a4 caf\u00e9'})['s'],
}))
`;

describe('Python xmlrpc.client transports', () => {
  it('gzip-encoded requests and an iso-8859-15 client (€ sent as a character reference)', async () => {
    const { stdout } = await run('python3', ['-c', PY_TRANSPORT, `${srv.url}/RPC2`], { timeout: 30_000 });
    expect(JSON.parse(stdout)).toEqual({ gzip: true, latin: '€ ¤ café' });
  });
});
