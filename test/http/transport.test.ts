// HTTP behaviour of the RPC front: status codes, headers, encodings, auth hook, logs, routing, shutdown.
import { deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { createExpressApp } from '../../src/http/express-app.js';
import { Fault, struct } from '../../src/xmlrpc/types.js';
import { callXml, echoMethod, post, startServer, type TestServer } from './harness.js';

let srv: TestServer;
const seen: Array<{ transportAuth: string; access?: string | null }> = [];
beforeAll(async () => {
  srv = await startServer({
    methods: [
      echoMethod,
      { name: 'whoami', handler: (_p, ctx) => { seen.push({ transportAuth: ctx.state.transportAuth, access: ctx.query.get('access_token') }); return ctx.state.transportAuth; } },
      { name: 'big', handler: () => 2 ** 40 },
      { name: 'secret.fail', handler: () => { throw new Fault(2, '[InvalidKey]nope'); } },
    ],
    authenticate: (headers, query) => {
      const key = headers['x-keap-api-key'] ?? query.get('access_token') ?? undefined;
      if (key === undefined) return 'none';
      return key === 'good-key-123' ? 'valid' : 'invalid';
    },
  });
});
afterAll(async () => { await srv.close(); });

const GOOD = callXml('echo', '<param><value>hi</value></param>');

describe('RPC replies', () => {
  it('200, text/xml; charset=UTF-8, exact Content-Length, XML declaration, request id echoed', async () => {
    const res = await fetch(`${srv.url}/RPC2`, { method: 'POST', body: callXml('echo', '<param><value>héllo €</value></param>'), headers: { 'x-request-id': 'abc-123' } });
    const buf = Buffer.from(await res.arrayBuffer());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/xml; charset=UTF-8');
    expect(Number(res.headers.get('content-length'))).toBe(buf.length);
    expect(buf.toString().startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(buf.toString()).toContain('héllo €');
    expect(res.headers.get('x-request-id')).toBe('abc-123');
  });
  it('an insane X-Request-Id is replaced by a generated one', async () => {
    const r = await post(`${srv.url}/RPC2`, GOOD, { 'x-request-id': 'a b\u0001'.replace('\u0001', '') + 'x'.repeat(200) });
    expect(r.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
  it('faults are HTTP 200 too', async () => {
    const r = await post(`${srv.url}/api/xmlrpc`, callXml('nope'));
    expect(r.status).toBe(200);
    expect(r.text).toContain('No such handler: nope');
  });
  it('integers beyond 32 bits go out as <i8> by default', async () => {
    expect((await post(`${srv.url}/RPC2`, callXml('big'))).text).toContain('<i8>1099511627776</i8>');
  });
  it('with i8 off they are a fault, not a wrong number', async () => {
    const s = await startServer({ methods: [{ name: 'big', handler: () => 2 ** 40 }], i8: false });
    try { expect((await post(`${s.url}/RPC2`, callXml('big'))).text).toMatch(/does not fit in 32 bits/); } finally { await s.close(); }
  });
  it('a handler returning NaN gives a fault, never NaN on the wire', async () => {
    const s = await startServer({ methods: [{ name: 'nan', handler: () => NaN }] });
    try {
      const r = await post(`${s.url}/RPC2`, callXml('nan'));
      expect(r.text).toContain('faultCode');
      expect(r.text).not.toContain('<double>NaN');
    } finally { await s.close(); }
  });
});

describe('transport errors', () => {
  it('405 for non-POST on an RPC path', async () => {
    const res = await fetch(`${srv.url}/RPC2`);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });
  it('404 for other paths when no app is given', async () => {
    expect((await post(`${srv.url}/xmlrpc`, GOOD)).status).toBe(404);
  });
  it('415 for an unknown Content-Encoding', async () => {
    expect((await post(`${srv.url}/RPC2`, GOOD, { 'content-encoding': 'br' })).status).toBe(415);
  });
  it('gzip and deflate (zlib and raw) bodies are accepted', async () => {
    for (const [enc, body] of [['gzip', gzipSync(GOOD)], ['deflate', deflateSync(GOOD)], ['x-gzip', gzipSync(GOOD)]] as const) {
      const r = await post(`${srv.url}/RPC2`, body, { 'content-encoding': enc });
      expect(r.status, enc).toBe(200);
      expect(r.text).toContain('<value>hi</value>');
    }
  });
  it('400 for a body that is not valid gzip', async () => {
    expect((await post(`${srv.url}/RPC2`, Buffer.from('not gzip at all'), { 'content-encoding': 'gzip' })).status).toBe(400);
  });
  it('413 when the inflated body passes limits.inflatedBytes even if the wire body is small', async () => {
    const s = await startServer({ methods: [echoMethod], limits: { inflatedBytes: 1000 } });
    try {
      const r = await post(`${s.url}/RPC2`, gzipSync(callXml('echo', `<param><value>${'x'.repeat(2000)}</value></param>`)), { 'content-encoding': 'gzip' });
      expect(r.status).toBe(413);
    } finally { await s.close(); }
  });
});

describe('transport authentication hook', () => {
  it('401 for an invalid header or query credential, before the body is parsed', async () => {
    const r = await post(`${srv.url}/crm/xmlrpc/v1`, 'not even xml', { 'x-keap-api-key': 'wrong' });
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toBe('Bearer');
    expect((await post(`${srv.url}/crm/xmlrpc/v1?access_token=wrong`, GOOD)).status).toBe(401);
  });
  it('ctx.state.transportAuth is valid / none, and the query reaches the handler', async () => {
    seen.length = 0;
    await post(`${srv.url}/crm/xmlrpc/v1?access_token=good-key-123`, callXml('whoami'));
    await post(`${srv.url}/api/xmlrpc`, callXml('whoami'));
    expect(seen).toEqual([{ transportAuth: 'valid', access: 'good-key-123' }, { transportAuth: 'none', access: null }]);
  });
});

describe('failures outside handlers', () => {
  it('an authenticator that throws gives a bare 500 without its message, and the server stays up', async () => {
    const s = await startServer({ methods: [echoMethod], authenticate: () => { throw new Error('redis at 10.1.2.3 down'); } });
    try {
      const r = await post(`${s.url}/RPC2`, GOOD);
      expect(r.status).toBe(500);
      expect(r.text).not.toContain('10.1.2.3');
      expect(s.logs.some((l) => String((l.err as { message?: string } | undefined)?.message).includes('10.1.2.3'))).toBe(true);
    } finally { await s.close(); }
  });
});

describe('charset over HTTP', () => {
  it('Content-Type charset=ISO-8859-1 decodes as true Latin-1', async () => {
    const body = Buffer.from(callXml('echo', '<param><value>caf\u00e9 \u0080</value></param>'), 'latin1');
    const r = await post(`${srv.url}/RPC2`, body, { 'content-type': 'text/xml; charset=ISO-8859-1' });
    expect(r.text).toContain('<value>café \u0080</value>');
  });
});

describe('request log', () => {
  it('one line per request with id, path, method names, status, fault code and duration — never params', async () => {
    srv.logs.length = 0;
    const secret = '4111111111111111';
    await post(`${srv.url}/RPC2`, callXml('secret.fail', `<param><value>${secret}</value></param>`), { 'x-request-id': 'log-1' });
    const entry = `<value><struct><member><name>methodName</name><value>echo</value></member><member><name>params</name><value><array><data><value>${secret}</value></data></array></value></member></struct></value>`;
    await post(`${srv.url}/RPC2`, callXml('system.multicall', `<param><value><array><data>${entry}</data></array></value></param>`), { 'x-request-id': 'log-2' });
    await fetch(`${srv.url}/RPC2`, { headers: { 'x-request-id': 'log-3' } });
    const lines = srv.logs.filter((l) => String(l.reqId).startsWith('log-'));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ reqId: 'log-1', path: '/RPC2', methods: ['secret.fail'], status: 200, faultCode: 2 });
    expect(typeof lines[0].ms).toBe('number');
    expect(lines[1]).toMatchObject({ reqId: 'log-2', methods: ['system.multicall', 'echo'], status: 200 });
    expect(lines[2]).toMatchObject({ reqId: 'log-3', status: 405 });
    expect(JSON.stringify(srv.logs)).not.toContain(secret);
  });
});

describe('express app for other routes', () => {
  it('/healthz, /readyz (200 / 503), mounted routes, 404, no stack on errors', async () => {
    let ready = true;
    const app = createExpressApp({
      log: pino({ level: 'silent' }),
      ready: async () => { if (!ready) throw new Error('store down'); },
      mount: (a) => {
        a.get('/metrics', (_req, res) => { res.type('text/plain').send('m 1'); });
        a.get('/explode', () => { throw new Error('secret internals'); });
      },
    });
    const s = await startServer({ methods: [echoMethod], app });
    try {
      const health = await fetch(`${s.url}/healthz`);
      expect([health.status, await health.text()]).toEqual([200, 'ok']);
      expect((await fetch(`${s.url}/readyz`)).status).toBe(200);
      ready = false;
      expect((await fetch(`${s.url}/readyz`)).status).toBe(503);
      expect(await (await fetch(`${s.url}/metrics`)).text()).toBe('m 1');
      expect((await fetch(`${s.url}/nope`)).status).toBe(404);
      const boom = await fetch(`${s.url}/explode`);
      expect(boom.status).toBe(500);
      expect(await boom.text()).not.toContain('secret');
      expect((await post(`${s.url}/RPC2`, GOOD)).text).toContain('<value>hi</value>'); // RPC still bypasses express
      const traced = await fetch(`${s.url}/healthz`, { headers: { 'x-request-id': 'app-1' } });
      expect(traced.headers.get('x-request-id')).toBe('app-1');
      await expect.poll(() => s.logs.find((l) => l.reqId === 'app-1')).toMatchObject({ path: '/healthz', status: 200 });
    } finally { await s.close(); }
  });
});

describe('graceful shutdown', () => {
  it('an in-flight slow call completes after close() is called; new connections are refused', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    let started!: () => void;
    const running = new Promise<void>((r) => { started = r; });
    const s = await startServer({ methods: [{ name: 'slow', handler: async () => { started(); await gate; return struct({ done: true }); } }] });
    const inflight = post(`${s.url}/RPC2`, callXml('slow'));
    await running;
    let closed = false;
    const closing = s.close().then(() => { closed = true; });
    await new Promise((r) => setTimeout(r, 100));
    expect(closed).toBe(false);
    await expect(fetch(`${s.url}/RPC2`, { method: 'POST', body: GOOD })).rejects.toThrow();
    release();
    const r = await inflight;
    expect(r.status).toBe(200);
    expect(r.text).toContain('<name>done</name><value><boolean>1</boolean></value>');
    await closing;
    expect(closed).toBe(true);
  });
});
