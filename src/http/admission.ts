// What the listener admits before any request is parsed or authenticated (issue 11): a cap on open
// connections (node's server.maxConnections), a cap per client address, and a budget of body bytes
// in flight across all requests. Without them 19,842 idle sockets were held and 300 partial 1 MiB
// bodies added 280 MB of RSS.
import http from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';

/**
 * node's ServerResponse with the body bytes its request reserved, as a field (the server is made
 * with `ServerResponse: AdmittedResponse`): no side table entry per request.
 */
export class AdmittedResponse<Request extends IncomingMessage = IncomingMessage> extends http.ServerResponse<Request> {
  reservedBodyBytes = 0;
}

/**
 * Body bytes reserved by requests whose bodies are being read or handled. A request reserves what it
 * announces (Content-Length, at most the body cap) or, when chunked, the body cap itself; the
 * reservation ends when its response closes — finished or aborted — so the counter always returns
 * to 0. A request that does not fit is answered 503 before a byte of its body is read.
 */
export class BodyBudget {
  #inFlight = 0;
  /** One shared 'close' listener (`on`, not `once`: no wrapper per request; 'close' comes once). */
  readonly #onClose: (this: AdmittedResponse) => void;

  constructor(readonly capBytes: number, readonly perRequestBytes: number) {
    const budget = this;
    this.#onClose = function (this: AdmittedResponse) {
      budget.#inFlight -= this.reservedBodyBytes;
      this.reservedBodyBytes = 0;
    };
  }

  get inFlight(): number { return this.#inFlight; }

  /**
   * Reserves the body bytes of `req` until `res` closes: false when the budget cannot take them now
   * (the caller answers 503). A request without a body always passes.
   */
  admit(req: IncomingMessage, res: AdmittedResponse): boolean {
    const bytes = this.#bytesOf(req);
    if (bytes === 0) return true;
    if (this.#inFlight + bytes > this.capBytes) return false;
    this.#inFlight += bytes;
    res.reservedBodyBytes = bytes;
    res.on('close', this.#onClose);
    return true;
  }

  #bytesOf(req: IncomingMessage): number {
    const length = req.headers['content-length'];
    const chunked = req.headers['transfer-encoding'] !== undefined;
    const declared = length === undefined ? (chunked ? this.perRequestBytes : 0) : Number(length);
    // Beyond the per-request cap the route answers 413 without reading: nothing to reserve.
    return Number.isFinite(declared) && declared > 0 && declared <= this.perRequestBytes ? declared : 0;
  }
}

/** At most one warning per interval: a flood must not become a flood of log lines. */
function throttledWarn(log: Logger, intervalMs = 10_000): (msg: string, fields: Record<string, unknown>) => void {
  let last = 0;
  let suppressed = 0;
  return (msg, fields) => {
    const now = Date.now();
    if (now - last < intervalMs) { suppressed++; return; }
    log.warn({ ...fields, suppressed }, msg);
    last = now;
    suppressed = 0;
  };
}

export interface ConnectionLimits { maxConnections: number; maxConnectionsPerIp: number }

/**
 * Caps open sockets in total (node drops new ones beyond) and per remote address (destroyed at
 * once). Sockets that send nothing or half a header are node's headersTimeout's business (408).
 */
export function limitConnections(server: http.Server, limits: ConnectionLimits, log: Logger): { open(): number } {
  server.maxConnections = limits.maxConnections;
  const perIp = new Map<string, number>();
  let open = 0;
  const warn = throttledWarn(log);
  server.on('drop', () => warn('connection refused: maxConnections reached', { maxConnections: limits.maxConnections }));
  server.on('connection', (socket: Socket) => {
    const ip = socket.remoteAddress ?? '';
    const count = (perIp.get(ip) ?? 0) + 1;
    if (count > limits.maxConnectionsPerIp) {
      warn('connection refused: maxConnectionsPerIp reached', { ip, maxConnectionsPerIp: limits.maxConnectionsPerIp });
      socket.destroy();
      return;
    }
    perIp.set(ip, count);
    open++;
    socket.once('close', () => {
      open--;
      const left = (perIp.get(ip) ?? 1) - 1;
      if (left === 0) perIp.delete(ip); else perIp.set(ip, left);
    });
  });
  return { open: () => open };
}
