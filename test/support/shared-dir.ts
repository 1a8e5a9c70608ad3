// Where ../shared lives (the folder "shared" beside the repository, as on every developer machine
// and in CI; SHARED_DIR overrides it), without requiring any of its parts: the tests' corpus check
// (shared.ts) and the bench's ceiling script (bench/order-ceiling.ts) each say what they miss.
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED_DIR = resolve(process.env.SHARED_DIR ?? join(REPO, '..', 'shared'));
