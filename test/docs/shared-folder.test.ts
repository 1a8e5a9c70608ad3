// Tests that need ../shared say so in one message naming the folder, instead of a bare ENOENT.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('../shared', () => {
  it('a missing corpus fails with one clear message naming the folder', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', "await import('./test/support/shared.ts')"], {
      cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH, SHARED_DIR: '/nonexistent/shared-corpus' },
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('these tests read the shared conformance corpus, expected in /nonexistent/shared-corpus/conformance');
  });

  it('the README says the tests need it', () => {
    expect(readFileSync(`${ROOT}README.md`, 'utf8')).toMatch(/`\.\.\/shared`/);
  });
});
