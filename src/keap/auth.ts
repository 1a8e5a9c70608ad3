// Keap authentication (keap-xmlrpc.md §1.2). A header/query credential (X-Keap-API-Key, Bearer,
// ?access_token=) is checked by the HTTP layer before parsing and then wins: param 1 is ignored.
// Without one, param 1 must be a configured key. Comparison is constant time.
import { hash, timingSafeEqual } from 'node:crypto';
import type { CallContext, MethodSpec, TransportAuthenticator } from '../xmlrpc/handler.js';
import { faults } from './faults.js';

export type KeyCheck = (candidate: unknown) => boolean;

// One-shot hash: no Hash object per call (the key check runs on every call).
const digest = (s: string) => hash('sha256', s, 'buffer');

/** A checker that compares equal-length digests and always looks at every key (no early exit). */
export function createKeyCheck(apiKeys: readonly string[]): KeyCheck {
  const digests = apiKeys.map(digest);
  return (candidate) => {
    if (typeof candidate !== 'string' || candidate === '') return false;
    const d = digest(candidate);
    let ok = false;
    for (const k of digests) ok = timingSafeEqual(d, k) || ok;
    return ok;
  };
}

/** Where a transport credential may come from, in priority order. */
const CREDENTIAL_SOURCES: Array<(h: Readonly<Record<string, string | undefined>>, q: URLSearchParams) => string | undefined> = [
  (h) => h['x-keap-api-key'],
  (h) => /^Bearer\s+(.+)$/i.exec(h.authorization ?? '')?.[1]?.trim(),
  (_h, q) => q.get('access_token') ?? undefined,
];

/** The HTTP layer's credential check: 'none' without a credential, 'invalid' answers 401. */
export function createTransportAuthenticator(apiKeys: readonly string[]): TransportAuthenticator {
  const check = createKeyCheck(apiKeys);
  return (headers, query) => {
    for (const source of CREDENTIAL_SOURCES) {
      const cred = source(headers, query);
      if (cred !== undefined) return check(cred) ? 'valid' : 'invalid';
    }
    return 'none';
  };
}

/** `<Service>.echo` is the connect-time probe SDKs send without a key. */
export const isKeyless = (method: string) => method.endsWith('.echo');

/**
 * Throws fault 2 unless the call is authenticated. After one failure in an HTTP request every later
 * call in the same multicall fails without being checked (brute-force brake).
 */
export function assertAuthenticated(params: readonly unknown[], ctx: CallContext, check: KeyCheck): void {
  if (ctx.state.transportAuth === 'valid') return;
  if (ctx.state.failedAuth > 0 || !check(params[0])) {
    ctx.state.failedAuth += 1;
    throw faults.invalidKey();
  }
}

/** Wrap a method with the key check (echo methods stay open). */
export function withAuth(spec: MethodSpec, check: KeyCheck): MethodSpec {
  if (isKeyless(spec.name)) return spec;
  return {
    ...spec,
    handler: (params, ctx) => {
      assertAuthenticated(params, ctx, check);
      return spec.handler(params, ctx);
    },
  };
}
