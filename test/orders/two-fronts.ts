// One gateway (or two on one store) with both fronts, for the orders tests: Keap XML-RPC through the
// npm xmlrpc client, the Invoicera XML API through fetch, and a Keap fault read as a value.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import type { ChargeRequest, ChargeResult, PaymentProcessor } from '../../src/services/payments/port.js';
import { TestPaymentProcessor } from '../../src/services/payments/test-processor.js';
import { postInvoicera, tagText } from '../invoicera-api/support.js';
import { keapClient } from '../support/rpc.js';

export const TOKEN = 'orders-invoicera-token';
type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Fronts {
  gw: TestGateway;
  keap(method: string, ...params: unknown[]): Promise<Any>;
  /** The fault a Keap call raises, or undefined when it succeeds. */
  keapFault(method: string, ...params: unknown[]): Promise<{ faultCode: number; faultString: string } | undefined>;
  /** POST `<request method>` inner; status, text and a tag reader. */
  invoicera(method: string, inner: string): Promise<{ status: number; xml: string; tag(name: string): string | undefined }>;
}

export function fronts(gw: TestGateway): Fronts {
  const keap = keapClient(gw.port);
  return {
    gw,
    keap,
    keapFault: (method, ...params) => keap(method, ...params).then(() => undefined, (err: Any) => {
      if (typeof err?.faultCode !== 'number') throw err;
      return { faultCode: err.faultCode, faultString: String(err.faultString) };
    }),
    async invoicera(method, inner) {
      const { status, xml } = await postInvoicera(gw.base, TOKEN, method, inner);
      return { status, xml, tag: (name) => tagText(xml, name) };
    },
  };
}

/** Store URLs per kind, each a fresh data set; `done()` removes what was made. */
export function storeKinds() {
  let redis: RedisServer | undefined;
  let db = 0;
  const dirs: string[] = [];
  return {
    kinds: ['sqlite', 'redis'] as const,
    async url(kind: 'sqlite' | 'redis'): Promise<string> {
      if (kind === 'sqlite') {
        const dir = mkdtempSync(join(tmpdir(), 'orders-'));
        dirs.push(dir);
        return `sqlite:${join(dir, 'gw.db')}`;
      }
      redis ??= await startRedis();
      return `${redis.url.replace(/\/\d*$/, '')}/${++db}`;
    },
    async done() {
      await redis?.stop();
      await redis?.remove();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
}

export function startFronts(storeUrl: string, payments?: PaymentProcessor): Promise<TestGateway> {
  return startGateway({ env: { GATEWAY_STORE: storeUrl, INVOICERA_TOKENS: TOKEN, GATEWAY_PROMO_OUTCOME_MEMBERS: 'true' }, payments });
}

/**
 * The 50 ms test processor, held open while a test makes a concurrent call: `started` resolves
 * when a charge reaches it, and the charge answers once `release()` was called.
 */
export class HeldProcessor implements PaymentProcessor {
  readonly inner = new TestPaymentProcessor(undefined, { latencyMs: 50 });
  readonly requests: ChargeRequest[] = [];
  private open!: () => void;
  private readonly gate = new Promise<void>((r) => { this.open = r; });
  private signal!: () => void;
  readonly started = new Promise<void>((r) => { this.signal = r; });
  release(): void { this.open(); }
  async charge(req: ChargeRequest): Promise<ChargeResult> {
    this.requests.push(req);
    this.signal();
    await this.gate;
    return this.inner.charge(req);
  }
  lookup(reference: string) { return this.inner.lookup(reference); }
}
