// Composition root: config → store → services → server. The only place (with src/cli) that reads
// configuration and chooses adapters.
import { ConfigError, loadConfig } from './config/config.js';
import { createLogger } from './log.js';
import { openStore } from './store/open.js';
import { SCHEMA } from './store/schema.js';
import { buildApp } from './app.js';
import { loadPromotionsFile } from './services/promotions.js';
import { loadShippingTaxFile } from './services/shipping-tax/file.js';
import { devCredentialsInUse } from './config/credentials.js';
import { packageInfo } from './config/package-root.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`config error: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  const dev = devCredentialsInUse(config);
  if (dev.length) {
    log.warn({ credentials: dev }, `DEVELOPMENT CREDENTIALS IN USE (${dev.join(', ')}): anyone can call this gateway with them; set GATEWAY_API_KEYS / INVOICERA_TOKENS (or their _FILE twins) before exposing it`);
  }
  const store = await openStore(config.store, SCHEMA, { log });
  const gateway = buildApp({ config, log, store });
  if (config.promotionsFile) await loadPromotionsFile(config.promotionsFile, gateway.promotions);
  if (config.shippingTaxFile) await loadShippingTaxFile(config.shippingTaxFile, gateway.shippingTax);
  const { port } = await gateway.listen();
  log.info({ host: config.host, port, store: config.store.replace(/\/\/[^@]*@/, '//***@'), version: packageInfo().version }, 'gateway listening');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    // Drain first: /readyz says 503 so balancers stop sending, calls are still served meanwhile.
    gateway.drain();
    log.info({ signal, drainMs: config.drainMs }, 'shutting down: finishing in-flight calls');
    new Promise((resolve) => setTimeout(resolve, config.drainMs)).then(() => gateway.close()).then(
      () => { log.info('stopped'); process.exit(0); },
      (err) => { log.error({ err }, 'shutdown failed'); process.exit(1); },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`gateway failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
