// A/B of the SERVED placeOrder path: two or more gateways (bench/servers/order-gateway, compiled),
// each from its own source tree and/or with its own node flags, each on its own SQLite file, loaded
// in alternating rounds by the orders bench's load (autocannon, BENCH_ORDER_CONNECTIONS, default 50).
// Unlike bench/orders-ab.ts (in process, no HTTP) this includes node:http, the XML-RPC decode and
// encode, the request log line and the process's GC settings. Prints gateway CPU per order per
// round and each variant's median ratio to the first.
//   npx tsx bench/orders-served-ab.ts '<label>=<tree>[|<node flags>]' '<label>=<tree>[|<node flags>]' … [rounds (6)] [seconds (4)]
// e.g. 'main=/tmp/main-copy' 'this=.' 'semi=.|--max-semi-space-size=32'. Each tree is built with its
// tsconfig.bench.json first (its node_modules must be reachable from it). AB_REDIS=redis://host:port
// puts every variant on that (flushed-by-you) Redis instead, each under its own key prefix. A variant
// runs with only the flags it names (not start:prod's), so 'base=.' is plain node. AB_REDIS_PID=<pid of
// that redis-server> adds its CPU per order to each line.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { WARMUP_SEC, gatewayTarget, loadOrders, startOrderChild, type OrderChild } from './orders.js';

const args = process.argv.slice(2);
const variants = args.filter((a) => a.includes('=')).map((a) => {
  const [label, rest] = [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)];
  const [tree, flags = ''] = rest.split('|');
  return { label, tree: resolve(tree), flags: flags.split(' ').filter(Boolean) };
});
const [rounds = 6, seconds = 4] = args.filter((a) => !a.includes('=')).map(Number);
if (variants.length < 2) throw new Error('give at least two variants: <label>=<tree>[|<node flags>]');

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
for (const tree of new Set(variants.map((v) => v.tree))) {
  execFileSync(process.execPath, [tsc, '-p', join(tree, 'tsconfig.bench.json')], { stdio: 'inherit' });
}

const redisPid = process.env.AB_REDIS_PID ? Number(process.env.AB_REDIS_PID) : undefined;
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const tmp = mkdtempSync(join(tmpdir(), 'gw-served-ab-'));
const children: OrderChild[] = [];
try {
  for (const [i, v] of variants.entries()) {
    const script = join(v.tree, 'build', 'bench', 'bench', 'servers', 'order-gateway.js');
    const store = process.env.AB_REDIS ? `${process.env.AB_REDIS}/0?prefix=ab${i}` : `sqlite:${join(tmp, `${i}.db`)}`;
    children.push(await startOrderChild(store, Number(process.env.BENCH_ORDERS ?? 1000), [...v.flags, script]));
  }
  const targets = children.map(gatewayTarget);
  for (const t of targets) await loadOrders(t, WARMUP_SEC); // warm-up (JIT, caches)
  const cpu: number[][] = variants.map(() => []);
  for (let r = 0; r < rounds; r++) {
    // The order of the variants rotates each round, so none always runs first (or after the same one).
    const order = variants.map((_, i) => (i + r) % variants.length);
    const line: string[] = [];
    for (const i of order) {
      const run = await loadOrders(targets[i], seconds, redisPid);
      cpu[i].push(run.gatewayCpuMs ?? NaN);
      const redis = run.redisCpuMs === undefined ? '' : ` + redis ${run.redisCpuMs.toFixed(3)}`;
      line.push(`${variants[i].label} ${run.gatewayCpuMs?.toFixed(3)}${redis} ms (${Math.round(run.ordersPerSec)}/s p99 ${run.p99})`);
    }
    console.log(`round ${r + 1} load ${loadavg()[0].toFixed(1)}: ${line.join('   ')}`);
  }
  for (const [i, v] of variants.entries()) {
    const ratios = cpu[i].map((c, r) => c / cpu[0][r]);
    console.log(`${v.label.padEnd(12)} median ${median(cpu[i]).toFixed(3)} ms CPU/order   median ratio to ${variants[0].label}: ${median(ratios).toFixed(3)}`);
  }
} finally {
  await Promise.all(children.map((c) => c.stop()));
  rmSync(tmp, { recursive: true, force: true });
}
