// The contract between the wire layer and the services registered on it.
import type { Logger } from 'pino';
import type { XmlRpcValue } from './types.js';
import type { WorkBudget } from './budget.js';

/** Per-HTTP-request state shared by every call in it (a multicall holds many calls). */
export interface RequestState {
  /** Failed authentications so far in this HTTP request (WordPress-style multicall brute-force brake). */
  failedAuth: number;
  /**
   * Result of the transport-level credential check (X-Keap-API-Key, Authorization: Bearer,
   * ?access_token=) run by the HTTP layer before decoding: 'valid' means services must ignore the
   * key in param 1; 'none' means no header/query credential was sent. An invalid one never gets
   * here: the HTTP layer answers 401.
   */
  transportAuth: 'none' | 'valid';
  /** Rows and reply bytes this request may still cost (budget.ts), shared by a multicall's calls. */
  budget: WorkBudget;
}

/** Checks a header/query credential before any XML is parsed. Supplied by the Keap layer. */
export type TransportAuthenticator = (
  headers: Readonly<Record<string, string | undefined>>,
  query: URLSearchParams,
) => 'none' | 'valid' | 'invalid';

export interface CallContext {
  requestId: string;
  /** HTTP request headers, lower-cased names. */
  headers: Readonly<Record<string, string | undefined>>;
  /** Query string of the request URL (e.g. ?access_token=). */
  query: URLSearchParams;
  state: RequestState;
  log: Logger;
  /** True while running inside system.multicall. */
  inMulticall: boolean;
  /** Position of this call in its system.multicall (0-based); undefined outside one. */
  multicallIndex?: number;
}

export type Handler = (params: XmlRpcValue[], ctx: CallContext) => XmlRpcValue | Promise<XmlRpcValue>;

export interface MethodSpec {
  name: string;
  handler: Handler;
  /** For system.methodHelp. */
  help?: string;
  /** For system.methodSignature: each entry is [returnType, ...paramTypes] using XML-RPC type names. */
  signatures?: string[][];
}

/**
 * Turns anything thrown by a handler into a Fault. Supplied by the service layer (Keap fault
 * catalogue) so the wire layer knows no business fault codes.
 */
export type ErrorToFault = (err: unknown, method: string) => import('./types.js').Fault;
