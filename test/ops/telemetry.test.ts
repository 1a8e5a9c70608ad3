// Telemetry a real process gives: http_* metrics for every route (XML-RPC, Invoicera, probes,
// 401/403/413/404), XML-RPC duration by method and outcome, outbox and build-info gauges; log
// lines with reqId (the Invoicera refusal too), the Invoicera API method on its access line, probes
// at debug, pid and hostname everywhere. And docs/operations.md names every metric and field.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnGateway, type GatewayProcess } from '../cluster/gateway-process.js';
import { createMetrics } from '../../src/ops/metrics.js';
import { basic } from '../invoicera-api/support.js';
import { ok } from './wire.js';

const TOKEN = 'telemetry-token-1';
const OPS_DOC = readFileSync(fileURLToPath(new URL('../../docs/operations.md', import.meta.url)), 'utf8');

describe('telemetry of a real process', () => {
  let gp: GatewayProcess;
  const inv = (xml: string, headers: Record<string, string> = {}) => fetch(`${gp.base}/api/xml/1.1/`, {
    method: 'POST', headers: { authorization: basic(TOKEN), 'content-type': 'application/xml', ...headers }, body: xml,
  });
  beforeAll(async () => {
    gp = await spawnGateway({ GATEWAY_STORE: 'memory', LOG_LEVEL: 'debug', INVOICERA_TOKENS: TOKEN, GATEWAY_BODY_LIMIT: '4096' });
  }, 40_000);
  afterAll(async () => { await gp?.signal('SIGKILL'); });

  it('counts and times every route by route, method and status; gauges for the outbox and the build', async () => {
    await ok(gp.base, 'DataService.echo', ['hi']);
    const unauth = await fetch(`${gp.base}/api/xmlrpc`, { method: 'POST', headers: { 'x-keap-api-key': 'wrong-key-000000' }, body: '<methodCall/>' });
    expect(unauth.status).toBe(401);
    expect((await fetch(`${gp.base}/RPC2`, { method: 'POST', body: 'x'.repeat(10_000) })).status).toBe(413);
    expect((await fetch(`${gp.base}/api/xml/1.1/`, { method: 'POST', body: '<request method="listInvoice"/>' })).status).toBe(403);
    expect((await inv('<request method="createClient"><name>Ada</name><email>ada@example.com</email></request>')).status).toBe(200);
    expect((await inv('<request method="createInvoice"><client><client_id>1</client_id></client><items><item><name>A</name><unit_cost>1</unit_cost><quantity>1</quantity></item></items></request>')).status).toBe(200);
    expect((await inv('<request method="sendInvoiceMail"><invoice_id>1</invoice_id></request>')).status).toBe(200);
    expect((await fetch(`${gp.base}/healthz`)).status).toBe(200);
    expect((await fetch(`${gp.base}/readyz`)).status).toBe(200);
    expect((await fetch(`${gp.base}/nowhere/${Math.random()}`)).status).toBe(404);
    // Paths below a prefix route are named by the prefix, never by the raw path (bounded labels).
    expect((await fetch(`${gp.base}/invoices/1.html`)).status).toBe(401);
    await fetch(`${gp.base}/console/login`);
    await fetch(`${gp.base}/metrics`);
    const text = await (await fetch(`${gp.base}/metrics`)).text();
    const count = (route: string, method: string, status: number) =>
      Number(new RegExp(`^http_requests_total\\{route="${route.replace(/\./g, '\\.')}",method="${method}",status="${status}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
    expect(count('/api/xmlrpc', 'POST', 200)).toBeGreaterThanOrEqual(1);
    expect(count('/api/xmlrpc', 'POST', 401)).toBe(1);
    expect(count('/RPC2', 'POST', 413)).toBe(1);
    expect(count('/api/xml/1.1', 'POST', 403)).toBe(1);
    expect(count('/api/xml/1.1', 'POST', 200)).toBe(3);
    expect(count('/healthz', 'GET', 200)).toBe(1);
    expect(count('/readyz', 'GET', 200)).toBe(1);
    expect(count('/metrics', 'GET', 200)).toBe(1);
    expect(count('unmatched', 'GET', 404)).toBe(1);
    expect(count('/invoices', 'GET', 401)).toBe(1);
    expect(text).toMatch(/^http_requests_total\{route="\/console",method="GET",status="\d+"\} 1$/m);
    expect(text).not.toMatch(/route="\/invoices\/1/);
    expect(text).toMatch(/^http_request_duration_seconds_count\{route="\/api\/xml\/1\.1",method="POST",status="200"\} 3$/m);
    expect(text).toMatch(/^http_request_duration_seconds_bucket\{le="0\.5",route="\/healthz",method="GET",status="200"\} 1$/m);
    expect(text).toMatch(/^gateway_xmlrpc_call_duration_seconds_count\{method="DataService\.echo",outcome="ok"\} 1$/m);
    expect(text).not.toMatch(/gateway_xmlrpc_call_seconds/);
    expect(text).toMatch(/^gateway_mail_outbox_messages\{state="queued"\} 1$/m);
    expect(text).toMatch(/^gateway_mail_outbox_messages\{state="failed"\} 0$/m);
    const version = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')).version;
    expect(text).toContain(`gateway_build_info{version="${version}",node_version="${process.version}"} 1`);
  });

  it('log lines: reqId on every request line (Invoicera refusal too), API method on Invoicera access lines, probes at debug, pid and hostname', async () => {
    await new Promise((r) => setTimeout(r, 200));
    const first = gp.logs.length;
    await inv('<request method="noSuchMethod"/>', { 'X-Request-Id': 'tel-refused' });
    await inv('<request method="getInvoice"><invoice_id>1</invoice_id></request>', { 'X-Request-Id': 'tel-get' });
    await fetch(`${gp.base}/healthz`, { headers: { 'X-Request-Id': 'tel-health' } });
    await fetch(`${gp.base}/metrics`, { headers: { 'X-Request-Id': 'tel-metrics' } });
    await fetch(`${gp.base}/api/xml/1.1/`, { method: 'POST', headers: { 'X-Request-Id': 'tel-403' }, body: '<request method="listInvoice"/>' });
    await new Promise((r) => setTimeout(r, 300));
    const lines = gp.logs.slice(first);
    expect(lines.filter((l) => typeof l.reqId !== 'string' || !String(l.reqId).startsWith('tel-'))).toEqual([]);
    for (const l of gp.logs) expect(l).toMatchObject({ pid: gp.child.pid, hostname: expect.any(String) });
    expect(lines.find((l) => l.msg === 'invoicera request refused')).toMatchObject({ reqId: 'tel-refused', method: 'noSuchMethod', status: 400 });
    expect(lines.find((l) => l.msg === 'http' && l.reqId === 'tel-get')).toMatchObject({ apiMethod: 'getInvoice', status: 200, level: 30 });
    expect(lines.find((l) => l.msg === 'http' && l.reqId === 'tel-refused')).toMatchObject({ apiMethod: 'noSuchMethod', status: 400 });
    expect(lines.find((l) => l.msg === 'http' && l.reqId === 'tel-403')).toMatchObject({ status: 403, level: 30 });
    expect(lines.find((l) => l.reqId === 'tel-health')).toMatchObject({ msg: 'http', level: 20 });
    expect(lines.find((l) => l.reqId === 'tel-metrics')).toMatchObject({ msg: 'http', level: 20 });
  });

  it('SIGTERM with a drain: /readyz says 503 while calls are still served, then stopped', async () => {
    const drained = await spawnGateway({ GATEWAY_STORE: 'memory', GATEWAY_DRAIN_MS: '1500' });
    try {
      drained.child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
      const ready = await fetch(`${drained.base}/readyz`);
      expect(ready.status).toBe(503);
      expect(ready.headers.get('connection')).toBe('close');
      expect(await ok(drained.base, 'DataService.echo', ['still here'])).toBe('still here');
      expect(await drained.exited).toBe(0);
      expect(drained.logs.map((l) => l.msg)).toContain('stopped');
    } finally { await drained.signal('SIGKILL'); }
  });
});

describe('docs/operations.md', () => {
  it('documents every metric the gateway registers (prom-client defaults aside)', async () => {
    const names = (await createMetrics({ defaultMetrics: false }).registry.getMetricsAsJSON()).map((m) => m.name);
    expect(names.length).toBeGreaterThan(5);
    for (const name of names) expect(OPS_DOC, name).toContain(`\`${name}\``);
  });

  it('documents every field of the access lines and the log base', () => {
    for (const field of ['reqId', 'path', 'methods', 'status', 'faultCode', 'error', 'ms', 'httpMethod', 'apiMethod', 'pid', 'hostname', 'level', 'time', 'msg']) {
      expect(OPS_DOC, field).toContain(`\`${field}\``);
    }
  });
});
