// The whole gateway (src/app.ts via test/support/gateway.ts) with promo outcome members on, plus an
// npm xmlrpc client bound to it: promotion tests go through the real wire and the real wiring.
import xmlrpc from 'xmlrpc';
import { startGateway, TEST_API_KEY, type TestGateway } from '../support/gateway.js';
import type { KeapDeps } from '../../src/keap/deps.js';
import type { PromotionAdmin } from '../../src/services/promotions.js';

export interface PromoGateway {
  gateway: TestGateway;
  deps: KeapDeps;
  admin: PromotionAdmin;
  call<T = unknown>(method: string, ...args: unknown[]): Promise<T>;
  close(): Promise<void>;
}

export async function startPromoGateway(env: Record<string, string> = {}): Promise<PromoGateway> {
  const gateway = await startGateway({ env: { GATEWAY_PROMO_OUTCOME_MEMBERS: 'true', ...env } });
  const client = xmlrpc.createClient({ host: '127.0.0.1', port: gateway.port, path: '/api/xmlrpc' });
  const call = <T>(method: string, ...args: unknown[]) => new Promise<T>((resolve, reject) => {
    client.methodCall(method, [TEST_API_KEY, ...args], (err, value) => (err ? reject(err) : resolve(value as T)));
  });
  return { gateway, deps: gateway.gateway.deps, admin: gateway.gateway.promotions, call, close: () => gateway.close() };
}
