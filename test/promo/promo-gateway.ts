// The whole gateway (src/app.ts via test/support/gateway.ts) with promo outcome members on, plus an
// npm xmlrpc client bound to it: promotion tests go through the real wire and the real wiring.
import { startGateway, type TestGateway } from '../support/gateway.js';
import { keapClient } from '../support/rpc.js';
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
  const keap = keapClient(gateway.port);
  const call = <T>(method: string, ...args: unknown[]): Promise<T> => keap(method, ...args);
  return { gateway, deps: gateway.gateway.deps, admin: gateway.gateway.promotions, call, close: () => gateway.close() };
}
