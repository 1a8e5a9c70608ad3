// The gateway's HTTP listener: raw node:http for the XML-RPC paths (express would cost ~3x,
// research §3.3), every other request handed to the express app (or 404). Graceful close.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import type { Limits } from '../config/config.js';
import type { Dispatcher } from '../xmlrpc/dispatcher.js';
import type { TransportAuthenticator } from '../xmlrpc/handler.js';
import { createRpcRoute, isRpcPath } from './rpc-route.js';
import { requestIdOf } from './request-id.js';
import { apiMethodOf } from '../ops/request-context.js';

/** A route of the express app, named in metrics; `quiet` ones (probes, /metrics) log at debug. */
export interface AppRoute { path: string; quiet?: boolean; /** Also names every path below it (`/console/…`). */ prefix?: boolean }

/** Called once per answered request (metrics); `route` is a known route, never raw client input. */
export type ObserveRequest = (route: string, method: string, status: number, seconds: number) => void;
import { AdmittedResponse, BodyBudget, limitConnections } from './admission.js';

export interface HttpServerOptions {
  limits: Limits;
  log: Logger;
  dispatcher: Dispatcher;
  authenticate?: TransportAuthenticator;
  app?: (req: IncomingMessage, res: ServerResponse) => void;
  /** The app's routes (others are counted as "unmatched"). */
  appRoutes?: AppRoute[];
  observe?: ObserveRequest;
  i8?: boolean;
}

export interface GatewayServer {
  server: http.Server;
  listen(port: number, host: string): Promise<{ port: number }>;
  /** Shutdown is coming: replies from now on ask clients to close their connections. */
  drain(): void;
  /** Stops accepting, lets in-flight requests finish (up to limits.shutdownGraceMs), then resolves. */
  close(): Promise<void>;
  /** Open connections and body bytes reserved right now (both return to 0 once clients are gone). */
  load(): { connections: number; inFlightBodyBytes: number };
}

/** Seconds a client told 503 (body budget full) should wait before retrying. */
export const BUSY_RETRY_AFTER_S = 1;

function busy(res: ServerResponse, reqId: string): void {
  const text = 'server busy: too many request bodies in flight, retry shortly\n';
  res.writeHead(503, ['Content-Type', 'text/plain; charset=UTF-8', 'Content-Length', Buffer.byteLength(text), 'Retry-After', BUSY_RETRY_AFTER_S, 'Connection', 'close', 'X-Request-Id', reqId]);
  res.end(text);
}

/** Parser/transport errors before a request exists → status; anything else is 400. */
const CLIENT_ERROR_STATUS = new Map([['ERR_HTTP_REQUEST_TIMEOUT', 408], ['HPE_HEADER_OVERFLOW', 431]]);

function notFound(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=UTF-8', 'Content-Length': 10 });
  res.end('not found\n');
}

export function createHttpServer(opts: HttpServerOptions): GatewayServer {
  const { limits, log } = opts;
  let closing = false;
  const rpc = createRpcRoute({ ...opts, closing: () => closing });
  const fallback = opts.app ?? notFound;

  const appRoutes = new Map((opts.appRoutes ?? []).map((r) => [r.path, r]));
  const prefixRoutes = (opts.appRoutes ?? []).filter((r) => r.prefix);
  /** The route a path belongs to: exact first, then a prefix route (a short, fixed list). */
  const routeOf = (pathname: string): AppRoute | undefined => {
    const path = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
    return appRoutes.get(path) ?? prefixRoutes.find((r) => path.startsWith(`${r.path}/`));
  };

  /** Non-RPC requests: same request id, one access line and the metrics, then the express app (or 404). */
  function routeToApp(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    const started = process.hrtime.bigint();
    const reqId = requestIdOf(req.headers['x-request-id']);
    const route = routeOf(pathname);
    res.setHeader('X-Request-Id', reqId);
    if (closing) res.setHeader('Connection', 'close');
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      opts.observe?.(route?.path ?? 'unmatched', req.method ?? '', res.statusCode, seconds);
      const line = { reqId, path: pathname, httpMethod: req.method, apiMethod: apiMethodOf(res), status: res.statusCode, ms: Math.round(seconds * 1e5) / 100 };
      if (route?.quiet) log.debug(line, 'http'); else log.info(line, 'http');
    });
    fallback(req, res);
  }

  const budget = new BodyBudget(limits.inFlightBodyBytes, limits.bodyBytes);
  const server = http.createServer({
    ServerResponse: AdmittedResponse,
    maxHeaderSize: limits.maxHeaderBytes,
    requestTimeout: limits.requestTimeoutMs,
    headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
    // Node checks the two timeouts above only this often (default 30 s): keep slowloris short.
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 2))),
  }, (req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q < 0 ? url : url.slice(0, q);
    if (!budget.admit(req, res as AdmittedResponse)) {
      const reqId = requestIdOf(req.headers['x-request-id']);
      log.info({ reqId, path: pathname, httpMethod: req.method, status: 503, inFlightBodyBytes: budget.inFlight }, 'body budget full');
      busy(res, reqId);
      return;
    }
    if (!isRpcPath(pathname)) { routeToApp(req, res, pathname); return; }
    const query = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
    const reqId = requestIdOf(req.headers['x-request-id']);
    rpc(req, res, query, pathname, reqId).catch((err) => {
      log.error({ err, reqId }, 'rpc route failed');
      if (!res.headersSent) { res.writeHead(500, ['X-Request-Id', reqId, 'Content-Length', 0]); res.end(); } else res.destroy();
    });
  });
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  const connections = limitConnections(server, limits, log);
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) return;
    const status = CLIENT_ERROR_STATUS.get(err.code ?? '') ?? 400;
    opts.observe?.('unparsed', 'OTHER', status, 0);
    socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });

  return {
    server,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const addr = server.address();
          resolve({ port: typeof addr === 'object' && addr ? addr.port : port });
        });
      });
    },
    drain() { closing = true; },
    load: () => ({ connections: connections.open(), inFlightBodyBytes: budget.inFlight }),
    close() {
      closing = true;
      return new Promise((resolve) => {
        if (!server.listening) { resolve(); return; }
        const force = setTimeout(() => server.closeAllConnections(), limits.shutdownGraceMs);
        force.unref();
        server.close(() => { clearTimeout(force); resolve(); });
        server.closeIdleConnections();
      });
    },
  };
}
