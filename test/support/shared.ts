// Where the read-only conformance corpus lives: ../shared beside the repository (as on every
// developer machine and in CI); SHARED_DIR overrides it. The tests that read it import this module,
// which fails them with one message naming the folder when it is missing (not a bare ENOENT).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_DIR } from './shared-dir.js';

export { SHARED_DIR };
export const CONFORMANCE_DIR = join(SHARED_DIR, 'conformance');

export const MISSING_SHARED = `these tests read the shared conformance corpus, expected in ${CONFORMANCE_DIR} `
  + '(the folder "shared" beside this repository, as on every developer machine and in CI; set SHARED_DIR to use another one)';

if (!existsSync(CONFORMANCE_DIR)) throw new Error(MISSING_SHARED);
