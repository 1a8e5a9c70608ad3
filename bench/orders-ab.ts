// A/B of two source trees in ONE process: each tree gets its own gateway and SQLite file, and
// rounds of placeOrder alternate between them, so the machine's drift (other processes on the
// shared cores) hits both alike. Prints CPU per order per round and the median after/before ratio.
//   [AB_REDIS=redis://host:port] npx tsx bench/orders-ab.ts <before-tree> <after-tree> [rounds (8)] [orders per round (600)]
// With AB_REDIS it also prints redis-server CPU per order (INFO cpu around each round): use a
// Redis of your own, as anything else it serves is counted too.
// A tree is a checkout (or `git archive` copy) with node_modules reachable from it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
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
const redis = process.env.AB_REDIS ? new Redis(process.env.AB_REDIS, { lazyConnect: true }) : undefined;
const redisCpuMs = async () => {
  if (!redis) return 0;
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)![1]);
  return (field('used_cpu_user') + field('used_cpu_sys')) * 1000;
};
const redisPerOrder: Record<'before' | 'after', number[]> = { before: [], after: [] };
const cpuMs = async (place: Place, tree: 'before' | 'after') => {
  const r0 = await redisCpuMs();
  const c0 = process.cpuUsage();
  await place(perRound);
  const c = process.cpuUsage(c0);
  redisPerOrder[tree].push((await redisCpuMs() - r0) / perRound);
  return (c.user + c.system) / 1000 / perRound;
};
const ratios: number[] = [];
const redisNote = (tree: 'before' | 'after') => (redis ? ` (redis ${redisPerOrder[tree].at(-1)!.toFixed(3)})` : '');
for (let r = 0; r < rounds; r++) {
  // Alternate which tree goes first, so neither always runs right after a GC-heavy round.
  let x: number;
  let y: number;
  if (r % 2 === 0) { x = await cpuMs(a.place, 'before'); y = await cpuMs(b.place, 'after'); } else { y = await cpuMs(b.place, 'after'); x = await cpuMs(a.place, 'before'); }
  ratios.push(y / x);
  console.log(`round ${r + 1}: before ${x.toFixed(3)}${redisNote('before')} ms/order, after ${y.toFixed(3)}${redisNote('after')} ms/order, ratio ${(y / x).toFixed(3)}`);
}
const median = (v: number[]) => [...v].sort((p, q) => p - q)[Math.floor(v.length / 2)];
console.log(`median after/before CPU per order: ${median(ratios).toFixed(3)} (${rounds} rounds of ${perRound})`);
if (redis) {
  console.log(`median redis-server CPU per order: before ${median(redisPerOrder.before).toFixed(3)} ms, after ${median(redisPerOrder.after).toFixed(3)} ms`);
  redis.disconnect();
}
await a.close(); await b.close();
rmSync(tmp, { recursive: true, force: true });
