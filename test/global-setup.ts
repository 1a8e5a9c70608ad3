// Vitest global setup: compiles src to dist/ once for the run (the bin and the production-start tests
// run compiled JavaScript; incremental, so a second run with no change takes seconds).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export async function setup(): Promise<void> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`npm run build failed:\n${r.stdout}${r.stderr}`);
}
export async function teardown(): Promise<void> {}
