// keap-gateway command line: `serve` (the gateway) and `promo …` (promotion administration). The
// CLI opens the store from the same configuration as the gateway (config/default.json, GATEWAY_CONFIG,
// environment), so with a shared store (sqlite:<path>, redis://) it administers the running gateway.
import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfig } from '../config/config.js';
import { createLogger } from '../log.js';
import { openStore } from '../store/open.js';
import { SCHEMA } from '../store/schema.js';
import { DomainError } from '../errors.js';
import { PromotionAdmin } from '../services/promotions.js';
import { PROMO_COMMANDS, parsePromoArgs, promoUsage } from './promo.js';
import { consoleOutput, UsageError, type Output } from './output.js';
import { own } from '../own.js';

const USAGE = `usage:\n  keap-gateway serve\n${promoUsage()}\n`;

/** Runs one CLI invocation; returns the exit code (0 ok, 1 refused by the service, 2 usage/config). */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env, out?: Output): Promise<number> {
  const [group, sub, ...rest] = argv;
  const o = out ?? consoleOutput(rest.includes('--json'));
  if (group === 'serve') {
    await import('../main.js');
    return 0;
  }
  const command = sub === undefined ? undefined : own(PROMO_COMMANDS, sub);
  if (group !== 'promo' || !command) {
    o.error(group === undefined || group === 'help' || group === '--help' ? 'a command is required' : `unknown command "${[group, sub].filter(Boolean).join(' ')}"`);
    process.stderr.write(USAGE);
    return 2;
  }
  let store;
  try {
    const { flags, args } = parsePromoArgs(command, rest);
    const config = loadConfig(env);
    if (config.store === 'memory') o.error('warning: GATEWAY_STORE is "memory": changes vanish when this command exits');
    store = await openStore(config.store, SCHEMA, { log: createLogger('silent') });
    await command.run(new PromotionAdmin(store, { now: () => new Date() }), flags, args, o);
    return 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError) { o.error(e.message); return 2; }
    if (e instanceof DomainError) { o.error(e.message); return 1; }
    o.error(`unexpected failure: ${(e as Error).message}`);
    return 1;
  } finally {
    await store?.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href || process.env.KEAP_GATEWAY_BIN === '1') {
  runCli(process.argv.slice(2)).then((code) => { if (code !== 0 || process.argv[2] !== 'serve') process.exitCode = code; });
}
