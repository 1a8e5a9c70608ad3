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

export interface HttpServerOptions {
  limits: Limits;
  log: Logger;
  dispatcher: Dispatcher;
  authenticate?: TransportAuthenticator;
  app?: (req: IncomingMessage, res: ServerResponse) => void;
  i8?: boolean;
}

export interface GatewayServer {
  server: http.Server;
  listen(port: number, host: string): Promise<{ port: number }>;
  /** Stops accepting, lets in-flight requests finish (up to limits.shutdownGraceMs), then resolves. */
  close(): Promise<void>;
}

function notFound(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=UTF-8', 'Content-Length': 10 });
  res.end('not found\n');
}

export function createHttpServer(opts: HttpServerOptions): GatewayServer {
  const { limits, log } = opts;
  let closing = false;
  const rpc = createRpcRoute({ ...opts, closing: () => closing });
  const fallback = opts.app ?? notFound;

  /** Non-RPC requests: same request id and one log line, then the express app (or 404). */
  function routeToApp(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    const started = process.hrtime.bigint();
    const reqId = requestIdOf(req.headers['x-request-id']);
    res.setHeader('X-Request-Id', reqId);
    res.once('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log.info({ reqId, path: pathname, httpMethod: req.method, status: res.statusCode, ms: Math.round(ms * 100) / 100 }, 'http');
    });
    fallback(req, res);
  }

  const server = http.createServer({
    requestTimeout: limits.requestTimeoutMs,
    headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
    // Node checks the two timeouts above only this often (default 30 s): keep slowloris short.
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 2))),
  }, (req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q < 0 ? url : url.slice(0, q);
    if (!isRpcPath(pathname)) { routeToApp(req, res, pathname); return; }
    const query = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
    const reqId = requestIdOf(req.headers['x-request-id']);
    rpc(req, res, query, pathname, reqId).catch((err) => {
      log.error({ err, reqId }, 'rpc route failed');
      if (!res.headersSent) { res.writeHead(500, ['X-Request-Id', reqId, 'Content-Length', 0]); res.end(); } else res.destroy();
    });
  });
  server.keepAliveTimeout = 5000;
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) return;
    const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
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
