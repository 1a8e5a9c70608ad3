// How the bench starts a server script of bench/servers/: compiled by tsc (tsconfig.bench.json,
// incremental, once per bench run) and run by plain node, as production runs dist/. BENCH_TSX=1
// runs the TypeScript source under tsx instead (no build step, for quick experiments). Either way
// a gateway gets production's node flags (package.json start:prod) before BENCH_NODE_ARGS; the
// reference servers run as plain node, as the ceiling does.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { productionNodeFlags } from '../test/support/production-command.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
let built = false;

function buildOnce(): void {
  if (built) return;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.bench.json')], { stdio: 'inherit' });
  built = true;
}

/** The servers of bench/servers/ that are not the gateway: what it is measured against. */
const REFERENCES = new Set(['raw-http.ts', 'raw-xml.ts', 'npm-xmlrpc.ts']);

/** node arguments that run `bench/servers/<script>` (a .ts name): production's flags (gateways only),
 * BENCH_NODE_ARGS (later flags win, so these can override them), then the script. */
export function serverArgs(script: string): string[] {
  const production = REFERENCES.has(script) ? [] : productionNodeFlags();
  const extra = [...production, ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  if (process.env.BENCH_TSX === '1') return [...extra, '--import', 'tsx', join(ROOT, 'bench', 'servers', script)];
  buildOnce();
  return [...extra, join(ROOT, 'build', 'bench', 'bench', 'servers', script.replace(/\.ts$/, '.js'))];
}
