// Connection and body-memory limits (issue 11) against the whole gateway on loopback, with raw
// sockets: a flood of sockets and of partial bodies is capped, answered quickly, and leaves nothing
// behind once the clients are gone; silent and slowloris sockets are still timed out.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { loadConfig } from '../../src/config/config.js';
import { eventually } from '../support/eventually.js';

let gw: TestGateway | undefined;
const soon = (check: () => void, withinMs = 5000) => eventually(async () => check(), withinMs);
afterEach(async () => { await gw?.close(); gw = undefined; });

interface Conn { socket: net.Socket; text: string; closed: boolean }

/** Opens a socket (optionally from another loopback address) and writes `first`; collects replies. */
function openConn(port: number, first: string | Buffer, localAddress?: string): Promise<Conn> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1', localAddress });
    const c: Conn = { socket, text: '', closed: false };
    socket.on('data', (d) => { c.text += d.toString('latin1'); });
    socket.on('error', () => { /* reset by the server: shows as closed */ });
    socket.on('close', () => { c.closed = true; });
    socket.once('connect', () => { if (first.length) socket.write(first); resolve(c); });
    socket.once('close', () => resolve(c));
  });
}

const openMany = (n: number, port: number, first: () => string | Buffer, localAddress?: string) =>
  Promise.all(Array.from({ length: n }, () => openConn(port, first(), localAddress)));

const HALF_HEADER = 'POST /api/xmlrpc HTTP/1.1\r\nHost: x\r\n';
const ECHO = `<?xml version="1.0"?><methodCall><methodName>DataService.echo</methodName><params><param><value>alive</value></param></params></methodCall>`;

async function servesNormally(g: TestGateway): Promise<void> {
  const r = await fetch(g.url, { method: 'POST', body: ECHO, headers: { 'content-type': 'text/xml', connection: 'close' } });
  expect(r.status).toBe(200);
  expect(await r.text()).toContain('<value>alive</value>');
  const inv = await fetch(`${g.base}/healthz`, { headers: { connection: 'close' } });
  expect(inv.status).toBe(200);
}

function partialPost(path: string, declared: number, sent: number): Buffer {
  return Buffer.concat([Buffer.from(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: ${declared}\r\n\r\n`), Buffer.alloc(sent, 0x61)]);
}

describe('open connections', () => {
  it('maxConnections: sockets beyond the cap are closed at once; the slots come back', async () => {
    gw = await startGateway({ env: { GATEWAY_MAX_CONNECTIONS: '20', GATEWAY_MAX_CONNECTIONS_PER_IP: '1000' } });
    const conns = await openMany(40, gw.port, () => HALF_HEADER);
    await soon(() => expect(conns.filter((c) => c.closed).length).toBeGreaterThanOrEqual(20));
    expect(gw.gateway.server.load().connections).toBeLessThanOrEqual(20);
    for (const c of conns) c.socket.destroy();
    await soon(() => expect(gw!.gateway.server.load().connections).toBe(0));
    await servesNormally(gw);
  });

  it('maxConnectionsPerIp: one address is capped, another is still served', async () => {
    gw = await startGateway({ env: { GATEWAY_MAX_CONNECTIONS: '1000', GATEWAY_MAX_CONNECTIONS_PER_IP: '10' } });
    const flood = await openMany(25, gw.port, () => HALF_HEADER, '127.0.0.2');
    await soon(() => expect(flood.filter((c) => c.closed).length).toBe(15));
    const other = await fetch(gw.url, { method: 'POST', body: ECHO, headers: { connection: 'close' } }); // from 127.0.0.1
    expect(other.status).toBe(200);
    for (const c of flood) c.socket.destroy();
    await soon(() => expect(gw!.gateway.server.load().connections).toBe(0));
    const again = await openMany(10, gw.port, () => HALF_HEADER, '127.0.0.2');
    await new Promise((r) => setTimeout(r, 200));
    expect(again.filter((c) => c.closed)).toHaveLength(0); // the address's slots were returned
    for (const c of again) c.socket.destroy();
  });

  it('a socket that never sends a byte is answered 408 and closed after headersTimeout', async () => {
    gw = await startGateway({ env: { GATEWAY_HEADERS_TIMEOUT_MS: '400', GATEWAY_REQUEST_TIMEOUT_MS: '800' } });
    const started = Date.now();
    const [silent] = await openMany(1, gw.port, () => '');
    await soon(() => expect(silent.closed).toBe(true), 5000); // the reader sees the server's FIN
    expect(silent.text).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - started).toBeLessThan(4000);
    await servesNormally(gw);
  });

  it('slowloris still holds: unfinished headers are closed after headersTimeout', async () => {
    gw = await startGateway({ env: { GATEWAY_HEADERS_TIMEOUT_MS: '400', GATEWAY_REQUEST_TIMEOUT_MS: '800' } });
    const conns = await openMany(30, gw.port, () => `${HALF_HEADER}X-Slow: `);
    await soon(() => expect(conns.every((c) => c.closed)).toBe(true), 5000);
    await servesNormally(gw);
  });

  it('an idle keep-alive connection is closed after keepAliveTimeoutMs', async () => {
    gw = await startGateway({ env: { GATEWAY_KEEP_ALIVE_TIMEOUT_MS: '300' } });
    const body = `POST /api/xmlrpc HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: ${ECHO.length}\r\n\r\n${ECHO}`;
    const started = Date.now();
    const [c] = await openMany(1, gw.port, () => body);
    await soon(() => expect(c.closed).toBe(true), 5000);
    expect(c.text).toMatch(/^HTTP\/1\.1 200/);
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('headers beyond maxHeaderBytes are refused with 431', async () => {
    gw = await startGateway({ env: { GATEWAY_MAX_HEADER_BYTES: '2048' } });
    const [c] = await openMany(1, gw.port, () => `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(4096)}\r\n\r\n`);
    await soon(() => expect(c.text).toMatch(/^HTTP\/1\.1 431/));
    await servesNormally(gw);
  });
});

describe('body bytes in flight', () => {
  const env = { GATEWAY_BODY_LIMIT: '100000', GATEWAY_IN_FLIGHT_BODY_LIMIT: '500000', GATEWAY_MAX_CONNECTIONS_PER_IP: '1000' };

  it('partial bodies beyond the budget get 503 + Retry-After at once; the counter returns to 0', async () => {
    gw = await startGateway({ env });
    const held = await openMany(5, gw.port, () => partialPost('/api/xmlrpc', 100_000, 50_000));
    await soon(() => expect(gw!.gateway.server.load().inFlightBodyBytes).toBe(500_000));
    const refused = await openMany(7, gw.port, () => partialPost('/api/xmlrpc', 100_000, 10));
    await soon(() => expect(refused.every((c) => /^HTTP\/1\.1 503/.test(c.text))).toBe(true));
    for (const c of refused) expect(c.text).toMatch(/\r\nRetry-After: 1\r\n/i);
    // The Invoicera front (express) shares the budget; a request without a body does not need it.
    const inv = await fetch(`${gw.base}/api/xml/1.1/`, { method: 'POST', body: '<request method="listClient"/>', headers: { connection: 'close' } });
    expect(inv.status).toBe(503);
    expect((await fetch(`${gw.base}/healthz`, { headers: { connection: 'close' } })).status).toBe(200);
    expect(held.every((c) => !c.closed && c.text === '')).toBe(true); // the first five are still reading

    for (const c of [...held, ...refused]) c.socket.destroy();
    await soon(() => expect(gw!.gateway.server.load()).toEqual({ connections: 0, inFlightBodyBytes: 0 }));
    await servesNormally(gw);
    const many = await Promise.all(Array.from({ length: 20 }, () => fetch(gw!.url, { method: 'POST', body: ECHO, headers: { connection: 'close' } }).then((r) => r.status)));
    expect(many.every((s) => s === 200)).toBe(true);
  });

  it('a chunked body reserves the whole body cap; finished requests release theirs', async () => {
    gw = await startGateway({ env });
    const chunked = await openMany(5, gw.port, () => 'POST /api/xmlrpc HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<meth\r\n');
    await soon(() => expect(gw!.gateway.server.load().inFlightBodyBytes).toBe(500_000));
    const [late] = await openMany(1, gw.port, () => partialPost('/api/xmlrpc', 10, 1));
    await soon(() => expect(late.text).toMatch(/^HTTP\/1\.1 503/));
    for (const c of chunked) c.socket.destroy();
    await soon(() => expect(gw!.gateway.server.load().inFlightBodyBytes).toBe(0));
    // Complete requests on keep-alive connections release their reservation when answered.
    for (let i = 0; i < 30; i++) {
      const r = await fetch(gw.url, { method: 'POST', body: `<?xml version="1.0"?><methodCall><methodName>DataService.echo</methodName><params><param><value>${'x'.repeat(90_000)}</value></param></params></methodCall>` });
      expect(r.status).toBe(200);
      await r.text();
    }
    expect(gw.gateway.server.load().inFlightBodyBytes).toBe(0);
  });

  it('a request body over the per-request cap is still 413, not 503', async () => {
    gw = await startGateway({ env });
    const [c] = await openMany(1, gw.port, () => partialPost('/api/xmlrpc', 200_000, 10));
    await soon(() => expect(c.text).toMatch(/^HTTP\/1\.1 413/));
    expect(gw.gateway.server.load().inFlightBodyBytes).toBe(0);
  });
});

it('the new limits are read from the environment and validated', () => {
  const base = { GATEWAY_API_KEYS: 'test-key-123456', GATEWAY_STORE: 'memory' };
  const c = loadConfig({ ...base, GATEWAY_MAX_CONNECTIONS: '10', GATEWAY_MAX_CONNECTIONS_PER_IP: '3', GATEWAY_IN_FLIGHT_BODY_LIMIT: '2048', GATEWAY_KEEP_ALIVE_TIMEOUT_MS: '100', GATEWAY_MAX_HEADER_BYTES: '4096' });
  expect(c.limits).toMatchObject({ maxConnections: 10, maxConnectionsPerIp: 3, inFlightBodyBytes: 2048, keepAliveTimeoutMs: 100, maxHeaderBytes: 4096 });
  expect(loadConfig(base).limits).toMatchObject({ maxConnections: 4096, maxConnectionsPerIp: 512, inFlightBodyBytes: 64 * 1024 * 1024, keepAliveTimeoutMs: 5000, maxHeaderBytes: 16384 });
  expect(() => loadConfig({ ...base, GATEWAY_MAX_CONNECTIONS: '0' })).toThrow(/limits\.maxConnections/);
  expect(() => loadConfig({ ...base, GATEWAY_IN_FLIGHT_BODY_LIMIT: 'lots' })).toThrow(/GATEWAY_IN_FLIGHT_BODY_LIMIT/);
});
