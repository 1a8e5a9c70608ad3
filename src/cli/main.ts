// keap-gateway command line (commander): `serve` (the gateway), `promo …` (promotion
// administration), `user …` (login users), `shipping …` and `tax …` (shipping options, tax
// rates), `affiliate …` (affiliates, payouts, clawbacks), `billing …` (the billing engine). The CLI
// opens the store from the same configuration as the gateway (config/default.json, GATEWAY_CONFIG,
// environment), so with a shared store (sqlite:<path>, redis://) it administers the running gateway.
// Exit codes: 0 ok (also --help, --version), 1 refused (the service said no, or the store failed),
// 2 usage or configuration error. Answers go to stdout, errors to stderr.
import type { AdminCommand } from './command.js';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { ConfigError, loadConfig, type GatewayConfig } from '../config/config.js';
import { packageInfo } from '../config/package-root.js';
import { createLogger } from '../log.js';
import { openStore } from '../store/open.js';
import { SCHEMA } from '../store/schema.js';
import { DomainError } from '../errors.js';
import { PromotionAdmin } from '../services/promotions.js';
import type { Flags } from './promo-flags.js';
import { PROMO_COMMANDS } from './promo.js';
import { USER_COMMANDS } from './user.js';
import { BILLING_COMMANDS } from './billing.js';
import { buildApp } from '../app.js';
import { UserBook } from '../services/users.js';
import { ShippingTaxAdmin } from '../services/shipping-tax/admin.js';
import { SHIPPING_COMMANDS, TAX_COMMANDS } from './shipping.js';
import { AFFILIATE_COMMANDS } from './affiliate.js';
import { AffiliateBook } from '../affiliates/book.js';
import type { Store } from '../store/port.js';
import { consoleOutput, processIo, UsageError, type CliIo } from './output.js';

export const EXIT = { ok: 0, refused: 1, usage: 2 } as const;

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** commander keeps options camel-cased; the promo tables name them as typed (`total-uses`). */
function flagsOf(cmd: Command): Flags {
  const values = cmd.opts();
  const flags: Flags = {};
  for (const o of cmd.options) flags[o.long!.slice(2)] = values[o.attributeName()] as Flags[string];
  return flags;
}

async function runAdmin<S>(make: (store: Store, config: GatewayConfig) => S, spec: AdminCommand<S>, cmd: Command, env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  const flags = flagsOf(cmd);
  const o = consoleOutput(flags.json !== undefined && flags.json !== false, io);
  let store;
  try {
    const config = loadConfig(env);
    if (config.store === 'memory') o.error('warning: GATEWAY_STORE is "memory": changes vanish when this command exits');
    store = await openStore(config.store, SCHEMA, { log: createLogger('silent') });
    await spec.run(make(store, config), flags, cmd.args, o);
    return EXIT.ok;
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError) { o.error(e.message); return EXIT.usage; }
    if (e instanceof DomainError) { o.error(e.message); return EXIT.refused; }
    o.error(`unexpected failure: ${(e as Error).message}`);
    return EXIT.refused;
  } finally {
    await store?.close();
  }
}

/** The command tree; `done` receives each action's exit code. */
function program(env: NodeJS.ProcessEnv, io: CliIo, done: (code: number) => void): Command {
  const { version } = packageInfo();
  const root = new Command('keap-gateway')
    .description('Keap-compatible XML-RPC order & invoice gateway')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(add --help for usage)')
    .version(version, '-V, --version');
  // Subcommands inherit exitOverride and the output settings; --version is added to each.
  const sub = (parent: Command, name: string, description: string) =>
    parent.command(name).description(description).version(version, '-V, --version');

  sub(root, 'serve', 'run the gateway (configuration from config/default.json and the environment)')
    .action(async () => { await import('../main.js'); done(EXIT.ok); });

  const mount = <S>(group: Command, commands: Record<string, AdminCommand<S>>, make: (store: Store, config: GatewayConfig) => S) => {
    for (const [name, spec] of Object.entries(commands)) {
      const cmd = sub(group, name, spec.description);
      for (const a of spec.args) cmd.argument(a);
      for (const o of spec.options) {
        const opt = new Option(o.flags, o.description);
        if (o.repeatable) opt.argParser(collect);
        cmd.addOption(opt);
      }
      cmd.action(async (...a: unknown[]) => { done(await runAdmin(make, spec, a[a.length - 1] as Command, env, io)); });
    }
  };
  mount(sub(root, 'promo', 'administer promotions and promo codes in the configured store'), PROMO_COMMANDS,
    (store) => new PromotionAdmin(store, { now: () => new Date() }));
  mount(sub(root, 'user', 'administer the users who log in with DataService.authenticateUser'), USER_COMMANDS,
    (store) => new UserBook(store));
  mount(sub(root, 'shipping', 'administer the shipping options placeOrder and ShippingService use'), SHIPPING_COMMANDS,
    (store) => new ShippingTaxAdmin(store));
  mount(sub(root, 'tax', 'administer the tax rates by region placeOrder and recalculateTax use'), TAX_COMMANDS,
    (store) => new ShippingTaxAdmin(store));
  mount(sub(root, 'affiliate', 'administer affiliates, their payouts and redirect links, and clawbacks'), AFFILIATE_COMMANDS,
    (store, config) => new AffiliateBook(store, { currency: config.keap.currency, now: () => new Date() }));
  // The whole service graph on the store (as the gateway has it), without listening or a scheduler.
  mount(sub(root, 'billing', 'run the billing engine on the configured store, or show what is due'), BILLING_COMMANDS,
    (store, config) => buildApp({ config: { ...config, billing: { intervalMs: 0 } }, log: createLogger('silent'), store }).deps.billing);
  return root;
}

/** Runs one CLI invocation; returns the exit code (EXIT). */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env, io: CliIo = processIo): Promise<number> {
  let code: number = EXIT.ok;
  try {
    await program(env, io, (c) => { code = c; }).parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    // --help / --version print and succeed; a bare `promo` shows its help as a usage error.
    return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? EXIT.ok : EXIT.usage;
  }
}

/** The bin's entry: sets the process exit code (serve keeps running). */
export async function main(argv: string[]): Promise<void> {
  process.exitCode = await runCli(argv);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main(process.argv.slice(2));
