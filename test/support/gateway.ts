// A whole gateway (src/app.ts) on 127.0.0.1, ephemeral port, memory store unless told otherwise.
import { loadConfig, type GatewayConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/log.js';
import { openStore } from '../../src/store/open.js';
import { SCHEMA } from '../../src/store/schema.js';
import { buildApp, type Gateway } from '../../src/app.js';
import type { Store } from '../../src/store/port.js';
import type { PaymentProcessor } from '../../src/services/payments/port.js';
import type { DestinationStream } from 'pino';

export const TEST_API_KEY = 'test-key-123456';

export interface TestGateway {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  base: string;
  /** The Keap legacy RPC URL (base + /api/xmlrpc). */
  url: string;
  port: number;
  store: Store;
  config: GatewayConfig;
  gateway: Gateway;
  close(): Promise<void>;
}

export async function startGateway(opts: {
  env?: Record<string, string>; store?: Store; now?: () => Date; payments?: PaymentProcessor;
  /** Where the log lines go (default stdout), e.g. a stream a test reads them from. */
  logTo?: DestinationStream;
} = {}): Promise<TestGateway> {
  const config = loadConfig({
    GATEWAY_API_KEYS: TEST_API_KEY,
    GATEWAY_STORE: 'memory',
    LOG_LEVEL: 'silent',
    PORT: '0',
    HOST: '127.0.0.1',
    ...opts.env,
  });
  const log = createLogger(config.logLevel, opts.logTo);
  const store = opts.store ?? await openStore(config.store, SCHEMA, { log });
  const gateway = buildApp({ config, log, store, now: opts.now, payments: opts.payments });
  const { port } = await gateway.listen();
  const base = `http://127.0.0.1:${port}`;
  return { base, url: `${base}/api/xmlrpc`, port, store, config, gateway, close: () => gateway.close() };
}
