// The whole gateway (src/app.ts) on the store named by BENCH_STORE (sqlite:<path> or redis://…),
// seeded for the placeOrder bench: 3 products, promo code BENCH10, BENCH_CONTACTS contacts and
// BENCH_ORDERS stored orders. First stdout line: {"port", "apiKey", "productIds", "contactIds",
// "orders"}. Then it takes commands on stdin, one per line, answering one JSON line each:
//   preload <n>  → tops the store up to n stored orders   {"orders": N, "seconds": S}
//   count        → {"orders": N, "commits": SQLite commits so far}
import { createInterface } from 'node:readline';
import pino from 'pino';
import { loadConfig } from '../../src/config/config.js';
import { buildApp } from '../../src/app.js';
import { openStore } from '../../src/store/open.js';
import { SCHEMA } from '../../src/store/schema.js';
import { GroupCommit } from '../../src/store/sqlite-group-commit.js';
import { preloadOrders, seedCatalogue } from '../orders-seed.js';

// SQLite commits so far (group-commit batches that wrote something), for "orders per commit".
let commits = 0;
const flush = GroupCommit.prototype.flush;
GroupCommit.prototype.flush = function (this: GroupCommit) {
  if ((this as unknown as { open: boolean }).open) commits++;
  return flush.call(this);
};

const storeUrl = process.env.BENCH_STORE;
if (!storeUrl) throw new Error('BENCH_STORE is required (sqlite:<path> or redis://host:port/db)');
const apiKey = 'bench-key-123456';
const config = {
  ...loadConfig({ ...process.env, GATEWAY_API_KEYS: apiKey, GATEWAY_STORE: storeUrl }),
  port: 0, host: '127.0.0.1',
};
// The production log line per call, written to /dev/null so the terminal is not the bottleneck.
const log = pino({ level: process.env.BENCH_LOG_LEVEL ?? 'info', base: undefined }, pino.destination({ dest: '/dev/null', sync: false }));
const store = await openStore(storeUrl, SCHEMA, { log });
const gateway = buildApp({ config, log, store });
const catalogue = await seedCatalogue(gateway, Number(process.env.BENCH_CONTACTS ?? 2000));
const orders = await preloadOrders(gateway, apiKey, catalogue, Number(process.env.BENCH_ORDERS ?? 1000), config.keap.invoiceIdOffset);
const { port } = await gateway.listen();
process.stdout.write(JSON.stringify({ port, apiKey, productIds: catalogue.productIds, contactIds: catalogue.contactIds, orders }) + '\n');

const commands: Record<string, (arg: number) => Promise<object>> = {
  preload: async (n) => {
    const t0 = performance.now();
    const total = await preloadOrders(gateway, apiKey, catalogue, n, config.keap.invoiceIdOffset);
    return { orders: total, seconds: (performance.now() - t0) / 1000 };
  },
  count: async () => ({ orders: await store.count('Job'), commits }),
};
// One command at a time, in order.
let queue = Promise.resolve();
createInterface({ input: process.stdin }).on('line', (line) => {
  const [name, arg] = line.trim().split(/\s+/);
  queue = queue.then(async () => {
    const run = commands[name];
    const answer = run ? await run(Number(arg)).catch((e: Error) => ({ error: e.message })) : { error: `unknown command ${name}` };
    process.stdout.write(JSON.stringify(answer) + '\n');
  });
});
process.on('SIGTERM', () => { void gateway.close().then(() => process.exit(0)); });
