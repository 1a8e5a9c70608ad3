// Durability: a writer killed with SIGKILL mid-load loses no acknowledged transaction.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisServer } from '../support/redis.js';
import { expectAllAcknowledged, startWriter } from './crash-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'store-crash-'));
const servers: RedisServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.remove()));
  rmSync(dir, { recursive: true, force: true });
});

describe('crash safety', () => {
  it('sqlite (WAL, synchronous=normal): every acknowledged write survives kill -9 of the writer', async () => {
    const url = `sqlite:${join(dir, 'crash.db')}`;
    const writer = startWriter(url);
    await writer.waitForAcks(400);
    await writer.kill();
    expect(writer.acked.length).toBeGreaterThanOrEqual(400);
    await expectAllAcknowledged(url, writer.acked);
  });

  it('redis (appendfsync always): every acknowledged write survives kill -9 of writer and redis together', async () => {
    const redis = await startRedis({ appendfsync: 'always' });
    servers.push(redis);
    const url = `${redis.url}?prefix=crash`;
    const writer = startWriter(url);
    await writer.waitForAcks(400);
    await Promise.all([writer.kill(), redis.kill()]);
    await redis.start();
    await expectAllAcknowledged(url, writer.acked);
  });
});
