// What placeOrder costs the served gateway per store, next to the wire's own floor: one gateway
// each on the memory store (no I/O), embedded SQLite and a private redis-server (AOF always, the
// orders bench's settings), loaded in alternating rounds by the orders bench's load (autocannon,
// BENCH_ORDER_CONNECTIONS, default 50). Each round first loads the memory gateway with an
// authenticated DataService.echo: HTTP, the XML-RPC decode and encode, the key check, the request
// log line and the metrics, with no business. The gap between echo and the memory store is the
// order path; the gap between the memory store and a durable store is that adapter's share.
// (docs/performance.md, "Issue #17: the floor under the Redis target".)
//   npx tsx bench/orders-floor.ts [rounds (3)] [seconds (4)]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeCall } from '../src/xmlrpc/encode.js';
import { startRedis } from '../test/support/redis.js';
import { WARMUP_SEC, gatewayTarget, loadOrders, startOrderChild, type OrderChild } from './orders.js';
import { runScenario } from './run.js';

const [rounds = 3, seconds = 4] = process.argv.slice(2).map(Number);
const CONNECTIONS = Number(process.env.BENCH_ORDER_CONNECTIONS ?? 50);

/** Served CPU per echo call of the gateway in `child` (the wire scenario's own load, bench/run.ts). */
async function echoCost(child: OrderChild): Promise<string> {
  const { port, apiKey } = child.seeded;
  const r = await runScenario({
    url: `http://127.0.0.1:${port}/api/xmlrpc`, body: encodeCall('DataService.echo', [apiKey, 'Hello World']),
    connections: CONNECTIONS, durationSec: seconds,
  }, child.child.pid);
  const perCall = r.reqPerCpuSec ? `${(1000 / r.reqPerCpuSec).toFixed(3)} ms` : 'n/a';
  const errors = r.errors + r.non2xx;
  return `${Math.round(r.reqPerSec)} calls/s   p50 ${r.p50} ms   p99 ${r.p99} ms   CPU/call ${perCall}${errors ? `   errors ${errors}` : ''}`;
}

const dir = mkdtempSync(join(tmpdir(), 'gw-floor-'));
const redis = await startRedis({ extraArgs: ['--auto-aof-rewrite-percentage', '0'] });
const children: OrderChild[] = [];
try {
  const stores: Array<[label: string, url: string]> = [['memory', 'memory'], ['SQLite', `sqlite:${join(dir, 'floor.db')}`], ['Redis', redis.url]];
  for (const [, url] of stores) children.push(await startOrderChild(url, 1000));
  const targets = children.map(gatewayTarget);
  for (const t of targets) await loadOrders(t, WARMUP_SEC); // warm-up (JIT, caches)
  console.log(`placeOrder as in the orders bench, ${CONNECTIONS} connections, ${seconds} s per load; load average ${loadavg()[0].toFixed(1)}`);
  for (let r = 0; r < rounds; r++) {
    console.log(`round ${r + 1}`);
    console.log(`  ${'echo'.padEnd(18)} ${await echoCost(children[0])}`);
    for (const [i, [label, url]] of stores.entries()) {
      const run = await loadOrders(targets[i], seconds, url === redis.url ? redis.pid : undefined);
      const redisCpu = run.redisCpuMs === undefined ? '' : ` + redis-server ${run.redisCpuMs.toFixed(3)} ms`;
      console.log(`  ${`placeOrder ${label}`.padEnd(18)} ${Math.round(run.ordersPerSec)} orders/s   p50 ${run.p50} ms   p99 ${run.p99} ms   `
        + `CPU/order ${run.gatewayCpuMs?.toFixed(3) ?? 'n/a'} ms${redisCpu}${run.faults + run.errors ? `   faults ${run.faults} errors ${run.errors}` : ''}`);
    }
  }
} finally {
  await Promise.all(children.map((c) => c.stop()));
  await redis.remove();
  rmSync(dir, { recursive: true, force: true });
}
