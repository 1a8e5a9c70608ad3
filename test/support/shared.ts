// Where the read-only conformance corpus lives: ../shared beside the repository (as on every
// developer machine and in CI); SHARED_DIR overrides it.
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED_DIR = process.env.SHARED_DIR ?? join(REPO, '..', 'shared');
export const CONFORMANCE_DIR = join(SHARED_DIR, 'conformance');
