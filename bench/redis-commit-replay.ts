// Micro-bench of the Redis commit script alone. `capture` runs placeOrder in process against an
// EMPTY Redis data set and records every commit script call (keys and ARGV, in commit order);
// `replay` flushes a Redis of your own, replays the calls before the measured orders, resets
// the stats, replays the rest and prints the script's µs per call (INFO commandstats),
// redis-server CPU per commit, AOF bytes per commit and used memory. Replaying from empty gives
// the same versions, so the same outcomes. Pass a .lua file to replay a variant of the script.
//   npx tsx bench/redis-commit-replay.ts capture redis://127.0.0.1:P/0 [orders (2000)] [file]
//   npx tsx bench/redis-commit-replay.ts replay redis://127.0.0.1:P/0 [file] [script.lua]
// Run the Redis as production does (appendonly yes, appendfsync always) and with
// `auto-aof-rewrite-percentage 0`, so no AOF rewrite lands in a measured replay.
import { readFileSync, writeFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import pino from 'pino';
import { UNLIMITED, WorkBudget } from '../src/xmlrpc/budget.js';
import { loadConfig } from '../src/config/config.js';
import { buildApp } from '../src/app.js';
import { openStore } from '../src/store/open.js';
import { SCHEMA } from '../src/store/schema.js';
import { COMMIT_LUA } from '../src/store/redis/commit-script.js';
import { commitPayload } from '../src/store/redis/commit-payload.js';
import type { CallContext } from '../src/xmlrpc/handler.js';
import { placeOrders, preloadOrders, seedCatalogue } from './orders-seed.js';

interface Capture { measuredFrom: number; calls: string[][] }
const [mode, url, ...rest] = process.argv.slice(2);

async function capture(orders: number, file: string): Promise<void> {
  const apiKey = 'bench-key-123456';
  const config = { ...loadConfig({ GATEWAY_API_KEYS: apiKey, GATEWAY_STORE: url }), port: 0, host: '127.0.0.1' };
  const log = pino({ level: 'info', base: undefined }, pino.destination({ dest: '/dev/null', sync: false }));
  const store = await openStore(url, SCHEMA, { log });
  // A measuring tool reaches into the adapter: the payload is rebuilt exactly as commit() does.
  const internals = store as unknown as { commit: (tx: never, reader: { seen: Map<string, never> }) => Promise<void>; keys: never; catalog: never };
  const calls: string[][] = [];
  const commit = internals.commit.bind(store);
  internals.commit = (tx, reader) => {
    const { payload, values } = commitPayload(tx, reader.seen.values(), internals.keys, internals.catalog);
    calls.push([(internals.keys as { clock: string }).clock, JSON.stringify(payload), ...values]);
    return commit(tx, reader);
  };
  const gw = buildApp({ config, log, store });
  const cat = await seedCatalogue(gw, 2000);
  await preloadOrders(gw, apiKey, cat, 1000, 0);
  const ctx: CallContext = {
    requestId: 'replay', headers: {}, query: new URLSearchParams(), state: { failedAuth: 0, transportAuth: 'none', budget: new WorkBudget(UNLIMITED) },
    log, inMulticall: false,
  };
  const place = (n: number) => placeOrders(gw, apiKey, cat, ctx, n);
  await place(300);
  const captured: Capture = { measuredFrom: calls.length, calls };
  await place(orders);
  writeFileSync(file, JSON.stringify(captured));
  console.log(`captured ${calls.length} commits, measured from ${captured.measuredFrom}`);
  await gw.close();
}

async function replay(file: string, lua: string): Promise<void> {
  const { measuredFrom, calls } = JSON.parse(readFileSync(file, 'utf8')) as Capture;
  const redis = new Redis(url);
  await redis.flushall();
  const sha = await redis.script('LOAD', lua) as string;
  // Ten commits per round trip, about what 50 concurrent orders give (and one AOF fsync each).
  const send = async (part: string[][]) => {
    const outcomes: Record<string, number> = {};
    for (let i = 0; i < part.length; i += 10) {
      const pipe = redis.pipeline();
      for (const [key, ...argv] of part.slice(i, i + 10)) pipe.evalsha(sha, 1, key, ...argv);
      for (const [err, reply] of (await pipe.exec())!) {
        const outcome = err ? `error ${err.message}` : (reply as string[])[0];
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      }
    }
    return outcomes;
  };
  const field = (info: string, name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  const cpu = async () => { const info = await redis.info('cpu'); return field(info, 'used_cpu_user') + field(info, 'used_cpu_sys'); };
  const aof = async () => field(await redis.info('persistence'), 'aof_current_size');
  await send(calls.slice(0, measuredFrom));
  const measured = calls.slice(measuredFrom);
  await redis.config('RESETSTAT');
  const [cpu0, aof0] = [await cpu(), await aof()];
  const outcomes = await send(measured);
  const [cpu1, aof1] = [await cpu(), await aof()];
  const stats = await redis.info('commandstats');
  const perCall = /cmdstat_evalsha:calls=\d+,usec=\d+,usec_per_call=([\d.]+)/.exec(stats)![1];
  const n = measured.length;
  console.log(`${n} commits: script ${perCall} µs/call, redis-server CPU ${((cpu1 - cpu0) * 1e6 / n).toFixed(1)} µs/commit, `
    + `AOF ${((aof1 - aof0) / n).toFixed(0)} B/commit, used memory ${field(await redis.info('memory'), 'used_memory')} B, outcomes ${JSON.stringify(outcomes)}`);
  // Commands the script issued: calls and their own µs, per commit (the rest is Lua, cjson, AOF feed).
  for (const [, cmd, calls, usec] of stats.matchAll(/cmdstat_(\w+):calls=(\d+),usec=(\d+)/g)) {
    if (cmd !== 'evalsha' && cmd !== 'info' && !cmd.startsWith('config')) console.log(`  ${cmd} ${(Number(calls) / n).toFixed(2)} × = ${(Number(usec) / n).toFixed(1)} µs`);
  }
  redis.disconnect();
}

if (mode === 'capture') await capture(Number(rest[0] ?? 2000), rest[1] ?? 'redis-commits.json');
else if (mode === 'replay') await replay(rest[0] ?? 'redis-commits.json', rest[1] ? readFileSync(rest[1], 'utf8') : COMMIT_LUA);
else { console.error('usage: redis-commit-replay.ts capture|replay <redis url> …'); process.exit(2); }
