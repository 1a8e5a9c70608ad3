// Reads from Redis. Inside a transaction the reader also records the version of everything it
// read (records, kv entries, index sets); the commit script refuses the commit if any changed.
// Counter reads are deliberately not versioned: limits are enforced by bump() at commit, and a
// hot promo counter would otherwise make every order conflict.
import type { Redis } from 'ioredis';
import { Catalog, fieldMatches, indexKey, requireScalar, type Scalar } from '../catalog.js';
import { fromJson } from '../records.js';
import type { Id, StoredRecord } from '../port.js';
import type { TxReads } from '../tx-buffer.js';
import { call, toStoreError } from './errors.js';
import type { RedisKeys } from './keys.js';

/** [hash key, field holding the version, version seen ("0" = absent)] */
export type ReadVersion = [string, string, string];

export class RedisReader implements TxReads {
  /** Versions seen, by hash key + field; only the first sighting counts. */
  readonly seen = new Map<string, ReadVersion>();

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly catalog: Catalog,
    private readonly versioned: boolean,
  ) {}

  private note(hash: string, field: string, version: string | null): void {
    if (!this.versioned) return;
    const slot = `${hash}\u0000${field}`;
    if (!this.seen.has(slot)) this.seen.set(slot, [hash, field, version ?? '0']);
  }

  async get(collection: string, id: Id): Promise<StoredRecord | undefined> {
    this.catalog.check(collection);
    const key = this.keys.record(collection, id);
    const [json, version] = await call(this.redis.hmget(key, 'j', 'v'));
    this.note(key, 'v', version);
    return json ? fromJson<StoredRecord>(json) : undefined;
  }

  /** Records by id in one round trip; ids deleted meanwhile are skipped. */
  async many(collection: string, ids: Id[]): Promise<StoredRecord[]> {
    if (ids.length === 0) return [];
    const pipe = this.redis.pipeline();
    for (const id of ids) pipe.hmget(this.keys.record(collection, id), 'j', 'v');
    const replies = (await call(pipe.exec()))!;
    const out: StoredRecord[] = [];
    replies.forEach(([err, reply], i) => {
      if (err) throw toStoreError(err);
      const [json, version] = reply as [string | null, string | null];
      this.note(this.keys.record(collection, ids[i]), 'v', version);
      if (json) out.push(fromJson<StoredRecord>(json));
    });
    return out;
  }

  async findBy(collection: string, field: string, value: Scalar): Promise<StoredRecord[]> {
    this.catalog.requireIndexed(collection, field);
    requireScalar(field, value);
    const set = this.keys.index(collection, field, indexKey(value)!);
    // Version and members in one MULTI so the version describes exactly the members read.
    const replies = (await call(this.redis.multi().hget(this.keys.indexVersions, set).smembers(set).exec()))!;
    const [[e1, version], [e2, members]] = replies as [[Error | null, string | null], [Error | null, string[]]];
    if (e1 || e2) throw toStoreError(e1 ?? e2);
    this.note(this.keys.indexVersions, set, version);
    const ids = members.map(Number).sort((a, b) => a - b);
    // A record changed between the two reads no longer matches; its newer version is noted too.
    return (await this.many(collection, ids)).filter((r) => fieldMatches(r, field, value));
  }

  async counter(name: string): Promise<number> {
    return Number((await call(this.redis.get(this.keys.counter(name)))) ?? 0);
  }

  async getKv(key: string): Promise<unknown> {
    const k = this.keys.kv(key);
    const [json, version] = await call(this.redis.hmget(k, 'j', 'v'));
    this.note(k, 'v', version);
    return json ? fromJson(json) : undefined;
  }

  async nextId(sequence: string): Promise<number> {
    return call(this.redis.incr(this.keys.sequence(sequence)));
  }
}
