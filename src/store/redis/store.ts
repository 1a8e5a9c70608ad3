// Shared store on Redis (ioredis) for several gateway instances. Transactions are optimistic:
// reads record versions, and commit is ONE Lua script that checks those versions, unique values
// and counter limits and applies every write atomically — or reports why it did not, in which
// case transact() re-runs the function (bounded, jittered). No WATCH: a shared connection
// cannot hold per-caller WATCH state. Works on one node (redis://) or a Redis Cluster
// (redis-cluster://): the store only issues commands whose keys carry the data set's hash tag.
import { Cluster, Redis } from 'ioredis';
import type { Logger } from '../../log.js';
import { Catalog, checkUpTo, generationKey, indexKey, keyValue, requireScalar, type Scalar } from '../catalog.js';
import { applyQuery, checkAfter, checkPaging, pagesById } from '../records.js';
import { TxConflict, withRetries } from '../retry.js';
import { BufferedTx } from '../tx-buffer.js';
import {
  LimitExceeded, StoreError, StoreUnavailable, UniqueViolation,
  type CollectionSpec, type Id, type ListQuery, type OrderedPosition, type Store, type StoredRecord, type Tx,
} from '../port.js';
import { COMMIT_LUA } from './commit-script.js';
import { commitPayload } from './commit-payload.js';
import { call } from './errors.js';
import { RedisKeys, orderedMember } from './keys.js';
import { RedisReader, type FindingRedis, type RedisCommands } from './reader.js';
import { FIND_LUA } from './find-script.js';
import { KV_LUA } from './kv-script.js';
import { SequenceValues } from './sequence-values.js';
import { parseRedisUrl, type RedisTarget } from './url.js';
import { GenerationRead, type GenerationScript } from './generation-read.js';
import { coalesceWrites } from './coalesced-writes.js';

type Where = Record<string, Scalar>;
type CommitReply = [string, string?, string?];
type CommittingRedis = FindingRedis & GenerationScript & { gwCommit(clockKey: string, payload: string, ...values: string[]): Promise<CommitReply> };

/** Reconnect forever, at most a second apart, so the store recovers when Redis returns. */
const retryStrategy = (attempt: number) => Math.min(attempt * 100, 1000);

/**
 * One connection (or cluster client) with the adapter's safety settings: fail fast instead of
 * queueing while disconnected, and never replay a command whose outcome is unknown (a commit
 * might be applied twice).
 */
function createClient(target: RedisTarget): Redis | Cluster {
  // Commands issued in the same tick (concurrent requests, Promise.all) go out in one write
  // (coalesced-writes.ts, instead of ioredis' enableAutoPipelining): one syscall per command was
  // ~1/4 of placeOrder's CPU.
  if (!target.cluster) {
    const redis = new Redis({
      ...target.options,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy,
    });
    coalesceWrites(redis);
    return redis;
  }
  const cluster = new Cluster(target.cluster, {
    lazyConnect: true,
    enableOfflineQueue: false,
    // Whole-cluster reconnects (every startup node lost), like retryStrategy above.
    clusterRetryStrategy: retryStrategy,
    // ioredis resends a command that failed with "Connection is closed." after this delay; that
    // command may already have run, so never (0). It follows MOVED/ASK and retries TRYAGAIN and
    // CLUSTERDOWN (bounded by maxRedirections): those replies mean the command did not run.
    retryDelayOnFailover: 0,
    slotsRefreshTimeout: target.options.connectTimeout,
    redisOptions: { ...target.options, maxRetriesPerRequest: 0, autoResendUnfulfilledCommands: false },
  });
  // Each node's connection, as the cluster client makes it (lazily, on connect and on topology changes).
  cluster.on('+node', (node: Redis) => coalesceWrites(node));
  return cluster;
}

export class RedisStore implements Store {
  readonly kind = 'redis' as const;
  private readonly catalog: Catalog;
  private readonly keys: RedisKeys;
  private readonly reader: RedisReader;
  private readonly ids: SequenceValues;
  /** Every cacheable collection's generation, read together and shared by the transactions of a tick (generation-read.ts). */
  private readonly generationRead: GenerationRead;
  private closed = false;
  /** The same client as `client`, typed as the commands the store issues. */
  private readonly redis: CommittingRedis;

  private constructor(private readonly client: Redis | Cluster, prefix: string, schema: CollectionSpec[], orderedSequences: readonly string[]) {
    const commands: RedisCommands = client; // both client types provide every command the store issues
    this.redis = commands as CommittingRedis; // and the two scripts, defined in connect()
    this.catalog = new Catalog(schema);
    this.keys = new RedisKeys(prefix);
    this.ids = new SequenceValues(this.redis, this.keys, orderedSequences);
    this.reader = new RedisReader(this.redis, this.keys, this.catalog, false, this.ids);
    const generations = this.catalog.names.filter((c) => this.catalog.cacheable(c)).map((c) => this.keys.kv(generationKey(c)));
    this.generationRead = new GenerationRead(this.redis, generations);
  }

  /**
   * Connects and waits until Redis answers; StoreUnavailable if it does not within connectTimeout (ms, total).
   * `orderedSequences` stay one INCR per value; every other sequence is handed out in blocks (sequence-values.ts).
   */
  static async connect(url: string, schema: CollectionSpec[], log?: Logger, orderedSequences: readonly string[] = []): Promise<RedisStore> {
    const target = parseRedisUrl(url);
    const client = createClient(target);
    // ioredis sends EVALSHA and falls back to EVAL on NOSCRIPT, per connection (per cluster node).
    client.defineCommand('gwCommit', { numberOfKeys: 1, lua: COMMIT_LUA });
    client.defineCommand('gwFind', { numberOfKeys: 2, lua: FIND_LUA });
    client.defineCommand('gwKv', { lua: KV_LUA }); // key count given per call
    let lastError = '';
    const onError = (e: Error) => {
      // ioredis emits every failed reconnect; log each distinct failure once.
      if (e.message !== lastError) log?.warn({ err: e.message, store: target.display }, 'redis store connection error');
      lastError = e.message;
    };
    client.on('error', onError);
    // A Cluster reports a failing node as 'node error' (its own 'error' is about the whole cluster).
    if (client instanceof Cluster) client.on('node error', onError);
    client.on('ready', () => { if (lastError) log?.info({ store: target.display }, 'redis store reconnected'); lastError = ''; });
    // Keep retrying (retryStrategy) until Redis answers or connectTimeout has passed in total, so
    // a gateway started a moment before its Redis (compose, k8s) still comes up.
    const waitMs = target.options.connectTimeout ?? 3000;
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(lastError || `no answer within ${waitMs} ms`)), waitMs);
        client.once('ready', () => { clearTimeout(timer); resolve(); });
        client.connect().catch(() => { /* reported through 'error'; retried by retryStrategy */ });
      });
    } catch (e) {
      client.disconnect();
      throw new StoreUnavailable(`redis unavailable at ${target.display}: ${(e as Error).message}`, e);
    }
    const store = new RedisStore(client, target.prefix, schema, orderedSequences);
    try {
      await store.reindexChangedCollections(log);
    } catch (e) {
      client.disconnect();
      throw e;
    }
    return store;
  }

  /**
   * A collection whose indexed fields changed since the data set was written (a new release added
   * an index) has every record re-put through the normal commit: the script adds the entries the
   * new layout needs and drops the stale ones, as the SQLite adapter rebuilds its index on open.
   * Idempotent, so instances starting together may both do it.
   */
  private async reindexChangedCollections(log?: Logger): Promise<void> {
    const PAGE = 200;
    for (const collection of this.catalog.names) {
      const fields = this.catalog.layout(collection);
      const stored = await call(this.redis.hget(this.keys.layout, collection));
      if (stored === fields) continue;
      let rewritten = 0;
      for (let offset = 0; ; offset += PAGE) {
        const { records } = await this.list(collection, { offset, limit: PAGE });
        if (records.length === 0) break;
        await this.transact(async (tx) => {
          for (const r of records) {
            const current = await tx.get(collection, r.id);
            if (current) tx.put(collection, current);
          }
        });
        rewritten += records.length;
      }
      await call(this.redis.hset(this.keys.layout, collection, fields));
      if (stored !== null) log?.info({ collection, fields, records: rewritten }, 'redis store: re-indexed after schema change');
    }
  }

  private open(): void {
    if (this.closed) throw new StoreUnavailable('redis store is closed');
  }

  async get<T extends StoredRecord>(collection: string, id: Id): Promise<T | undefined> {
    this.open();
    return (await this.reader.get(collection, id)) as T | undefined;
  }

  async findBy<T extends StoredRecord>(collection: string, field: string, value: Scalar): Promise<T[]> {
    this.open();
    return (await this.reader.findBy(collection, field, value)) as T[];
  }

  async counter(name: string): Promise<number> { this.open(); return this.reader.counter(name); }
  async getKv<T = unknown>(key: string): Promise<T | undefined> { this.open(); return (await this.reader.getKv(key)) as T | undefined; }
  async nextId(sequence: string): Promise<number> { this.open(); return this.reader.nextId(sequence); }

  private indexSets(collection: string, where: Where): string[] {
    return Object.entries(where).map(([field, value]) => {
      this.catalog.requireIndexed(collection, field);
      requireScalar(field, value);
      return this.keys.index(collection, field, indexKey(value)!);
    });
  }

  async list<T extends StoredRecord>(collection: string, query: ListQuery<T> = {}): Promise<{ total: number; records: T[] }> {
    this.open();
    this.catalog.check(collection);
    const sets = this.indexSets(collection, query.where ?? {});
    const idsKey = this.keys.ids(collection);
    if (sets.length === 0 && pagesById(query)) {
      // Page on the id sorted set so a large collection reads only the records returned.
      const { offset, limit, desc } = checkPaging(query as ListQuery<unknown>);
      const stop = limit === undefined ? -1 : offset + limit - 1;
      if (limit === 0) return { total: await call(this.redis.zcard(idsKey)), records: [] };
      const tx = this.redis.multi().zcard(idsKey);
      if (desc) tx.zrevrange(idsKey, offset, stop); else tx.zrange(idsKey, String(offset), String(stop));
      const [[, total], [, ids]] = (await call(tx.exec()))! as [[null, number], [null, string[]]];
      return { total, records: (await this.reader.many(collection, ids.map(Number))) as T[] };
    }
    const ids = sets.length === 0
      ? await call(this.redis.zrange(idsKey, '0', '-1'))
      : await call(this.redis.sinter(...sets));
    const records = (await this.reader.many(collection, ids.map(Number).sort((a, b) => a - b))) as T[];
    return applyQuery(records, query);
  }

  async listAfter<T extends StoredRecord>(collection: string, afterId: Id, limit: number): Promise<T[]> {
    this.open();
    this.catalog.check(collection);
    checkAfter(afterId, limit);
    // The id sorted set scores each id with itself: a score range is an id range.
    const ids = await call(this.redis.zrangebyscore(this.keys.ids(collection), `(${afterId}`, '+inf', 'LIMIT', 0, limit));
    return (await this.reader.many(collection, ids.map(Number))) as T[];
  }

  async listUpTo<T extends StoredRecord>(collection: string, field: string, upTo: string, limit: number, after?: OrderedPosition): Promise<T[]> {
    this.open();
    this.catalog.requireOrdered(collection, field);
    checkUpTo(upTo, limit, after);
    if (limit === 0) return [];
    // Members are "value 0x1f zero-padded id" (keys.ts): a space after upTo bounds every member of
    // that value (0x1f sorts below it) and none of a greater value.
    const from = after ? `(${orderedMember(after.value, after.id)}` : '-';
    const members = await call(this.redis.zrangebylex(this.keys.ordered(collection, field), from, `(${upTo} `, 'LIMIT', 0, limit));
    return (await this.reader.many(collection, members.map((m) => Number(m.slice(m.indexOf('\u001f') + 1))))) as T[];
  }

  async count(collection: string, where: Where = {}): Promise<number> {
    this.open();
    this.catalog.check(collection);
    const sets = this.indexSets(collection, where);
    if (sets.length === 0) return call(this.redis.zcard(this.keys.ids(collection)));
    if (sets.length === 1) return call(this.redis.scard(sets[0]));
    return (await call(this.redis.sinter(...sets))).length;
  }

  transact<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    let attempts = 0;
    return withRetries(async () => {
      this.open();
      // Only a first attempt takes kv keys as absent unread (kvAbsent): a re-run after a conflict
      // (that one, or any other) reads them, so a key that is present ends the re-runs at once.
      const reader = new RedisReader(this.redis, this.keys, this.catalog, true, this.ids, this.generationRead, ++attempts === 1);
      const tx = new BufferedTx(this.catalog, reader);
      const result = await fn(tx);
      this.open();
      if (!tx.isEmpty || reader.assumed > 0) await this.commit(tx, reader);
      return result;
    });
  }

  private async commit(tx: BufferedTx, reader: RedisReader): Promise<void> {
    const { payload, values } = commitPayload(tx, reader.seen.values(), this.keys, this.catalog);
    // On a cluster the script first touches every key, so a slot migration aborts it before it writes.
    if (this.client instanceof Cluster) payload.t = 1;
    const [outcome, a, b] = await call(this.redis.gwCommit(this.keys.clock, JSON.stringify(payload), ...values));
    if (outcome === 'ok') return;
    if (outcome === 'conflict') throw new TxConflict(`changed since read: ${a}`);
    if (outcome === 'limit') throw new LimitExceeded(a!.slice(`${this.keys.tag}:ctr:`.length));
    if (outcome === 'unique') {
      const [collection, field] = a!.slice(`${this.keys.tag}:uq:`.length).split(':');
      throw new UniqueViolation(collection, field, keyValue(b!));
    }
    throw new StoreError(`redis commit answered "${outcome}"`);
  }

  async ping(): Promise<void> {
    this.open();
    // A keyless PING on a Cluster goes to any node; ask the node that holds this data set.
    if (this.client instanceof Cluster) await call(this.redis.exists(this.keys.clock));
    else await call(this.redis.ping());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.client.status === 'ready') await this.client.quit().catch(() => this.client.disconnect());
    else this.client.disconnect();
  }
}
