// `npm run bench`: the same small XML-RPC echo call against (a) a raw node:http hello server,
// (b) the npm xmlrpc 1.3.2 server, (c) our gateway (plus a read-body + constant-reply ceiling), each in its own child process, driven by
// autocannon (50 connections, fixed duration). Prints req/s, p50/p99 and the two target ratios.
// runScenario() is exported so other scenarios (Keap calls, Invoicera API) can reuse it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { encodeCall } from '../src/xmlrpc/encode.js';
import { cpuSeconds } from './cpu.js';
import { serverArgs } from './server-command.js';
import { runOrderBench } from './orders.js';
import { runConnectionBench } from './connections.js';
import { runHostileBench } from './hostile.js';
import { runBillingBench } from './billing.js';

export interface Scenario {
  url: string;
  body?: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  connections?: number;
  durationSec?: number;
}

export interface ScenarioResult {
  reqPerSec: number; p50: number; p99: number; errors: number; non2xx: number;
  /** Requests served per second of the server's own CPU time (when its pid is known): load-independent. */
  reqPerCpuSec?: number;
}

export { cpuSeconds };

/** Runs one autocannon load against a URL. */
export async function runScenario(s: Scenario, serverPid?: number): Promise<ScenarioResult> {
  const cpuBefore = serverPid === undefined ? undefined : cpuSeconds(serverPid);
  const result = await autocannon({
    url: s.url,
    method: s.method ?? 'POST',
    body: s.body,
    headers: { 'content-type': 'text/xml', ...s.headers },
    connections: s.connections ?? 50,
    pipelining: 1,
    duration: s.durationSec ?? 8,
  });
  const cpuAfter = serverPid === undefined ? undefined : cpuSeconds(serverPid);
  const cpu = cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined;
  return {
    reqPerCpuSec: cpu ? (result.requests.average * (s.durationSec ?? 8)) / cpu : undefined,
    reqPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}


/** Starts a bench server script in a child process; resolves with its port once it prints it. */
export function startChild(script: string): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    // BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the servers.
    const child = spawn(process.execPath, serverArgs(script), {
      stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, LOG_LEVEL: 'silent' },
    });
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve({ child, port: JSON.parse(line).port }));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) { resolve(); return; }
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

const ECHO_CALL = encodeCall('echo', ['hello', 42]);
/** The same payload through the full Keap stack (auth check on the key slot, metrics, fault mapping). */
const KEAP_ECHO_CALL = encodeCall('DataService.echo', [process.env.BENCH_API_KEY ?? 'dev-key-change-me', 'hello']);
const SERVERS: Array<[name: string, script: string, path: string, body?: string]> = [
  ['raw node:http hello', 'raw-http.ts', '/'],
  ['npm xmlrpc 1.3.2', 'npm-xmlrpc.ts', '/RPC2'],
  ['raw http + XML reply', 'raw-xml.ts', '/RPC2'], // ceiling: reads the body, constant reply, no parsing
  ['gateway', 'gateway.ts', '/RPC2'],
];
if (process.env.BENCH_FULL === '1') SERVERS.push(['full gateway (Keap)', 'full-gateway.ts', '/api/xmlrpc', KEAP_ECHO_CALL]);

/** Weighted mean over rounds: total requests / total time. */
function combine(rounds: ScenarioResult[]): ScenarioResult {
  const n = rounds.length;
  return {
    reqPerSec: rounds.reduce((a, r) => a + r.reqPerSec, 0) / n,
    reqPerCpuSec: rounds.every((r) => r.reqPerCpuSec) ? rounds.reduce((a, r) => a + r.reqPerCpuSec!, 0) / n : undefined,
    p50: Math.max(...rounds.map((r) => r.p50)),
    p99: Math.max(...rounds.map((r) => r.p99)),
    errors: rounds.reduce((a, r) => a + r.errors, 0),
    non2xx: rounds.reduce((a, r) => a + r.non2xx, 0),
  };
}

/**
 * All three servers run at once, idle while not measured, and are measured in interleaved rounds
 * (raw, xmlrpc, gateway, raw, …): on a shared 2-core machine the background load drifts, and
 * interleaving spreads that drift over all three instead of penalising whichever ran last.
 */
async function main(): Promise<void> {
  const durationSec = Number(process.env.BENCH_DURATION ?? 8);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 4);
  const started = await Promise.all(SERVERS.map(([, script]) => startChild(script)));
  const perServer: ScenarioResult[][] = SERVERS.map(() => []);
  try {
    const urls = SERVERS.map(([, , path], i) => `http://127.0.0.1:${started[i].port}${path}`);
    const bodies = SERVERS.map(([, , , body]) => body ?? ECHO_CALL);
    const warmupSec = Number(process.env.BENCH_WARMUP ?? 1);
    if (!(warmupSec >= 1)) throw new Error(`BENCH_WARMUP must be at least 1 (seconds), got "${process.env.BENCH_WARMUP}"`);
    for (let i = 0; i < urls.length; i++) await runScenario({ url: urls[i], body: bodies[i], durationSec: warmupSec }); // warm-up (JIT)
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < urls.length; i++) perServer[i].push(await runScenario({ url: urls[i], body: bodies[i], durationSec: durationSec / rounds }, started[i].child.pid));
    }
  } finally {
    await Promise.all(started.map(({ child }) => stopChild(child)));
  }
  const results = perServer.map(combine);
  console.log(`echo call, ${ECHO_CALL.length} B; 50 connections; ${durationSec} s per server in ${rounds} interleaved rounds; load average ${loadavg()[0].toFixed(1)}`);
  SERVERS.forEach(([name], i) => {
    const r = results[i];
    const perCpu = r.reqPerCpuSec ? `   ${Math.round(r.reqPerCpuSec)} req per server-CPU-s` : '';
    console.log(`${name.padEnd(22)} ${Math.round(r.reqPerSec).toString().padStart(7)} req/s   p50 ${r.p50} ms   p99 ${r.p99} ms   errors ${r.errors}   non-2xx ${r.non2xx}${perCpu}`);
  });
  const by = (name: string) => results[SERVERS.findIndex(([n]) => n === name)];
  const [raw, npm, gw] = [by('raw node:http hello'), by('npm xmlrpc 1.3.2'), by('gateway')].map((r) => r.reqPerSec);
  const vsXmlrpc = gw / npm;
  const vsRaw = gw / raw;
  console.log(`gateway / npm xmlrpc = ${vsXmlrpc.toFixed(2)}x (target >= 3x)   ${vsXmlrpc >= 3 ? 'OK' : 'MISSED'}`);
  console.log(`gateway / raw http   = ${(vsRaw * 100).toFixed(1)}% (target >= 40%)   ${vsRaw >= 0.4 ? 'OK' : 'MISSED'}`);
  const [rawCpu, npmCpu, gwCpu] = [by('raw node:http hello'), by('npm xmlrpc 1.3.2'), by('gateway')].map((r) => r.reqPerCpuSec);
  if (rawCpu && npmCpu && gwCpu) {
    console.log(`per server-CPU-second (insensitive to other load on the machine): gateway / npm xmlrpc = ${(gwCpu / npmCpu).toFixed(2)}x, gateway / raw http = ${(gwCpu / rawCpu * 100).toFixed(1)}%`);
  }
}

/** `npm run bench` runs every scenario; `npm run bench -- --only wire|orders|hostile|connections` runs one. */
const SCENARIOS: Record<string, () => Promise<void>> = { wire: main, orders: runOrderBench, hostile: runHostileBench, connections: runConnectionBench, billing: runBillingBench };

async function runSelected(argv: string[]): Promise<void> {
  const at = argv.indexOf('--only');
  const only = at >= 0 ? argv[at + 1] : undefined;
  if (only !== undefined && !SCENARIOS[only]) throw new Error(`--only: unknown scenario "${only}" (known: ${Object.keys(SCENARIOS).join(', ')})`);
  for (const [name, run] of Object.entries(SCENARIOS)) if (only === undefined || only === name) await run();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runSelected(process.argv.slice(2)).catch((err) => { console.error(err); process.exit(1); });
}
