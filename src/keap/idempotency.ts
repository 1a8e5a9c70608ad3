// Idempotency-Key (extension, docs/operations.md): a retried write returns the first call's result
// instead of acting twice. The claim is one store transaction on a kv entry: the store versions
// kv reads inside transactions (memory/SQLite are serial; Redis re-runs on a changed version), so
// of two instances racing for a key exactly one claims it. Records are keyed by a hash of the
// credential and the key — neither is stored in clear — so two tenants never collide.
import { hash, randomUUID } from 'node:crypto';
import type { Store } from '../store/port.js';
import type { CallContext, MethodSpec } from '../xmlrpc/handler.js';
import { Fault, type XmlRpcValue } from '../xmlrpc/types.js';
import { faults, keapErrorToFault, keapFault } from './faults.js';
import { fromTagged, toTagged, type TaggedJson } from './idempotency-values.js';

/** The Keap methods that honour Idempotency-Key: every write a client would retry. */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set([
  'OrderService.placeOrder',
  'InvoiceService.createBlankOrder',
  'InvoiceService.addOrderItem',
  'InvoiceService.addManualPayment',
  'InvoiceService.chargeInvoice',
  'APIEmailService.sendEmail',
]);

export interface IdempotencyOptions {
  store: Store;
  /** How long a finished call's result is remembered. */
  ttlSeconds: number;
  /** How long a running call's claim holds; after that (its instance died) a retry may take over. */
  leaseMs: number;
  /** How long a retry waits for the first call to finish before faulting "still in progress". */
  waitMs: number;
  now?: () => number;
}

/** Faults that depend on the moment, not on the input: never remembered, so a retry can succeed. */
const TRANSIENT_FAULT_CODES = new Set([
  0, // internal error
  3, // Unexpected (limit contention: "please retry")
  4, // DatabaseError (store unavailable)
]);

type Entry =
  | { s: 'run'; fp: string; owner: string; lease: number }
  | { s: 'done'; fp: string; r?: TaggedJson; f?: [number, string] };

const KEY_TEXT = /^[\x21-\x7e](?:[\x20-\x7e]{0,253}[\x21-\x7e])?$/;
const sha256 = (s: string) => hash('sha256', s, 'hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Where the caller's credential came from; the same order as the transport check (auth.ts). */
const CREDENTIAL_SOURCES: Array<(ctx: CallContext) => string | undefined> = [
  (ctx) => ctx.headers['x-keap-api-key'],
  (ctx) => /^Bearer\s+(.+)$/i.exec(ctx.headers.authorization ?? '')?.[1]?.trim(),
  (ctx) => ctx.query.get('access_token') ?? undefined,
];

function credentialOf(params: XmlRpcValue[], ctx: CallContext): string {
  if (ctx.state.transportAuth === 'valid') {
    for (const source of CREDENTIAL_SOURCES) {
      const c = source(ctx);
      if (c !== undefined) return c;
    }
  }
  return typeof params[0] === 'string' ? params[0] : '';
}

function requestKey(params: XmlRpcValue[], ctx: CallContext): string | undefined {
  const header = ctx.headers['idempotency-key'];
  if (header === undefined) return undefined;
  if (!KEY_TEXT.test(header)) throw faults.invalidParameter('Idempotency-Key must be 1 to 255 printable ASCII characters');
  if (!ctx.inMulticall) return header;
  return `${header}#${ctx.multicallIndex ?? 0}`;
}

/** Wraps one method so an Idempotency-Key header makes it act at most once per key. */
export function withIdempotency(spec: MethodSpec, opts: IdempotencyOptions): MethodSpec {
  const { store } = opts;
  const now = opts.now ?? Date.now;
  const ttlMs = opts.ttlSeconds * 1000;

  /** Claims the key, or returns the entry that holds it. */
  const claim = (key: string, fp: string, owner: string) => store.transact(async (tx) => {
    const cur = await tx.getKv<Entry>(key);
    if (cur && (cur.fp !== fp || cur.s === 'done' || cur.lease > now())) return cur;
    tx.putKv(key, { s: 'run', fp, owner, lease: now() + opts.leaseMs } satisfies Entry, ttlMs);
    return undefined;
  });

  /** Writes (or with undefined, drops) our entry, unless another caller took over after our lease. */
  const settle = async (key: string, owner: string, entry: Entry | undefined, ctx: CallContext) => {
    try {
      await store.transact(async (tx) => {
        const cur = await tx.getKv<Entry>(key);
        if (!cur || cur.s !== 'run' || cur.owner !== owner) return;
        if (entry) tx.putKv(key, entry, ttlMs); else tx.deleteKv(key);
      });
    } catch (err) {
      // The call itself is done; its claim lapses after leaseMs and a retry may then act again.
      ctx.log.warn({ err, method: spec.name }, 'idempotency record could not be saved');
    }
  };

  const replay = (entry: Extract<Entry, { s: 'done' }>, ctx: CallContext): XmlRpcValue => {
    ctx.log.info({ method: spec.name, idempotentReplay: true }, 'idempotent replay');
    if (entry.f) throw new Fault(entry.f[0], entry.f[1]);
    return fromTagged(entry.r ?? ['z']);
  };

  return {
    ...spec,
    handler: async (params, ctx) => {
      const header = requestKey(params, ctx);
      if (header === undefined) return spec.handler(params, ctx);
      const key = `idem:${sha256(`${sha256(credentialOf(params, ctx))}\n${header}`)}`;
      const fp = sha256(JSON.stringify([spec.name, params.slice(1).map((p) => toTagged(p, true))]));
      const owner = randomUUID();
      const deadline = now() + opts.waitMs;
      for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
        const held = await claim(key, fp, owner);
        if (!held) break;
        if (held.fp !== fp) {
          throw keapFault('invalidParameter', 'Idempotency-Key was already used with different parameters (or another method)');
        }
        if (held.s === 'done') return replay(held, ctx);
        if (now() >= deadline) {
          throw keapFault('unexpected', 'A request with this Idempotency-Key is still in progress, retry later');
        }
        await sleep(delay);
      }
      try {
        const result = await spec.handler(params, ctx);
        await settle(key, owner, { s: 'done', fp, r: toTagged(result) }, ctx);
        return result;
      } catch (err) {
        const fault = keapErrorToFault(err, spec.name);
        const remembered = !TRANSIENT_FAULT_CODES.has(fault.faultCode);
        await settle(key, owner, remembered ? { s: 'done', fp, f: [fault.faultCode, fault.faultString] } : undefined, ctx);
        throw err;
      }
    },
  };
}
