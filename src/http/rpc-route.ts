// The XML-RPC request pipeline on raw node:http, in order:
//   method check → transport auth → content-encoding → read body → inflate → decode → dispatch → encode
//   → write (coalesced per event-loop turn, write-batch.ts).
// Transport problems get a 4xx; everything after a readable body is HTTP 200 with XML (faults included).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Limits } from '../config/config.js';
import type { Dispatcher } from '../xmlrpc/dispatcher.js';
import type { CallContext, TransportAuthenticator } from '../xmlrpc/handler.js';
import { Fault, isStruct, type XmlRpcValue } from '../xmlrpc/types.js';
import { WorkBudget, type WorkLimits } from '../xmlrpc/budget.js';
import { decodeMethodCall } from '../xmlrpc/decode.js';
import { encodeFault, encodeResponsePaced } from '../xmlrpc/encode.js';
import { charsetOf } from '../xmlrpc/charset.js';
import { INVOKE_FAULT } from '../xmlrpc/fault-codes.js';
import { TransportError, checkEncoding, inflate, readBody } from './body.js';
import { batchWrite } from './write-batch.js';

export interface RpcRouteOptions {
  limits: Limits;
  log: Logger;
  dispatcher: Dispatcher;
  authenticate?: TransportAuthenticator;
  i8?: boolean;
  /** Metrics of each answered request (route = the canonical RPC path). */
  observe?: (route: string, method: string, status: number, seconds: number) => void;
  /** True once shutdown began: replies then ask the client to close the connection. */
  closing: () => boolean;
}

/** What the one log line of a request says (never params: they hold keys and card numbers). */
interface Outcome { status: number; methods?: string[]; faultCode?: number; error?: string }

const RPC_PATHS = new Set(['/api/xmlrpc', '/crm/xmlrpc/v1', '/crm/xmlrpc', '/RPC2']);

export function isRpcPath(pathname: string): boolean {
  return RPC_PATHS.has(rpcRoute(pathname));
}

/** The path without a trailing slash: one of RPC_PATHS for an RPC request (its metrics route). */
function rpcRoute(pathname: string): string {
  return pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
}

const MAX_LOGGED_METHODS = 20;

/** Method names for the log line: a multicall lists its entries' names. */
function methodNames(methodName: string, params: XmlRpcValue[]): string[] {
  if (methodName !== 'system.multicall' || !Array.isArray(params[0])) return [methodName];
  const names = [methodName];
  for (const c of params[0].slice(0, MAX_LOGGED_METHODS)) {
    if (isStruct(c) && typeof c.methodName === 'string') names.push(c.methodName.slice(0, 100));
  }
  return names;
}

const XML_TYPE = 'text/xml; charset=UTF-8';
const TEXT_TYPE = 'text/plain; charset=UTF-8';

/**
 * Writes the whole response. Headers go to writeHead as one flat array (no per-request header
 * object for node to copy into its own, each value validated once); X-Request-Id is among them.
 */
function send(res: ServerResponse, status: number, body: string, contentType: string, reqId: string, closing: boolean): void {
  const headers: Array<string | number> = ['Content-Type', contentType, 'Content-Length', Buffer.byteLength(body), 'X-Request-Id', reqId];
  if (closing || status === 413) headers.push('Connection', 'close');
  if (status === 405) headers.push('Allow', 'POST');
  if (status === 401) headers.push('WWW-Authenticate', 'Bearer');
  res.writeHead(status, headers);
  res.end(body);
}

function headerMap(req: IncomingMessage): Record<string, string | undefined> {
  return req.headers as Record<string, string | undefined>;
}

/**
 * The CallContext of one HTTP request. A class, not an object literal with a getter: a literal with
 * an accessor is built through the runtime on every request (~0.5 µs), a class instance is not.
 * `log` is on the prototype, so a copy made by spreading must take it explicitly (the dispatcher's
 * multicall does: `{ ...ctx, log: ctx.log, … }`).
 */
class RpcCallContext implements CallContext {
  readonly state: CallContext['state'];
  readonly inMulticall = false;
  readonly #baseLog: Logger;
  #log: Logger | undefined;

  constructor(
    readonly requestId: string,
    readonly headers: Readonly<Record<string, string | undefined>>,
    readonly query: URLSearchParams,
    transportAuth: 'none' | 'valid',
    baseLog: Logger,
    work: WorkLimits,
    startedAt: number,
  ) {
    this.state = { failedAuth: 0, transportAuth, budget: new WorkBudget(work, startedAt) };
    this.#baseLog = baseLog;
  }

  /** Most handlers never log: the child logger is built only when asked (it costs per request). */
  get log(): Logger { return (this.#log ??= this.#baseLog.child({ reqId: this.requestId })); }
}

export function createRpcRoute(opts: RpcRouteOptions) {
  const { limits, log, dispatcher } = opts;
  const encodeOptions = { i8: opts.i8 ?? true };
  const work: WorkLimits = { rowsExamined: limits.rowsExamined, rowsReturned: limits.rowsReturned, replyBytes: limits.replyBytes };

  const tooLarge = () => new Fault(INVOKE_FAULT, `the reply would exceed the limit of ${limits.replyBytes} bytes per request: ask for fewer rows or split the batch`);

  /** The reply cap, exact: whatever a handler returned, an oversized reply becomes a fault. */
  function capped(xml: string): string {
    if (xml.length <= limits.replyBytes / 3 || Buffer.byteLength(xml) <= limits.replyBytes) return xml;
    throw tooLarge();
  }

  async function call(req: IncomingMessage, query: URLSearchParams, reqId: string, outcome: Outcome, started: number): Promise<string> {
    const transportAuth = opts.authenticate ? opts.authenticate(headerMap(req), query) : 'none';
    if (transportAuth === 'invalid') throw new TransportError(401, 'invalid credentials');
    checkEncoding(req.headers['content-encoding']);
    const raw = await readBody(req, limits.bodyBytes);
    const body = inflate(raw, req.headers['content-encoding'], limits.inflatedBytes);
    outcome.status = 200;
    try {
      const { methodName, params } = decodeMethodCall(body, {
        maxDepth: limits.nestingDepth, maxElements: limits.elementCount, charset: charsetOf(req.headers['content-type']),
      });
      outcome.methods = methodNames(methodName, params);
      const ctx = new RpcCallContext(reqId, headerMap(req), query, transportAuth, log, work, started);
      const result = await dispatcher.dispatch(methodName, params, ctx);
      return capped(await encodeResponsePaced(result, encodeOptions, ctx.state.budget, limits.replyBytes, tooLarge));
    } catch (err) {
      const fault = err instanceof Fault ? err : new Fault(INVOKE_FAULT, 'Internal error');
      if (!(err instanceof Fault)) log.error({ err, reqId }, 'unexpected error outside a handler');
      outcome.faultCode = fault.faultCode;
      return encodeFault(fault);
    }
  }

  /** A transport failure (or an unexpected error): 4xx/500 text reply if nothing was sent yet. */
  function fail(req: IncomingMessage, res: ServerResponse, reqId: string, outcome: Outcome, err: unknown): void {
    const status = err instanceof TransportError ? err.status : 500;
    outcome.status = status;
    outcome.error = err instanceof Error ? err.message : String(err);
    if (status === 500) log.error({ err, reqId }, 'rpc transport failure');
    // Transport messages are ours and safe to show; anything else stays in the log.
    const text = status === 500 ? 'internal error' : outcome.error;
    if (!res.headersSent && !res.destroyed) send(res, status, `${text}\n`, TEXT_TYPE, reqId, opts.closing());
    if (status === 413) req.resume(); // drain what is in flight; Connection: close ends the rest
  }

  /** The one log line of a request (never params: they hold keys and card numbers), and its metrics. */
  function logLine(req: IncomingMessage, reqId: string, pathname: string, outcome: Outcome, started: number): void {
    const ms = performance.now() - started;
    opts.observe?.(rpcRoute(pathname), req.method ?? '', outcome.status, ms / 1e3);
    log.info({ reqId, path: pathname, methods: outcome.methods, status: outcome.status, faultCode: outcome.faultCode, error: outcome.error, ms: Math.round(ms * 100) / 100 }, 'xmlrpc');
  }

  /** `reqId`: the request's id (requestIdOf), made by the caller so its last-resort 500 carries it too. */
  return async function handleRpc(req: IncomingMessage, res: ServerResponse, query: URLSearchParams, pathname: string, reqId: string): Promise<void> {
    // One clock read for the log line's duration and the work budget's first slice.
    const started = performance.now();
    const outcome: Outcome = { status: 200 };
    let xml: string;
    try {
      if (req.method !== 'POST') throw new TransportError(405, 'XML-RPC needs POST');
      xml = await call(req, query, reqId, outcome, started);
    } catch (err) {
      try { fail(req, res, reqId, outcome, err); } finally { logLine(req, reqId, pathname, outcome, started); }
      return;
    }
    // The XML reply (faults included) goes through the per-turn write batch (write-batch.ts).
    batchWrite(() => {
      try {
        send(res, 200, xml, XML_TYPE, reqId, opts.closing());
      } catch (err) {
        try { fail(req, res, reqId, outcome, err); } catch (e) { log.error({ err: e, reqId }, 'rpc route failed'); res.destroy(); }
      } finally {
        logLine(req, reqId, pathname, outcome, started);
      }
    });
  };
}
