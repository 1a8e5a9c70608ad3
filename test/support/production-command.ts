// The command production starts the gateway with is written once: package.json's `start:prod`
// (`exec node <flags> dist/main.js`). The Dockerfile's CMD is checked against it
// (test/ops/container.test.ts), the compiled-runtime test starts exactly it, and the bench starts
// its gateway with the same flags, so a runtime flag counts only where production has it too.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The node flags of `start:prod`, e.g. ['--max-semi-space-size=64']. */
export function productionNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const words = pkg.scripts['start:prod'].trim().split(/\s+/);
  const node = words.indexOf('node');
  const main = words.indexOf('dist/main.js');
  if (node < 0 || main < node) throw new Error(`package.json start:prod is not "exec node [flags] dist/main.js": ${pkg.scripts['start:prod']}`);
  return words.slice(node + 1, main);
}
