// Quick A/B harness for store changes: placeOrder through the real dispatcher (auth, metrics,
// promotions, invoices, store) in THIS process, no HTTP, 50 concurrent callers. Prints CPU per
// order, SQLite commits (orders per commit, time per commit, those over 20 ms) and Redis commits/conflicts.
//   npx tsx bench/orders-inprocess.ts [storeUrl (default: SQLite in a temp dir)] [orders]
// Knobs for experiments: PRELOAD=<stored orders before the run>, PRAGMAS="a=1;b=2" (both SQLite
// connections), MAXAGE=<group-commit max age ms>, STATS_HOOK=<shell command run just before the
// measured run, e.g. "redis-cli -p 6391 config resetstat">, AFTER_HOOK=<shell command run after it>, CALLERS=<concurrent callers (50)>,
// RTT=1 (Redis: each command's round trip as the gateway sees it, send to reply handled, p50/p90/p99).
// It also prints the event loop's utilisation over the measured run: below ~0.9 at 50 callers the
// main thread is waiting, not working (docs/performance.md, "Issue #17: Redis — neither side saturated").
import { UNLIMITED, WorkBudget } from '../src/xmlrpc/budget.js';
import { execSync } from 'node:child_process';
import { performance as perfHooks } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/config/config.js';
import { buildApp } from '../src/app.js';
import { openStore } from '../src/store/open.js';
import { SCHEMA } from '../src/store/schema.js';
import { GroupCommit } from '../src/store/sqlite-group-commit.js';
import type { CallContext } from '../src/xmlrpc/handler.js';
import { placeOrders, preloadOrders, seedCatalogue } from './orders-seed.js';

const dir = process.argv[2] ? undefined : mkdtempSync(join(tmpdir(), 'gw-inprocess-'));
const url = process.argv[2] || `sqlite:${join(dir!, 'bench.db')}`;
const orders = Number(process.argv[3] ?? 3000);
const apiKey = 'bench-key-123456';
const config = { ...loadConfig({ GATEWAY_API_KEYS: apiKey, GATEWAY_STORE: url }), port: 0, host: '127.0.0.1' };
const log = pino({ level: 'info', base: undefined }, pino.destination({ dest: '/dev/null', sync: false }));
// RTT=1: per command name, the time from sending to the reply's handler (the gateway's view: Redis'
// own execution, its queue, and this event loop's delay in reading the reply). Patched on the
// prototype before the store connects: coalesced-writes.ts wraps the method each connection has then.
const roundTrips = new Map<string, number[]>();
let timing = false;
if (process.env.RTT === '1') {
  const send = Redis.prototype.sendCommand;
  Redis.prototype.sendCommand = function (this: Redis, command, ...rest) {
    if (timing) {
      const t = performance.now();
      const c = command as unknown as { name: string; promise: Promise<unknown> };
      c.promise.then(() => {
        let list = roundTrips.get(c.name);
        if (!list) { list = []; roundTrips.set(c.name, list); }
        list.push(performance.now() - t);
      }, () => {});
    }
    return send.call(this, command, ...rest);
  };
}
const store = await openStore(url, SCHEMA, { log });
const gw = buildApp({ config, log, store });
const cat = await seedCatalogue(gw, 2000);

// Experiments reach into the adapters' private parts on purpose: this is a measuring tool.
const internals = store as unknown as {
  db: { pragma(p: string): unknown }; reader: { pragma(p: string): unknown };
  batch: { maxAgeMs: number }; commit: (...a: unknown[]) => Promise<void>;
};
for (const p of (process.env.PRAGMAS ?? '').split(';').filter(Boolean)) { internals.db.pragma(p); internals.reader.pragma(p); }
if (process.env.MAXAGE) internals.batch.maxAgeMs = Number(process.env.MAXAGE);
let conflicts = 0;
let redisCommits = 0;
if (store.kind === 'redis') {
  const commit = internals.commit.bind(store);
  internals.commit = async (...a) => {
    redisCommits++;
    try { return await commit(...a); } catch (e) { if ((e as Error).name === 'TxConflict') conflicts++; throw e; }
  };
}
await preloadOrders(gw, apiKey, cat, Number(process.env.PRELOAD ?? 1000), 0);

let flushes = 0;
const slowFlushes: number[] = [];
let flushMs = 0;
const flush = GroupCommit.prototype.flush;
GroupCommit.prototype.flush = function (this: GroupCommit) {
  const t = performance.now();
  const open = (this as unknown as { open: boolean }).open;
  const r = flush.call(this);
  if (open) { const d = performance.now() - t; flushes++; flushMs += d; if (d > 20) slowFlushes.push(Math.round(d)); }
  return r;
};

const ctx: CallContext = {
  requestId: 'inprocess', headers: {}, query: new URLSearchParams(), state: { failedAuth: 0, transportAuth: 'none', budget: new WorkBudget(UNLIMITED) },
  log, inMulticall: false,
};
const place = (n: number) => placeOrders(gw, apiKey, cat, ctx, n, Number(process.env.CALLERS ?? 50));

await place(500); // warm-up (JIT)
flushes = 0; flushMs = 0; conflicts = 0; redisCommits = 0;
if (process.env.STATS_HOOK) execSync(process.env.STATS_HOOK);
const threads0 = threadTicks();
const io0 = processIo();
const elu0 = perfHooks.eventLoopUtilization();
timing = true;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await place(orders);
timing = false;
const elu = perfHooks.eventLoopUtilization(elu0).utilization;
const cpu = process.cpuUsage(cpu0);
const wallMs = performance.now() - t0;
// Commits over 20 ms are event-loop stalls every caller of the batch waits out (a checkpoint's sync, usually).
const slow = slowFlushes.length ? ` (over 20 ms: ${slowFlushes.join(', ')})` : '';
const perCommit = flushes ? `; ${(orders / flushes).toFixed(1)} orders/commit, ${(flushMs / flushes).toFixed(2)} ms per commit${slow}` : '';
const redis = store.kind === 'redis' ? `; redis commits ${redisCommits}, conflicts ${conflicts}` : '';
console.log(`${orders} orders: ${(orders / wallMs * 1000).toFixed(0)}/s, CPU ${((cpu.user + cpu.system) / 1000 / orders).toFixed(3)} ms/order${perCommit}${redis}`);
console.log(`  per thread (ms/order, user+system): ${threadShares(threads0, threadTicks(), orders)}`);
console.log(`  event loop utilisation ${elu.toFixed(2)}`);
const io = processIo();
// All threads' writes: the WAL's frames (SQLite writes each frame's header and page apart), the checkpointer's pages, sockets.
console.log(`  writes per order: ${((io.syscw - io0.syscw) / orders).toFixed(1)} calls, ${((io.wchar - io0.wchar) / orders / 1024).toFixed(1)} KiB`);
for (const [name, list] of roundTrips) {
  list.sort((a, b) => a - b);
  const at = (q: number) => list[Math.min(list.length - 1, Math.floor(list.length * q))].toFixed(2);
  console.log(`  ${name.padEnd(8)} ${String(list.length).padStart(6)} round trips, ms p50 ${at(0.5)} p90 ${at(0.9)} p99 ${at(0.99)}`);
}
function processIo(): { syscw: number; wchar: number } {
  const f = Object.fromEntries(readFileSync('/proc/self/io', 'utf8').trim().split('\n').map((l) => l.split(': ')).map(([k, v]) => [k, Number(v)]));
  return { syscw: f.syscw, wchar: f.wchar };
}

/** CPU ticks (user, system) of each thread of this process (name/tid): where the process's CPU went. */
function threadTicks(): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  for (const tid of readdirSync('/proc/self/task')) {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    const name = `${stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))}/${tid === String(process.pid) ? 'main' : tid}`;
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const [u, s] = out.get(name) ?? [0, 0];
    out.set(name, [u + Number(f[11]), s + Number(f[12])]);
  }
  return out;
}

function threadShares(before: Map<string, [number, number]>, after: Map<string, [number, number]>, n: number): string {
  const msPerTick = 1000 / 100; // USER_HZ
  return [...after].map(([name, [u, s]]) => {
    const [u0, s0] = before.get(name) ?? [0, 0];
    return [name, ((u - u0) * msPerTick) / n, ((s - s0) * msPerTick) / n] as const;
  }).filter(([, u, s]) => u + s > 0).sort((a, b) => b[1] + b[2] - a[1] - a[2])
    .map(([name, u, s]) => `${name} ${u.toFixed(3)}+${s.toFixed(3)}`).join(', ');
}

// AFTER_HOOK=<shell command>: run before the store closes (closing SQLite checkpoints and removes the WAL: copy it here).
if (process.env.AFTER_HOOK) execSync(process.env.AFTER_HOOK);
await gw.close();
if (dir) rmSync(dir, { recursive: true, force: true });
