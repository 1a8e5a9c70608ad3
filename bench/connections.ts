// `npm run bench -- --only connections`: what a flood of connections and of partial bodies costs the
// gateway (issue 11). The whole gateway runs in a child process (bench/servers/full-gateway.ts); this
// process opens raw sockets and reads the child's descriptors and RSS from /proc.
//   1. slowloris flood: BENCH_CONN_FLOOD (default 6000) connections, each sending half a header;
//   2. partial bodies: BENCH_PARTIAL (default 300) POSTs announcing 1 MiB and sending 1 MiB − 1 byte;
//      then every socket closes, and RSS is read again after BENCH_SETTLE_MS.
import { connect, type Socket } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import { startChild, stopChild } from './run.js';

const MiB = 1024 * 1024;

function fdCount(pid: number): number { return readdirSync(`/proc/${pid}/fd`).length; }
function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function open(port: number, first: string | Buffer): Promise<Socket> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.on('error', () => { /* reset by the server: counted as refused */ });
    s.once('connect', () => { s.write(first); resolve(s); });
    s.once('close', () => resolve(s));
  });
}

async function openAll(n: number, port: number, first: () => string | Buffer): Promise<Socket[]> {
  const out: Socket[] = [];
  for (let i = 0; i < n; i += 200) out.push(...await Promise.all(Array.from({ length: Math.min(200, n - i) }, () => open(port, first()))));
  return out;
}

const alive = (sockets: Socket[]) => sockets.filter((s) => !s.destroyed && s.readyState === 'open').length;

export async function runConnectionBench(): Promise<void> {
  const flood = Number(process.env.BENCH_CONN_FLOOD ?? 6000);
  const partial = Number(process.env.BENCH_PARTIAL ?? 300);
  const settleMs = Number(process.env.BENCH_SETTLE_MS ?? 5000);
  const { child, port } = await startChild('full-gateway.ts');
  const pid = child.pid!;
  try {
    await sleep(500);
    const fd0 = fdCount(pid);
    const idle = await openAll(flood, port, () => 'POST /api/xmlrpc HTTP/1.1\r\nHost: x\r\n');
    await sleep(1000);
    console.log(`slowloris flood: ${flood} sockets opened, ${alive(idle)} still open after 1 s; gateway descriptors ${fd0} → ${fdCount(pid)}`);
    for (const s of idle) s.destroy();
    await sleep(1500);

    const rss0 = rssMiB(pid);
    const body = Buffer.alloc(MiB - 1, 0x61);
    const head = `POST /api/xmlrpc HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: ${MiB}\r\n\r\n`;
    const bodies = await openAll(partial, port, () => Buffer.concat([Buffer.from(head), body]));
    await sleep(2000);
    const rssPeak = rssMiB(pid);
    const answered503 = await Promise.all(bodies.map((s) => new Promise<boolean>((resolve) => {
      let text = '';
      s.on('data', (d) => { text += d; });
      setTimeout(() => resolve(text.startsWith('HTTP/1.1 503')), 300);
    })));
    console.log(`partial bodies: ${partial} × 1 MiB − 1 B; ${alive(bodies)} held open, ${answered503.filter(Boolean).length} answered 503; RSS ${rss0.toFixed(0)} → ${rssPeak.toFixed(0)} MiB (+${(rssPeak - rss0).toFixed(0)})`);
    for (const s of bodies) s.destroy();
    await sleep(settleMs);
    console.log(`after the attack (${settleMs} ms): RSS ${rssMiB(pid).toFixed(0)} MiB, descriptors ${fdCount(pid)}`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status).catch((e) => String(e));
    console.log(`/healthz afterwards: ${ok}`);
  } finally {
    await stopChild(child);
  }
}
