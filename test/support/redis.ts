// Starts a real redis-server for tests on a free 127.0.0.1 port with its own temp directory.
// AOF with appendfsync always, so an acknowledged write survives a SIGKILL of redis itself.
// stop() ends it cleanly and start() brings it back on the same port and directory (connection-
// loss tests); kill() sends SIGKILL (crash tests). remove() deletes the directory.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RedisServer {
  url: string;
  port: number;
  dir: string;
  /** Pid of the running redis-server (the bench reads its CPU time); undefined while stopped. */
  readonly pid: number | undefined;
  start(): Promise<void>;
  stop(): Promise<void>;
  kill(): Promise<void>;
  remove(): Promise<void>;
}

export interface RedisServerOptions {
  appendfsync?: 'always' | 'everysec';
  /** More redis-server arguments (the cluster harness adds --cluster-enabled and friends). */
  extraArgs?: string[];
}

export function requireRedisServer(): void {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error('redis-server is not installed: run `apt-get install -y redis-server` (CI installs it) to run the Redis tests');
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** One raw RESP PING; true once the server answers +PONG (not while it loads its AOF). */
export function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ port, host: '127.0.0.1' });
    let reply = '';
    const done = (ok: boolean) => { sock.destroy(); resolve(ok); };
    sock.setTimeout(1000, () => done(false));
    sock.once('error', () => done(false));
    sock.once('connect', () => sock.write('PING\r\n'));
    sock.on('data', (d) => { reply += d.toString(); if (reply.includes('\r\n')) done(reply.startsWith('+PONG')); });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startRedis(opts: RedisServerOptions = {}): Promise<RedisServer> {
  requireRedisServer();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'gw-redis-'));
  const args = [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '',
    '--appendonly', 'yes', '--appendfsync', opts.appendfsync ?? 'always',
    '--daemonize', 'no', '--protected-mode', 'yes', '--loglevel', 'warning',
    ...(opts.extraArgs ?? []),
  ];
  let child: ChildProcess | undefined;

  const start = async () => {
    if (child && child.exitCode === null && child.signalCode === null) return;
    const proc = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let output = '';
    // Keep draining its output so the pipe never fills and blocks it.
    proc.stdout!.on('data', (d: Buffer) => { output += d.toString(); });
    proc.stderr!.on('data', (d: Buffer) => { output += d.toString(); });
    const deadline = Date.now() + 10_000;
    while (!(await answersPing(port))) {
      if (proc.exitCode !== null || Date.now() > deadline) {
        proc.kill('SIGKILL');
        throw new Error(`redis-server did not start on ${port}:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const signal = async (sig: NodeJS.Signals) => {
    const proc = child;
    if (!proc) return;
    proc.kill(sig);
    await exited(proc);
  };

  await start();
  return {
    url: `redis://127.0.0.1:${port}/0`,
    port,
    dir,
    get pid() { return child && child.exitCode === null && child.signalCode === null ? child.pid : undefined; },
    start,
    stop: () => signal('SIGTERM'),
    kill: () => signal('SIGKILL'),
    remove: async () => { await signal('SIGTERM'); rmSync(dir, { recursive: true, force: true }); },
  };
}
