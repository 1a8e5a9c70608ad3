// Two processes on one SQLite file (the CLI next to a running gateway): each transaction holds
// the file's write lock, so neither loses an update and no sequence value is handed out twice.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectAllAcknowledged, startWriter } from './crash-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'store-mp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sqlite shared by two processes', () => {
  it('hands out every id once and keeps every acknowledged write of both', async () => {
    const url = `sqlite:${join(dir, 'shared.db')}`;
    const a = startWriter(url);
    const b = startWriter(url);
    await Promise.all([a.waitForAcks(200), b.waitForAcks(200)]);
    await Promise.all([a.kill(), b.kill()]);
    const both = [...a.acked, ...b.acked];
    expect(new Set(both).size).toBe(both.length);
    await expectAllAcknowledged(url, both.sort((x, y) => x - y));
  });
});
