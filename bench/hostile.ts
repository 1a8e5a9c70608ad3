// `npm run bench -- --only hostile` (issue 11): the worst time per byte for each adversarial input
// class, so that a parser step that is not linear shows as a growing figure. Two parts:
//   - the XML-RPC decoder in process (charset → XML scanner → values), every input at growing
//     sizes; a Fault is the expected outcome for most of them;
//   - the whole gateway (bench/servers/full-gateway.ts, a child process, memory store) on
//     loopback, for what only the full path does: DataService.query `%` patterns, numerals that
//     the encoder writes back (echo), the Invoicera parser.
// For each input: µs per run at each size (best of several runs), the worst ns per byte, the ns
// per byte at each size (a step ×8 in size that multiplies it by ~8 is quadratic), and the growth = (ns/B at the largest size) ÷ (ns/B at the smallest): ≈1 is linear, a growing
// figure is a regression. A size that takes longer than BENCH_HOSTILE_STOP_MS (default 3000)
// stops that input's series ("stopped"); a child that dies is reported as such.
import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { decodeMethodCall } from '../src/xmlrpc/decode.js';
import { encodeCall } from '../src/xmlrpc/encode.js';
import { Fault } from '../src/xmlrpc/types.js';
import { startChild, stopChild } from './run.js';

const STOP_MS = Number(process.env.BENCH_HOSTILE_STOP_MS ?? 3000);
const SIZES = (process.env.BENCH_HOSTILE_SIZES ?? '4096,32768,262144,1000000').split(',').map(Number);
const WIRE_SIZES = (process.env.BENCH_HOSTILE_WIRE_SIZES ?? '4096,32768,262144').split(',').map(Number);
const OPTS = { maxDepth: 64, maxElements: 100_000 };

interface Input { cls: string; what: string; make: (n: number) => string | Buffer }

const call = (inner: string) => `<?xml version="1.0"?><methodCall><methodName>m</methodName><params><param><value>${inner}</value></param></params></methodCall>`;
/** Repeats `unit` to about n bytes. */
const fill = (unit: string, n: number) => unit.repeat(Math.max(1, Math.floor(n / unit.length)));

const DECODER_INPUTS: Input[] = [
  { cls: 'long numerals', what: '<double> digits then "x"', make: (n) => call(`<double>${fill('9', n)}x</double>`) },
  { cls: 'long numerals', what: '<double> 1e + long exponent', make: (n) => call(`<double>1e${fill('9', n)}</double>`) },
  { cls: 'long numerals', what: '<double> digits "." digits', make: (n) => call(`<double>${fill('1', n / 2)}.${fill('1', n / 2)}</double>`) },
  { cls: 'long numerals', what: '<i8> leading zeros', make: (n) => call(`<i8>${fill('0', n)}1</i8>`) },
  { cls: 'long numerals', what: '<int> digits', make: (n) => call(`<int>${fill('1', n)}</int>`) },
  { cls: 'long numerals', what: '<biginteger> digits', make: (n) => call(`<biginteger>${fill('1', n)}</biginteger>`) },
  { cls: 'nesting', what: 'array levels (beyond the cap)', make: (n) => call(fill('<array><data><value>', n)) },
  { cls: 'nesting', what: 'unclosed plain elements', make: (n) => call(fill('<a>', n)) },
  { cls: 'many elements', what: '<value/> siblings (element cap)', make: (n) => call(`<array><data>${fill('<value/>', n)}</data></array>`) },
  { cls: 'entities/references', what: '&amp; repeated', make: (n) => call(fill('&amp;', n)) },
  { cls: 'entities/references', what: '&#x41; repeated', make: (n) => call(fill('&#x41;', n)) },
  { cls: 'entities/references', what: '&# + digits + ;', make: (n) => call(`&#${fill('9', n)};`) },
  { cls: 'entities/references', what: '& + long name (undeclared)', make: (n) => call(`&${fill('a', n)};`) },
  { cls: 'entities/references', what: 'bare & repeated', make: (n) => call(fill('a&', n)) },
  { cls: 'entities/references', what: 'DOCTYPE + entity (refused)', make: (n) => `<!DOCTYPE a [<!ENTITY e "${fill('x', n)}">]>${call('&e;')}` },
  { cls: 'long comments/CDATA', what: 'comment of "-x"', make: (n) => call(`<!--${fill('-x', n)}-->`) },
  { cls: 'long comments/CDATA', what: 'unterminated comment', make: (n) => call(`<!--${fill('a', n)}`) },
  { cls: 'long comments/CDATA', what: 'CDATA of "]]"', make: (n) => call(`<string><![CDATA[${fill(']] ', n)}]]></string>`) },
  { cls: 'long comments/CDATA', what: 'text of "]]" and "]>"', make: (n) => call(`<string>${fill(']]]>', n).replace(/]]>/g, ']]&gt;')}</string>`) },
  { cls: 'huge attribute lists', what: 'distinct attributes', make: (n) => { let s = ''; for (let k = 0; s.length < n; k++) s += ` a${k}="1"`; return call('').replace('<methodCall>', `<methodCall${s}>`); } },
  { cls: 'huge attribute lists', what: 'duplicate at the end', make: (n) => { let s = ''; for (let k = 0; s.length < n; k++) s += ` a${k}="1"`; return call('').replace('<methodCall>', `<methodCall${s} a0="2">`); } },
  { cls: 'huge attribute lists', what: 'one long attribute value', make: (n) => call('').replace('<methodCall>', `<methodCall a="${fill('&amp;x', n)}">`) },
  { cls: 'long XML declaration', what: 'white space before encoding', make: (n) => `<?xml version="1.0"${fill(' ', n)}encoding="ISO-8859-1"?>${call('x').replace(/^<\?xml[^>]*>/, '')}` },
  { cls: 'long XML declaration', what: 'long version number', make: (n) => `<?xml version="1.${fill('0', n)}"?>${call('x').replace(/^<\?xml[^>]*>/, '')}` },
  { cls: 'long XML declaration', what: 'no "?>" at all', make: (n) => `<?xml version="1.0" encoding="UTF-8"${fill(' ', n)}` },
  { cls: 'long XML declaration', what: 'declaration swallowing markup', make: (n) => `<?xml version="1.0" ${fill('<a>', n)}?>` },
  { cls: 'long names', what: 'element name', make: (n) => call(`<${fill('a', n)}/>`) },
  { cls: 'long names', what: 'non-ASCII element name', make: (n) => call(`<${fill('é\u00B7', n / 3)}/>`) },
  { cls: 'text and charsets', what: 'windows-1252 body, all 0x80-0x9F', make: (n) => Buffer.from(`<?xml version="1.0" encoding="windows-1252"?>${call(fill('\x93\x80\x94', n)).replace(/^<\?xml[^>]*>/, '')}`, 'latin1') },
  { cls: 'text and charsets', what: 'NBSP text around the root', make: (n) => `${fill('\u00A0', n)}${call('x')}` },
  { cls: 'text and charsets', what: 'plain long string (baseline)', make: (n) => call(fill('hello world ', n)) },
];

/** Best µs per run of `fn` (at least 3 runs or 200 ms), or undefined when one run exceeds STOP_MS. */
function timeIt(fn: () => void): number | undefined {
  let best = Infinity;
  const started = performance.now();
  for (let runs = 0; runs < 3 || performance.now() - started < 200; runs++) {
    const t = performance.now();
    fn();
    const ms = performance.now() - t;
    best = Math.min(best, ms);
    if (ms > STOP_MS) return undefined;
    if (runs > 1000) break;
  }
  return best * 1000;
}

interface Row { cls: string; what: string; perSize: Array<[bytes: number, us: number]>; stopped?: number; note?: string }

function decoderRow(input: Input): Row {
  const row: Row = { cls: input.cls, what: input.what, perSize: [] };
  let outcome = '';
  for (const n of SIZES) {
    const doc = input.make(n);
    const body = typeof doc === 'string' ? Buffer.from(doc) : doc;
    const us = timeIt(() => {
      try { decodeMethodCall(body, OPTS); outcome = 'decoded'; } catch (e) {
        if (!(e instanceof Fault)) throw e;
        outcome = e.faultString.replace(/^Failed to parse XML-RPC request: /, '').slice(0, 48);
      }
    });
    if (us === undefined) { row.stopped = body.length; break; }
    row.perSize.push([body.length, us]);
  }
  row.note = outcome;
  return row;
}

async function rpc(url: string, body: string): Promise<{ ms: number; bytes: number; status: number; text: string }> {
  const t = performance.now();
  const r = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'text/xml' }, signal: AbortSignal.timeout(STOP_MS * 3) });
  const text = await r.text();
  return { ms: performance.now() - t, bytes: text.length, status: r.status, text };
}

/** Best of 3 wall-clock request times (ms → µs); undefined when one exceeds STOP_MS. */
async function timeRequest(send: () => Promise<{ ms: number }>): Promise<number | undefined> {
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    const { ms } = await send();
    if (ms > STOP_MS) return undefined;
    best = Math.min(best, ms);
  }
  return best * 1000;
}

const KEY = process.env.BENCH_API_KEY ?? 'bench-hostile-key';

/**
 * A fresh gateway per input, with a small heap (BENCH_HOSTILE_HEAP_MB, default 512) so that an
 * input that blows up memory kills only its child, quickly, on a shared machine.
 */
async function startGateway(): Promise<{ child: import('node:child_process').ChildProcess; url: string }> {
  process.env.GATEWAY_API_KEYS ??= KEY;
  const saved = process.env.BENCH_NODE_ARGS;
  process.env.BENCH_NODE_ARGS = `${saved ?? ''} --max-old-space-size=${process.env.BENCH_HOSTILE_HEAP_MB ?? 512}`;
  try {
    const { child, port } = await startChild('full-gateway.ts');
    child.removeAllListeners('exit'); // startChild rejects on exit before the port; a death later is a result here
    const url = `http://127.0.0.1:${port}/api/xmlrpc`;
    // Contacts with 40-letter names for the % patterns to match against.
    for (let k = 0; k < 20; k++) {
      await rpc(url, encodeCall('DataService.add', [KEY, 'Contact', { FirstName: 'a'.repeat(39) + String.fromCharCode(97 + k), LastName: 'Bench' }]));
    }
    return { child, url };
  } finally {
    if (saved === undefined) delete process.env.BENCH_NODE_ARGS; else process.env.BENCH_NODE_ARGS = saved;
  }
}

async function gatewayRows(): Promise<Row[]> {
  const key = KEY;
  const rows: Row[] = [];
  {
    const inputs: Array<{ cls: string; what: string; make: (n: number) => string }> = [
      { cls: '% query patterns', what: 'DataService.query FirstName %a%a…%b', make: (n) => encodeCall('DataService.query', [key, 'Contact', 100, 0, { FirstName: fill('%a', n) + '%b' }, ['Id']]) },
      { cls: '% query patterns', what: 'DataService.count FirstName a_a_…%', make: (n) => encodeCall('DataService.count', [key, 'Contact', { FirstName: fill('a_', n) + '%' }]) },
      { cls: 'long numerals', what: 'DataService.echo <double> 1e+digits', make: (n) => encodeCall('DataService.echo', [key, 'x']).replace('<value>x</value>', `<value><double>1e${fill('9', n)}</double></value>`) },
      { cls: 'long numerals', what: 'DataService.echo <double> digits', make: (n) => encodeCall('DataService.echo', [key, 'x']).replace('<value>x</value>', `<value><double>${fill('9', n)}</double></value>`) },
    ];
    for (const input of inputs) {
      const { child, url: rpcUrl } = await startGateway();
      // The round trip of a tiny call is subtracted: what is left is the input's own cost.
      const tiny = encodeCall('DataService.echo', [key, 'x']);
      const baseline = (await timeRequest(() => rpc(rpcUrl, tiny))) ?? 0;
      const row: Row = { cls: input.cls, what: input.what, perSize: [] };
      let last = '';
      for (const n of WIRE_SIZES) {
        const body = input.make(n);
        let us: number | undefined;
        try {
          us = await timeRequest(async () => { const r = await rpc(rpcUrl, body); last = `HTTP ${r.status}, reply ${r.bytes} B${/faultString/.test(r.text) ? ' (fault)' : ''}`; return r; });
        } catch (e) {
          if (child.exitCode === null && child.signalCode === null) await new Promise((resolve) => { child.once('exit', resolve); setTimeout(resolve, 5000); });
          const died = child.exitCode !== null || child.signalCode !== null;
          row.note = died ? `gateway died (${child.signalCode ?? `exit ${child.exitCode}`}) at ${body.length} B` : `request failed at ${body.length} B: ${(e as Error).message}`;
          break;
        }
        if (us === undefined) { row.stopped = body.length; break; }
        row.perSize.push([body.length, Math.max(us - baseline, 1)]);
      }
      row.note ??= last;
      rows.push(row);
      await stopChild(child);
    }
  }
  return rows;
}

function print(rows: Row[]): void {
  const nsPerByte = (p: [number, number]) => (p[1] * 1000) / p[0];
  console.log(`${'class'.padEnd(22)} ${'input'.padEnd(40)} ${'largest'.padStart(9)} ${'µs'.padStart(10)} ${'ns/B'.padStart(8)} ${'growth'.padStart(7)}  ns/B by size; outcome`);
  for (const r of rows) {
    const first = r.perSize[0];
    const last = r.perSize[r.perSize.length - 1];
    const worst = r.perSize.length ? Math.max(...r.perSize.map(nsPerByte)) : NaN;
    const growth = first && last ? nsPerByte(last) / nsPerByte(first) : NaN;
    const series = r.perSize.map((p) => nsPerByte(p).toFixed(1)).join(' → ');
    const stopped = r.stopped ? `; STOPPED at ${r.stopped} B (> ${STOP_MS} ms)` : '';
    console.log(`${r.cls.padEnd(22)} ${r.what.slice(0, 40).padEnd(40)} ${String(last?.[0] ?? '-').padStart(9)} ${(last ? last[1].toFixed(0) : '-').padStart(10)} ${worst.toFixed(1).padStart(8)} ${growth.toFixed(2).padStart(7)}  ${series}${stopped}; ${r.note ?? ''}`);
  }
  const perClass = new Map<string, number>();
  for (const r of rows) {
    const worst = r.stopped ? Infinity : Math.max(...r.perSize.map((p) => (p[1] * 1000) / p[0]));
    perClass.set(r.cls, Math.max(perClass.get(r.cls) ?? 0, worst));
  }
  console.log('\nworst ns per byte by class:');
  for (const [cls, worst] of perClass) console.log(`  ${cls.padEnd(22)} ${worst === Infinity ? 'STOPPED (too slow)' : worst.toFixed(1)}`);
}

/** BENCH_HOSTILE_PART=decoder|gateway runs one half. */
export async function runHostileBench(): Promise<void> {
  const part = process.env.BENCH_HOSTILE_PART;
  console.log(`hostile inputs; decoder sizes ${SIZES.join(', ')} B, gateway sizes ${WIRE_SIZES.join(', ')} B; load average ${loadavg()[0].toFixed(1)}`);
  if (part !== 'gateway') {
    console.log('\nin-process decoder (decodeMethodCall on the body bytes):');
    print(DECODER_INPUTS.map(decoderRow));
  }
  if (part !== 'decoder') {
    console.log('\nwhole gateway on loopback (bench/servers/full-gateway.ts, memory store; wall-clock per request):');
    print(await gatewayRows());
    console.log('(gateway µs: wall clock minus the round trip of a tiny echo call)');
  }
}
