// Production runs compiled JavaScript: dist/ (built by test/global-setup.ts with `tsconfig.build.json`)
// is copied with config/ and package.json into a fresh folder whose node_modules holds only the
// production dependencies of package-lock.json — no tsx, esbuild or TypeScript — and started with
// plain `node dist/main.js` from another working directory. An order goes through it over XML-RPC
// (npm xmlrpc), and SIGTERM on the SQLite store closes cleanly and logs `stopped`.
// Also: `npm start` execs, so SIGTERM to the npm process reaches the gateway.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import xmlrpc from 'xmlrpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnGateway, type GatewayProcess } from '../cluster/gateway-process.js';
import { TEST_API_KEY } from '../support/gateway.js';
import { productionNodeFlags } from '../support/production-command.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
const DEV_TOOLS = ['tsx', 'esbuild', 'typescript'];

/** A folder like the Docker runtime stage: dist, config, package.json, production node_modules. */
function productionCopy(): string {
  const app = mkdtempSync(join(tmpdir(), 'gw-prod-'));
  cpSync(join(ROOT, 'dist'), join(app, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'config'), join(app, 'config'), { recursive: true });
  cpSync(join(ROOT, 'bin'), join(app, 'bin'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(app, 'package.json'));
  mkdirSync(join(app, 'node_modules'));
  // Top-level production packages only (what `npm prune --omit=dev` keeps), as links to the real ones.
  for (const [path, meta] of Object.entries(lock.packages)) {
    const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(path);
    if (!m || meta.dev || !existsSync(join(ROOT, path))) continue;
    if (m[1].includes('/')) mkdirSync(join(app, 'node_modules', m[1].split('/')[0]), { recursive: true });
    symlinkSync(join(ROOT, path), join(app, 'node_modules', m[1]));
  }
  return app;
}

function call(client: xmlrpc.Client, method: string, params: unknown[]): Promise<any> {
  return new Promise((resolve, reject) => client.methodCall(method, params, (err, v) => (err ? reject(err) : resolve(v))));
}

describe('compiled runtime (node dist/main.js, production dependencies only)', () => {
  let app: string;
  let work: string;
  let gp: GatewayProcess | undefined;
  beforeAll(() => { app = productionCopy(); work = mkdtempSync(join(tmpdir(), 'gw-prod-cwd-')); });
  afterAll(async () => {
    await gp?.signal('SIGKILL');
    rmSync(app, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('the build holds src only, with declarations', () => {
    expect(existsSync(join(ROOT, 'dist', 'main.js'))).toBe(true);
    expect(existsSync(join(ROOT, 'dist', 'main.d.ts'))).toBe(true);
    expect(existsSync(join(ROOT, 'dist', 'cli', 'main.js'))).toBe(true);
    expect(readdirSync(join(ROOT, 'dist'))).not.toEqual(expect.arrayContaining(['src', 'test', 'bench']));
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts['start:prod']).toMatch(/node( --[a-z-]+=\S+)* dist\/main\.js/);
    for (const tool of DEV_TOOLS) expect(pkg.dependencies[tool], `${tool} is not a production dependency`).toBeUndefined();
  });

  it('dev tools are absent from the copy', () => {
    for (const tool of DEV_TOOLS) {
      const probe = spawnSync(process.execPath, ['-e', `require.resolve(${JSON.stringify(tool)})`], { cwd: app, encoding: 'utf8' });
      expect(probe.status, `${tool} resolvable from the production copy`).not.toBe(0);
    }
  });

  it('serves an order over XML-RPC, then SIGTERM closes SQLite cleanly and logs stopped', async () => {
    gp = await spawnGateway({ GATEWAY_STORE: `sqlite:${join(work, 'gw.db')}`, NODE_ENV: 'production', INVOICERA_TOKENS: 'prod-token-123456' },
      { args: [...productionNodeFlags(), join(app, 'dist', 'main.js')], cwd: work });
    expect(gp.logs.find((l) => l.msg === 'gateway listening')).toMatchObject({ version: expect.any(String), pid: gp.child.pid, hostname: expect.any(String) });
    const client = xmlrpc.createClient({ host: '127.0.0.1', port: gp.port, path: '/api/xmlrpc' });
    const contact = await call(client, 'ContactService.add', [TEST_API_KEY, { FirstName: 'Prod', Email: 'prod@example.com' }]);
    const product = await call(client, 'DataService.add', [TEST_API_KEY, 'Product', { ProductName: 'Widget', ProductPrice: 19.99 }]);
    const card = await call(client, 'DataService.add', [TEST_API_KEY, 'CreditCard', { ContactId: contact, CardNumber: '4111111111111111', ExpirationMonth: '12', ExpirationYear: '2030' }]);
    const order = await call(client, 'OrderService.placeOrder', [TEST_API_KEY, contact, card, 0, [product], [], false, []]);
    expect(order).toMatchObject({ Successful: 'true' });
    expect(await gp.signal('SIGTERM')).toBe(0);
    expect(gp.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down: finishing in-flight calls', 'stopped']));
    // The compiled CLI (bin) reads what the gateway wrote, from the same copy.
    const shown = spawnSync(process.execPath, [join(app, 'bin', 'keap-gateway.js'), 'promo', 'list', '--json'], {
      cwd: work, encoding: 'utf8', env: { PATH: process.env.PATH, GATEWAY_STORE: `sqlite:${join(work, 'gw.db')}` },
    });
    expect(shown.status, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toEqual([]);
  });
});

describe('npm start', () => {
  it('execs the gateway, so SIGTERM to npm reaches it (nothing is orphaned)', async () => {
    const gp = await spawnGateway({ GATEWAY_STORE: 'memory' }, { command: 'npm', args: ['start', '--silent'] });
    try {
      const gatewayPid = gp.logs.find((l) => l.msg === 'gateway listening')!.pid as number;
      gp.child.kill('SIGTERM');
      await gp.exited;
      const deadline = Date.now() + 10_000;
      while (alive(gatewayPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(alive(gatewayPid), `gateway pid ${gatewayPid} still running after SIGTERM to npm`).toBe(false);
      expect(gp.logs.map((l) => l.msg)).toContain('stopped');
    } finally {
      const pid = gp.logs.find((l) => l.msg === 'gateway listening')?.pid as number | undefined;
      if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
    }
  });
});

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}
