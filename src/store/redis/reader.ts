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
import { FIND_INLINE_MAX, type FindReply } from './find-script.js';
import type { SequenceValues } from './sequence-values.js';
import type { GenerationRead } from './generation-read.js';
import { startEarly } from '../../start-early.js';

/**
 * The commands the adapter issues. A single-node Redis and a Cluster both provide them; on a
 * Cluster each is routed by its key, and every key of a data set shares one hash tag (keys.ts),
 * so pipelines, MULTI and the scripts stay within one slot. (ping is the only keyless one.)
 */
export type RedisCommands = Pick<Redis, 'hmget' | 'hget' | 'hset' | 'get' | 'incr' | 'incrby' | 'exists' | 'pipeline' | 'multi' | 'zcard' | 'zrange' | 'zrangebyscore' | 'zrangebylex' | 'zrevrange' | 'sinter' | 'scard' | 'ping'>;

/** The connection with the find script defined (store.ts). */
export type FindingRedis = RedisCommands & {
  gwFind(set: string, versions: string, recordPrefix: string, inlineMax: number): Promise<FindReply>;
};

/** [hash key, field holding the version, version seen ("0" = absent)] */
export type ReadVersion = [string, string, string];

export class RedisReader implements TxReads {
  /** Versions seen, by hash key + field; only the first sighting counts. */
  readonly seen = new Map<string, ReadVersion>();
  /**
   * Inside a transaction, what was read is kept: reading it again costs no round trip and gives
   * the same answer (a newer answer could only end in a conflict at commit anyway).
   */
  private readonly records = new Map<string, string | null>();
  private readonly members = new Map<string, Id[]>();
  /** Kv entries read in this transaction, as [json, version], by Redis key (kept like records). */
  private readonly kvEntries = new Map<string, Promise<Array<string | null>>>();

  constructor(
    private readonly redis: FindingRedis,
    private readonly keys: RedisKeys,
    private readonly catalog: Catalog,
    private readonly versioned: boolean,
    private readonly ids: SequenceValues,
    /** Every cacheable collection's generation (generation-cache.ts), read together and shared
     * with the transactions starting in the same tick; none outside a transaction. */
    private readonly generations?: GenerationRead,
    /** Whether kv keys may be taken as absent unread (assumeKvAbsent): a transaction's first attempt. */
    private readonly mayAssume = false,
  ) {}

  /** How many kv keys this transaction took as absent unread: its commit must check them, writes or not. */
  assumed = 0;

  private note(hash: string, field: string, version: string | null): void {
    if (!this.versioned) return;
    const slot = `${hash}\u0000${field}`;
    if (!this.seen.has(slot)) this.seen.set(slot, [hash, field, version ?? '0']);
  }

  async get(collection: string, id: Id): Promise<StoredRecord | undefined> {
    this.catalog.check(collection);
    const [rec] = await this.many(collection, [id]);
    return rec;
  }

  /** Records by id (absent ones skipped), fetching what is not known yet in one round trip. */
  async many(collection: string, ids: Id[]): Promise<StoredRecord[]> {
    const keys = ids.map((id) => this.keys.record(collection, id));
    const missing = keys.filter((k) => !this.records.has(k));
    const fetched = new Map<string, string | null>();
    if (missing.length === 1) {
      const [json, version] = await call(this.redis.hmget(missing[0], 'j', 'v'));
      this.remember(missing[0], json, version, fetched);
    } else if (missing.length > 1) {
      const pipe = this.redis.pipeline();
      for (const k of missing) pipe.hmget(k, 'j', 'v');
      const replies = (await call(pipe.exec()))!;
      replies.forEach(([err, reply], i) => {
        if (err) throw toStoreError(err);
        const [json, version] = reply as [string | null, string | null];
        this.remember(missing[i], json, version, fetched);
      });
    }
    const out: StoredRecord[] = [];
    for (const k of keys) {
      const json = fetched.has(k) ? fetched.get(k) : this.records.get(k);
      if (json) out.push(fromJson<StoredRecord>(json));
    }
    return out;
  }

  private remember(key: string, json: string | null, version: string | null, fetched: Map<string, string | null>): void {
    fetched.set(key, json);
    if (!this.versioned) return;
    this.note(key, 'v', version);
    this.records.set(key, json);
  }

  async findBy(collection: string, field: string, value: Scalar): Promise<StoredRecord[]> {
    this.catalog.requireIndexed(collection, field);
    requireScalar(field, value);
    const set = this.keys.index(collection, field, indexKey(value)!);
    const known = this.members.get(set);
    if (known) return (await this.many(collection, known)).filter((r) => fieldMatches(r, field, value));
    // Version, members and (small sets) their records in one script: all from the same instant.
    const [version, members, ...inline] = await call(this.redis.gwFind(set, this.keys.indexVersions, this.keys.recordPrefix(collection), FIND_INLINE_MAX));
    this.note(this.keys.indexVersions, set, version);
    const ids = members.map(Number).sort((a, b) => a - b);
    if (this.versioned) this.members.set(set, ids);
    if (inline.length > 0) {
      // Records already read in this transaction keep the version first seen (many() reuses them).
      const fetched = new Map<string, string | null>();
      members.forEach((id, i) => {
        const key = this.keys.record(collection, Number(id));
        if (!this.records.has(key)) this.remember(key, inline[2 * i] || null, inline[2 * i + 1], fetched);
      });
      const out: StoredRecord[] = [];
      for (const id of ids) {
        const key = this.keys.record(collection, id);
        const json = fetched.has(key) ? fetched.get(key) : this.records.get(key);
        if (json) out.push(fromJson<StoredRecord>(json));
      }
      return out.filter((r) => fieldMatches(r, field, value));
    }
    // A record changed between the two reads no longer matches; its newer version is noted too.
    return (await this.many(collection, ids)).filter((r) => fieldMatches(r, field, value));
  }

  async counter(name: string): Promise<number> {
    return Number((await call(this.redis.get(this.keys.counter(name)))) ?? 0);
  }

  async getKv(key: string): Promise<unknown> {
    const k = this.keys.kv(key);
    const [json, version] = await this.kvEntry(k);
    this.note(k, 'v', version);
    return json ? fromJson(json) : undefined;
  }

  /**
   * A kv entry's [json, version]. Inside a transaction it is read once, and the first generation
   * read fetches every generation in one command (kv-script.ts): a transaction that caches one collection
   * reads the others too (placeOrder reads four), and each later read would be a round trip.
   * Only the generations the transaction asks for are noted (getKv), so the others never conflict.
   * That read is shared with the transactions starting in the same tick (generation-read.ts).
   */
  private kvEntry(key: string): Promise<Array<string | null>> {
    if (!this.versioned) return call(this.redis.hmget(key, 'j', 'v'));
    const known = this.kvEntries.get(key);
    if (known) return known;
    if (!this.generations?.has(key)) {
      const read = call(this.redis.hmget(key, 'j', 'v'));
      this.kvEntries.set(key, read);
      return read;
    }
    // The first generation read fills in every generation at once, so none is known yet here.
    const all = this.generations.read();
    this.generations.keys.forEach((k, i) => this.kvEntries.set(k, startEarly(all.then((r) => [r[2 * i], r[2 * i + 1]]))));
    return this.kvEntries.get(key)!;
  }

  /**
   * A kv key taken as absent without a round trip: noted as read absent ("0"), so the commit
   * refuses the transaction if it holds anything. A key already read keeps its answer.
   */
  assumeKvAbsent(key: string): boolean {
    const k = this.keys.kv(key);
    if (!this.mayAssume || this.kvEntries.has(k) || this.generations?.has(k)) return false;
    this.note(k, 'v', null);
    this.assumed++;
    return true;
  }

  nextId(sequence: string): Promise<number> { return this.ids.next(sequence); }
}
