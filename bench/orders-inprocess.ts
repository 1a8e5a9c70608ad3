import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/config/config.js';
import { buildApp } from '../src/app.js';
import { openStore } from '../src/store/open.js';
import { SCHEMA } from '../src/store/schema.js';
import { GroupCommit } from '../src/store/sqlite-group-commit.js';
import { preloadOrders, seedCatalogue, PROMO_CODE } from './orders-seed.js';

const url = process.argv[2] || `sqlite:${join(mkdtempSync(join(tmpdir(), 'pp-')), 'x.db')}`;
const N = Number(process.argv[3] ?? 3000);
const apiKey = 'bench-key-123456';
const config = { ...loadConfig({ GATEWAY_API_KEYS: apiKey, GATEWAY_STORE: url }), port: 0, host: '127.0.0.1' };
const log = pino({ level: 'info', base: undefined }, pino.destination({ dest: '/dev/null', sync: false }));
const store = await openStore(url, SCHEMA, { log });
const gw = buildApp({ config, log, store });
const cat = await seedCatalogue(gw, 2000);
for (const p of (process.env.PRAGMAS ?? '').split(';').filter(Boolean)) { (store as any).db.pragma(p); (store as any).reader.pragma(p); }
let conflicts = 0, commits = 0;
if (store.kind === 'redis') {
  const commit = (store as any).commit.bind(store);
  (store as any).commit = async (...a: unknown[]) => { commits++; try { return await commit(...a); } catch (e) { if ((e as Error).name === 'TxConflict') conflicts++; throw e; } };
}
if (process.env.MAXAGE) ((store as any).batch).maxAgeMs = Number(process.env.MAXAGE);
await preloadOrders(gw, apiKey, cat, Number(process.env.PRELOAD ?? 1000), 0);
let flushes = 0, flushMs = 0;
const orig = GroupCommit.prototype.flush;
GroupCommit.prototype.flush = function (this: GroupCommit) { const t = performance.now(); const open = (this as any).open; const r = orig.call(this); if (open) { flushes++; flushMs += performance.now() - t; } return r; };
const ctx = { requestId: 'x', headers: {}, query: new URLSearchParams(), state: { failedAuth: 0, transportAuth: 'none' }, log, inMulticall: false } as any;
async function run(n: number) {
  let i = 0;
  const worker = async () => { while (i < n) { const k = i++; await gw.dispatcher.dispatch('OrderService.placeOrder', [apiKey, cat.contactIds[k % 2000], 0, 0, cat.productIds, [], true, [PROMO_CODE]], ctx); } };
  await Promise.all(Array.from({ length: 50 }, worker));
}
await run(500);
flushes = 0; flushMs = 0; conflicts = 0; commits = 0;
if (process.env.STATS_HOOK) { const { execSync } = await import('node:child_process'); execSync(process.env.STATS_HOOK); }
const c0 = process.cpuUsage(); const t0 = performance.now();
await run(N);
const c = process.cpuUsage(c0); const wall = performance.now() - t0;
console.log(`${N} orders: ${(N / wall * 1000).toFixed(0)}/s wall, CPU ${((c.user + c.system) / 1000 / N).toFixed(3)} ms/order; flushes ${flushes} (${(N / Math.max(flushes,1)).toFixed(1)} tx/flush, ${(flushMs / Math.max(flushes,1)).toFixed(2)} ms each, ${(flushMs/N).toFixed(3)} ms/order); redis commits ${commits}, conflicts ${conflicts}`);
await gw.close();
