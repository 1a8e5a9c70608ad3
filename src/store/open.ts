// The one place a store URL becomes an adapter. Only src/main.ts (and the CLI) call this.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Logger } from '../log.js';
import { MemoryStore } from './memory.js';
import { StoreError, type CollectionSpec, type Store } from './port.js';
import { ORDERED_SEQUENCES } from './schema.js';

export interface OpenStoreOptions {
  log?: Logger;
  /** Sequences that must increase across instances sharing the store (default: schema.ts ORDERED_SEQUENCES). */
  orderedSequences?: readonly string[];
}

type Opener = (url: string, schema: CollectionSpec[], opts: OpenStoreOptions) => Promise<Store>;

/** URL scheme → adapter. The durable adapters load lazily so `memory` needs no native module. */
const OPENERS: Array<[RegExp, Opener]> = [
  [/^memory$/, async (_url, schema) => new MemoryStore(schema)],
  [/^sqlite:/, async (url, schema, opts) => {
    const { SqliteStore, parseSqliteUrl } = await import('./sqlite.js');
    const options = parseSqliteUrl(url);
    if (options.path !== ':memory:') mkdirSync(dirname(resolve(options.path)), { recursive: true });
    return SqliteStore.open(options, schema, opts.log);
  }],
  [/^rediss?(-cluster)?:\/\//, async (url, schema, opts) => {
    const { RedisStore } = await import('./redis/store.js');
    return RedisStore.connect(url, schema, opts.log, opts.orderedSequences ?? ORDERED_SEQUENCES);
  }],
];

export async function openStore(url: string, schema: CollectionSpec[], opts: OpenStoreOptions = {}): Promise<Store> {
  const row = OPENERS.find(([pattern]) => pattern.test(url));
  if (!row) throw new StoreError(`unknown store "${url}": use memory, sqlite:<path> or redis://host:port/db (redis-cluster://host:port[,host:port…] for a Redis Cluster)`);
  return row[1](url, schema, opts);
}
