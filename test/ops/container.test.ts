// No Docker engine runs here, so the image is checked statically: every path the Dockerfile copies
// exists, the npm scripts it runs exist, the CMD's entry file exists and its runner survives
// `npm prune --omit=dev`, it runs as non-root with a HEALTHCHECK on /healthz, and compose runs
// Redis with AOF on.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

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
    const built = new Set(['node_modules']); // npm ci
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

  it('the build stage typechecks with only what it copies (npm run typecheck in a copy of that context)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-docker-ctx-'));
    try {
      for (const i of docker.filter((x) => x.stage === 0 && x.op === 'COPY')) {
        for (const src of copyParts(i.args).sources) cpSync(join(ROOT, src), join(dir, src), { recursive: true });
      }
      symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
      const run = spawnSync('npm', ['run', 'typecheck'], { cwd: dir, encoding: 'utf8', timeout: 170_000 });
      expect(run.status, run.stdout + run.stderr).toBe(0);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  }, 180_000);

  it("CMD's entry file exists and its runner is a production dependency (kept by npm prune)", () => {
    const cmd = runtime.find((i) => i.op === 'CMD')!;
    const argv = JSON.parse(cmd.args) as string[];
    const entry = argv.find((a) => /\.(ts|js)$/.test(a))!;
    expect(existsSync(join(ROOT, entry)), entry).toBe(true);
    const runner = /node_modules\/\.bin\/([\w-]+)/.exec(argv[0])?.[1];
    if (runner) expect(pkg.dependencies[runner], `${runner} in dependencies`).toBeDefined();
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
  const compose = read('docker-compose.yml');
  it('runs Redis with AOF on and points the gateway at it', () => {
    expect(compose).toMatch(/redis-server[^\n]*--appendonly["',\s]+yes/);
    expect(compose).toMatch(/--appendfsync["',\s]+always/);
    expect(compose).toMatch(/GATEWAY_STORE:\s*redis:\/\/redis:6379\/\d+/);
    expect(compose).toMatch(/build:\s*\./);
  });
});
