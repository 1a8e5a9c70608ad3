// A real gateway process: `node --import tsx src/main.ts` (one process, so a signal reaches the
// gateway itself, not a wrapper), PORT=0, the bound port read from its "gateway listening" log line.
// Its JSON log lines are kept for tests that inspect them.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TEST_API_KEY } from '../support/gateway.js';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface GatewayProcess {
  base: string;
  port: number;
  child: ChildProcess;
  /** Parsed JSON log lines so far (stdout). */
  logs: Array<Record<string, unknown>>;
  /** Raw stdout + stderr so far. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  signal(sig: NodeJS.Signals): Promise<number | null>;
}

/** How to start it: default `node --import tsx src/main.ts` in the repo; or any command (npm start, node dist/main.js). */
export interface SpawnOptions { command?: string; args?: string[]; cwd?: string; timeoutMs?: number }

export async function spawnGateway(env: Record<string, string>, opts: SpawnOptions | number = {}): Promise<GatewayProcess> {
  const o = typeof opts === 'number' ? { timeoutMs: opts } : opts;
  const timeoutMs = o.timeoutMs ?? 30_000;
  const child = spawn(o.command ?? process.execPath, o.args ?? ['--import', 'tsx', MAIN], {
    cwd: o.cwd ?? ROOT,
    env: {
      PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp',
      GATEWAY_API_KEYS: TEST_API_KEY, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  let raw = '';
  let partial = '';
  let onListening: ((port: number) => void) | undefined;
  child.stdout!.on('data', (d: Buffer) => {
    raw += d.toString();
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      if (!line.trim()) continue;
      let rec: Record<string, unknown>;
      try { rec = JSON.parse(line); } catch { continue; }
      logs.push(rec);
      if (rec.msg === 'gateway listening' && typeof rec.port === 'number') onListening?.(rec.port);
    }
  });
  child.stderr!.on('data', (d: Buffer) => { raw += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`gateway did not start:\n${raw}`)); }, timeoutMs);
    onListening = (p) => { clearTimeout(timer); resolve(p); };
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`gateway exited (${code}) before listening:\n${raw}`)); });
  });
  return {
    base: `http://127.0.0.1:${port}`, port, child, logs, exited,
    output: () => raw,
    signal: async (sig) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(sig);
      return exited;
    },
  };
}
