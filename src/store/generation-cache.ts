// A read-through cache of values derived from cacheable collections (CollectionSpec.cacheable).
// A view first reads the collections' generations through the caller's reader (inside a
// transaction: under SQLite's lock, and versioned by Redis's optimistic commit like any read),
// then answers from memory whatever was loaded at exactly those generations. Every commit that
// writes such a collection changes its generation (tx-buffer.ts), so a write by any process on
// the same data set (another gateway on Redis, the CLI beside a SQLite gateway) is seen by the
// next view. Values are loaded after the generations are read, so a value is never older than
// the generations it is kept under (a newer one is kept under generations already superseded).
import { generationKey } from './catalog.js';
import type { ReadOps } from './port.js';

/** Values are shared by every later caller: frozen, so that no caller can change another's. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export class GenerationCache<T> {
  /** The generations the entries were loaded at. */
  private generation: string | undefined;
  private readonly entries = new Map<string, T>();

  constructor(private readonly collections: readonly string[], private readonly maxEntries = 256) {}

  /** Read the generations (concurrently: on Redis they share a round trip) and answer at them. */
  async view(reader: ReadOps): Promise<GenerationView<T>> {
    const tokens = await Promise.all(this.collections.map((c) => reader.getKv<string>(generationKey(c))));
    return new GenerationView(this, tokens.map((t) => t ?? '').join(' '));
  }

  /** @internal GenerationView's look-up. */
  cached(generation: string, key: string): { value: T } | undefined {
    if (generation !== this.generation || !this.entries.has(key)) return undefined;
    return { value: this.entries.get(key)! };
  }

  /** @internal Keep a value loaded at `generation`; entries of other generations go. */
  keep(generation: string, key: string, value: T): void {
    if (generation !== this.generation) {
      this.entries.clear();
      this.generation = generation;
    }
    // Bounded: the oldest entry makes room (keys are ids and codes a client can choose).
    if (this.entries.size >= this.maxEntries && !this.entries.has(key)) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, value);
  }
}

export class GenerationView<T> {
  constructor(private readonly cache: GenerationCache<T>, private readonly generation: string) {}

  /** The value for `key` at this view's generations; `load` reads it (through the same reader) when not cached. */
  async get(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.cache.cached(this.generation, key);
    if (hit) return hit.value;
    const value = deepFreeze(await load());
    this.cache.keep(this.generation, key, value);
    return value;
  }
}
