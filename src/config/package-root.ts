// The package's own folder (where package.json and config/ live), found by walking up from this
// module: the same answer from src/ under tsx and from dist/ when compiled, whatever the cwd.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PackageInfo { root: string; name: string; version: string }

function find(): PackageInfo {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'keap-gateway') return { root: dir, name: pkg.name, version: pkg.version ?? '0.0.0' };
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('keap-gateway: cannot find its package.json above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

let cached: PackageInfo | undefined;

export function packageInfo(): PackageInfo {
  return (cached ??= find());
}
