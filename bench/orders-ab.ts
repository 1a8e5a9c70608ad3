// A/B of two source trees in ONE process: each tree gets its own gateway and SQLite file, and
// rounds of placeOrder alternate between them, so the machine's drift (other processes on the
// shared cores) hits both alike. Prints CPU per order per round and the median after/before ratio.
//   [AB_REDIS=redis://host:port] npx tsx bench/orders-ab.ts <before-tree> <after-tree> [rounds (8)] [orders per round (600)]
// A tree is a checkout (or `git archive` copy) with node_modules reachable from it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pino from 'pino';

const [beforeDir, afterDir] = [process.argv[2], process.argv[3]].map((d) => resolve(d ?? '.'));
const rounds = Number(process.argv[4] ?? 8);
const perRound = Number(process.argv[5] ?? 600);
const apiKey = 'bench-key-123456';
const log = pino({ level: 'info', base: undefined }, pino.destination({ dest: '/dev/null', sync: false }));
const tmp = mkdtempSync(join(tmpdir(), 'gw-ab-'));

type Place = (n: number) => Promise<void>;
async function setUp(tree: string, name: string): Promise<{ place: Place; close: () => Promise<void> }> {
  const mod = (p: string) => import(pathToFileURL(join(tree, p)).href);
  const [{ loadConfig }, { buildApp }, { openStore }, { SCHEMA }, seed, { UNLIMITED, WorkBudget }] = await Promise.all([
    mod('src/config/config.ts'), mod('src/app.ts'), mod('src/store/open.ts'), mod('src/store/schema.ts'),
    mod('bench/orders-seed.ts'), mod('src/xmlrpc/budget.ts'),
  ]);
  // AB_REDIS=redis://host:port: both trees on that Redis, each under a fresh key prefix.
  const url = process.env.AB_REDIS ? `${process.env.AB_REDIS}/0?prefix=ab-${name}-${Date.now()}` : `sqlite:${join(tmp, `${name}.db`)}`;
  const config = { ...loadConfig({ GATEWAY_API_KEYS: apiKey, GATEWAY_STORE: url }), port: 0, host: '127.0.0.1' };
  const store = await openStore(url, SCHEMA, { log });
  const gw = buildApp({ config, log, store });
  const cat = await seed.seedCatalogue(gw, 2000);
  await seed.preloadOrders(gw, apiKey, cat, Number(process.env.PRELOAD ?? 1000), 0);
  const ctx = {
    requestId: 'ab', headers: {}, query: new URLSearchParams(), log, inMulticall: false,
    state: { failedAuth: 0, transportAuth: 'none', budget: new WorkBudget(UNLIMITED) },
  };
  let k = 0;
  const place: Place = async (n) => {
    let left = n;
    const caller = async () => {
      while (left-- > 0) {
        const c = cat.contactIds[k++ % cat.contactIds.length];
        await gw.dispatcher.dispatch('OrderService.placeOrder', [apiKey, c, 0, 0, cat.productIds, [], true, [seed.PROMO_CODE]], ctx);
      }
    };
    await Promise.all(Array.from({ length: 50 }, caller));
  };
  return { place, close: () => gw.close() };
}

const a = await setUp(beforeDir, 'before');
const b = await setUp(afterDir, 'after');
await a.place(400); await b.place(400); // JIT warm-up of both
const cpuMs = async (place: Place) => {
  const c0 = process.cpuUsage();
  await place(perRound);
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000 / perRound;
};
const ratios: number[] = [];
for (let r = 0; r < rounds; r++) {
  // Alternate which tree goes first, so neither always runs right after a GC-heavy round.
  let x: number;
  let y: number;
  if (r % 2 === 0) { x = await cpuMs(a.place); y = await cpuMs(b.place); } else { y = await cpuMs(b.place); x = await cpuMs(a.place); }
  ratios.push(y / x);
  console.log(`round ${r + 1}: before ${x.toFixed(3)} ms/order, after ${y.toFixed(3)} ms/order, ratio ${(y / x).toFixed(3)}`);
}
ratios.sort((p, q) => p - q);
console.log(`median after/before CPU per order: ${ratios[Math.floor(ratios.length / 2)].toFixed(3)} (${rounds} rounds of ${perRound})`);
await a.close(); await b.close();
rmSync(tmp, { recursive: true, force: true });
