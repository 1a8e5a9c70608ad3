// No Docker engine runs here, so the image is checked statically: every path the Dockerfile copies
// exists, the npm scripts it runs exist, the build stage compiles with only what it copies, the
// runtime runs `node dist/…` (compiled JavaScript, no TypeScript runner) as non-root with a
// HEALTHCHECK on /healthz; compose has a load balancer, restart policies, a Redis healthcheck and
// required secrets. The load balancer's config itself runs in test/ops/load-balancer.test.ts.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { productionNodeFlags } from '../support/production-command.js';

const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const read = (f: string) => readFileSync(join(ROOT, f), 'utf8');
const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string>; dependencies: Record<string, string> };

interface Instruction { op: string; args: string; stage: number }

/** Dockerfile → instructions (continuations joined, comments dropped), numbered by build stage. */
function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  let stage = -1;
  const logical = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  for (const line of logical) {
    const m = /^(\w+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const op = m[1].toUpperCase();
    if (op === 'FROM') stage++;
    out.push({ op, args: m[2], stage });
  }
  return out;
}

/** COPY [--from=x] src... dest → { from, sources, dest } (JSON array form too). */
function copyParts(args: string): { from?: string; sources: string[]; dest: string } {
  let words = args.trim().startsWith('[') ? JSON.parse(args) as string[] : args.split(/\s+/);
  const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
  words = words.filter((w) => !w.startsWith('--'));
  return { from, sources: words.slice(0, -1), dest: words[words.length - 1] };
}

const docker = parseDockerfile(read('Dockerfile'));
const last = docker[docker.length - 1].stage;
const runtime = docker.filter((i) => i.stage === last);

describe('Dockerfile', () => {
  it('is multi-stage: a build stage and a runtime stage', () => {
    expect(docker.filter((i) => i.op === 'FROM').length).toBeGreaterThanOrEqual(2);
    expect(docker.find((i) => i.op === 'FROM')!.args).toMatch(/node:20/);
  });

  it('every COPY source from the build context exists', () => {
    const copies = docker.filter((i) => i.op === 'COPY').map((i) => copyParts(i.args)).filter((c) => !c.from);
    expect(copies.length).toBeGreaterThan(0);
    for (const c of copies) for (const src of c.sources) expect(existsSync(join(ROOT, src)), `COPY ${src}`).toBe(true);
  });

  it('every COPY --from=build source was copied into, or produced in, the build stage', () => {
    const buildDir = docker.filter((i) => i.stage === 0 && i.op === 'WORKDIR').pop()!.args;
    const built = new Set(['node_modules', 'dist']); // npm ci, npm run build
    for (const i of docker.filter((x) => x.stage === 0 && x.op === 'COPY')) {
      const { sources, dest } = copyParts(i.args);
      for (const s of sources) built.add(dest === './' || dest === '.' ? s : dest.replace(/^\.\//, ''));
    }
    const fromBuild = runtime.filter((i) => i.op === 'COPY').map((i) => copyParts(i.args)).filter((c) => c.from);
    expect(fromBuild.length).toBeGreaterThan(0);
    for (const c of fromBuild) {
      for (const src of c.sources) {
        const rel = src.startsWith(`${buildDir}/`) ? src.slice(buildDir.length + 1) : src;
        expect(built.has(rel), `COPY --from=${c.from} ${src}`).toBe(true);
      }
    }
  });

  it('runs only npm scripts that exist, with the lock file npm ci needs', () => {
    const runs = docker.filter((i) => i.op === 'RUN').map((i) => i.args).join(' && ');
    const scripts = [...runs.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) expect(pkg.scripts[s], `npm run ${s}`).toBeDefined();
    if (/npm ci/.test(runs)) expect(existsSync(join(ROOT, 'package-lock.json'))).toBe(true);
  });

  it('the build stage compiles with only what it copies (npm run build in a copy of that context)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-docker-ctx-'));
    try {
      for (const i of docker.filter((x) => x.stage === 0 && x.op === 'COPY')) {
        for (const src of copyParts(i.args).sources) cpSync(join(ROOT, src), join(dir, src), { recursive: true });
      }
      symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
      const run = spawnSync('npm', ['run', 'build'], { cwd: dir, encoding: 'utf8', timeout: 170_000 });
      expect(run.status, run.stdout + run.stderr).toBe(0);
      expect(existsSync(join(dir, 'dist', 'main.js'))).toBe(true);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  }, 180_000);

  it('runs compiled JavaScript with plain node, production dependencies only', () => {
    const argv = JSON.parse(runtime.find((i) => i.op === 'CMD')!.args) as string[];
    expect(argv).toEqual(['node', ...productionNodeFlags(), 'dist/main.js']);
    expect(existsSync(join(ROOT, argv.at(-1)!)), `${argv.at(-1)} (npm run build)`).toBe(true);
    const build = docker.filter((i) => i.stage === 0 && i.op === 'RUN').map((i) => i.args).join(' && ');
    expect(build).toMatch(/npm run build/);
    expect(build).toMatch(/npm prune --omit=dev/);
    expect(runtime.filter((i) => i.op === 'COPY').map((i) => i.args).join('\n')).not.toMatch(/\bsrc\b|tsconfig/);
    for (const tool of ['tsx', 'typescript', 'esbuild']) expect(pkg.dependencies[tool], `${tool} must not be a production dependency`).toBeUndefined();
    expect(runtime.map((i) => i.args).join('\n')).not.toMatch(/tsx/);
  });

  it('runs as a non-root user with a HEALTHCHECK on /healthz and config from the environment', () => {
    const user = runtime.filter((i) => i.op === 'USER').pop();
    expect(user?.args).toBeDefined();
    expect(user!.args).not.toMatch(/^(root|0)(:|$)/);
    const health = runtime.find((i) => i.op === 'HEALTHCHECK');
    expect(health?.args).toMatch(/\/healthz/);
    const env = runtime.filter((i) => i.op === 'ENV').map((i) => i.args).join(' ');
    expect(env).toMatch(/HOST=0\.0\.0\.0/);
    const port = /PORT=(\d+)/.exec(env)?.[1];
    expect(runtime.find((i) => i.op === 'EXPOSE')?.args).toBe(port);
  });
});

describe('docker-compose.yml', () => {
  interface Service { image?: string; build?: string; command?: string[]; ports?: string[]; expose?: string[]; restart?: string; healthcheck?: { test: string[] }; depends_on?: Record<string, { condition: string }>; environment?: Record<string, string>; secrets?: string[]; volumes?: string[]; deploy?: { replicas?: number } }
  const text = read('docker-compose.yml');
  const compose = yaml.load(text) as { services: Record<string, Service>; secrets: Record<string, { file: string }> };
  const { redis, gateway, lb } = compose.services;

  it('runs Redis with AOF on, a healthcheck, and the gateway on it once Redis is healthy', () => {
    expect(redis.command!.join(' ')).toMatch(/--appendonly yes --appendfsync always/);
    expect(redis.healthcheck!.test.join(' ')).toMatch(/redis-cli ping/);
    expect(gateway.environment!.GATEWAY_STORE).toMatch(/^redis:\/\/redis:6379\/\d+$/);
    expect(gateway.build).toBe('.');
    expect(gateway.depends_on).toEqual({ redis: { condition: 'service_healthy' } });
  });

  it('replicas publish no port; nginx (official image) is the one entry point, with this repo\'s config', () => {
    expect(gateway.deploy!.replicas).toBeGreaterThanOrEqual(2);
    expect(gateway.ports).toBeUndefined();
    expect(lb.image).toMatch(/^nginx:/);
    expect(lb.ports).toEqual(['8080:8080']);
    expect(lb.volumes).toContain('./deploy/nginx/gateway.conf:/etc/nginx/conf.d/default.conf:ro');
    expect(existsSync(join(ROOT, 'deploy/nginx/gateway.conf'))).toBe(true);
    expect(lb.depends_on).toEqual({ gateway: { condition: 'service_healthy' } });
  });

  it('every service restarts; keys and tokens are required secrets, read from files', () => {
    for (const [name, svc] of Object.entries(compose.services)) expect(svc.restart, name).toMatch(/^(always|unless-stopped|on-failure)/);
    expect(gateway.environment!.GATEWAY_API_KEYS_FILE).toBe('/run/secrets/gateway_api_keys');
    expect(gateway.environment!.INVOICERA_TOKENS_FILE).toBe('/run/secrets/invoicera_tokens');
    expect(gateway.secrets).toEqual(['gateway_api_keys', 'invoicera_tokens']);
    for (const s of ['gateway_api_keys', 'invoicera_tokens']) expect(compose.secrets[s].file).toMatch(/^\$\{\w+:\?.+\}$/);
    expect(text).not.toMatch(/dev-(key|token)-change-me/);
  });
});
