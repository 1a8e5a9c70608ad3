// Starts a real gateway HTTP server on 127.0.0.1:0 for tests, and a raw-socket helper for
// requests that well-behaved clients cannot send (partial bodies, bad framing).
import net from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Limits } from '../../src/config/config.js';
import { createHttpServer, type GatewayServer } from '../../src/http/server.js';
import { Dispatcher } from '../../src/xmlrpc/dispatcher.js';
import type { MethodSpec, TransportAuthenticator } from '../../src/xmlrpc/handler.js';

export const TEST_LIMITS: Limits = {
  bodyBytes: 1_048_576, inflatedBytes: 1_048_576, nestingDepth: 64, elementCount: 100_000, multicallEntries: 100,
  requestTimeoutMs: 30_000, headersTimeoutMs: 10_000, shutdownGraceMs: 5_000,
  maxConnections: 4096, maxConnectionsPerIp: 512, inFlightBodyBytes: 67_108_864, keepAliveTimeoutMs: 5_000, maxHeaderBytes: 16_384,
};

export interface TestServer {
  url: string;
  port: number;
  gateway: GatewayServer;
  /** Parsed pino lines written so far. */
  logs: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startServer(opts: {
  methods?: MethodSpec[]; limits?: Partial<Limits>; authenticate?: TransportAuthenticator;
  app?: (req: IncomingMessage, res: ServerResponse) => void; i8?: boolean;
} = {}): Promise<TestServer> {
  const limits = { ...TEST_LIMITS, ...opts.limits };
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({ write(chunk, _enc, cb) { for (const l of String(chunk).split('\n')) if (l) logs.push(JSON.parse(l)); cb(); } });
  const log = pino({ level: 'info', base: undefined }, sink);
  const dispatcher = new Dispatcher({ multicallMax: limits.multicallEntries });
  for (const m of opts.methods ?? []) dispatcher.register(m);
  const gateway = createHttpServer({ limits, log, dispatcher, authenticate: opts.authenticate, app: opts.app, i8: opts.i8 });
  const { port } = await gateway.listen(0, '127.0.0.1');
  return { url: `http://127.0.0.1:${port}`, port, gateway, logs, close: () => gateway.close() };
}

export const echoMethod: MethodSpec = { name: 'echo', handler: (p) => p };

/** POSTs raw bytes; returns status, headers and body text. */
export async function post(url: string, body: string | Buffer, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', body: typeof body === 'string' ? body : new Uint8Array(body), headers: { 'content-type': 'text/xml', ...headers } });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** Writes raw bytes on a socket and collects what comes back until the server closes or `ms` pass. */
export function rawExchange(port: number, data: string | Buffer, opts: { endWrite?: boolean; ms?: number } = {}): Promise<{ text: string; closedByServer: boolean; elapsedMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const sock = net.connect(port, '127.0.0.1');
    let text = '';
    const timer = setTimeout(() => { sock.destroy(); resolve({ text, closedByServer: false, elapsedMs: Date.now() - started }); }, opts.ms ?? 5000);
    sock.on('data', (d) => { text += d.toString('latin1'); });
    sock.on('close', () => { clearTimeout(timer); resolve({ text, closedByServer: true, elapsedMs: Date.now() - started }); });
    sock.on('error', (e) => { clearTimeout(timer); if (text) resolve({ text, closedByServer: true, elapsedMs: Date.now() - started }); else reject(e); });
    sock.write(data, () => { if (opts.endWrite) sock.end(); });
  });
}

export const callXml = (method: string, paramsXml = '') =>
  `<?xml version="1.0"?><methodCall><methodName>${method}</methodName><params>${paramsXml}</params></methodCall>`;
