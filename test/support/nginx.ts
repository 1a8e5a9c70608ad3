// Runs Debian's nginx as the current user with deploy/nginx/gateway.conf — the file docker-compose.yml
// mounts into the official nginx image — in front of given upstream ports. Only the upstream servers
// and the listen address are replaced; pid, logs and temp files live in a temp directory.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './redis.js';

export const GATEWAY_CONF = fileURLToPath(new URL('../../deploy/nginx/gateway.conf', import.meta.url));

export interface Nginx { base: string; port: number; dir: string; log(): string; stop(): Promise<void> }

export function requireNginx(): void {
  const probe = spawnSync('nginx', ['-v'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) throw new Error('nginx is not installed: run `apt-get install -y nginx` (.ci/run installs it) to run the load-balancer tests');
}

/** The compose file's config with `server gateway:8080 …;` → one line per port, listen → 127.0.0.1:port. */
export function templateConf(text: string, upstreamPorts: number[], listenPort: number): string {
  const upstream = /^(\s*)server gateway:8080([^;]*);$/m;
  if (!upstream.test(text) || !/^\s*listen 8080;$/m.test(text)) throw new Error(`${GATEWAY_CONF}: expected "server gateway:8080 …;" and "listen 8080;"`);
  return text
    .replace(upstream, (_m, indent: string, params: string) => upstreamPorts.map((p) => `${indent}server 127.0.0.1:${p}${params};`).join('\n'))
    .replace(/^(\s*)listen 8080;$/m, `$1listen 127.0.0.1:${listenPort};`);
}

export async function startNginx(upstreamPorts: number[]): Promise<Nginx> {
  requireNginx();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'gw-nginx-'));
  for (const d of ['logs', 'temp']) mkdirSync(join(dir, d));
  writeFileSync(join(dir, 'gateway.conf'), templateConf(readFileSync(GATEWAY_CONF, 'utf8'), upstreamPorts, port));
  // What the official image's /etc/nginx/nginx.conf provides around conf.d/*.conf, with our paths.
  writeFileSync(join(dir, 'nginx.conf'), `
${process.getuid?.() === 0 ? `user ${userInfo().username};` : ''}
daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log warn;
events { worker_connections 512; }
http {
  access_log ${dir}/logs/access.log;
  client_body_temp_path ${dir}/temp/body;
  proxy_temp_path ${dir}/temp/proxy;
  fastcgi_temp_path ${dir}/temp/fastcgi;
  uwsgi_temp_path ${dir}/temp/uwsgi;
  scgi_temp_path ${dir}/temp/scgi;
  include ${dir}/gateway.conf;
}
`);
  const child: ChildProcess = spawn('nginx', ['-e', join(dir, 'logs', 'error.log'), '-p', `${dir}/`, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => { output += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { output += d.toString(); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  const log = () => { try { return output + readFileSync(join(dir, 'logs', 'error.log'), 'utf8'); } catch { return output; } };
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}):\n${log()}`);
    try { if ((await fetch(`${base}/healthz`)).status === 200) break; } catch { /* not yet */ }
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`nginx did not answer on ${port}:\n${log()}`); }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base, port, dir, log,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGQUIT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
