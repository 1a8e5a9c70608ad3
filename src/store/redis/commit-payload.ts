// Turns a buffered transaction into the commit script's payload (see commit-script.ts). Index and
// unique entries are computed here from the catalog, so the script needs no schema.
import type { Catalog } from '../catalog.js';
import type { BufferedTx } from '../tx-buffer.js';
import type { ReadVersion } from './reader.js';
import { orderedMember, type RedisKeys } from './keys.js';

/** Empty lists are left out (the script reads an absent one as empty); xj/uj/oj: ARGV positions of x/u/o as JSON. */
interface RecordOp { k: string; z: string; id: string; j?: number; x?: string[]; u?: Array<[string, string]>; o?: Array<[string, string]>; xj?: number; uj?: number; oj?: number }
interface BumpOp { k: string; d: number; l?: number }
interface KvOp { k: string; j?: number; t?: number }

export interface CommitPayload { reads: ReadVersion[]; recs: RecordOp[]; bumps: BumpOp[]; kv: KvOp[]; ixv: string; t?: 1 }

/**
 * The payload plus the JSON values it stores: each `j` is the ARGV position of its value, so the
 * record JSON (an invoice is ~1.3 KB) is sent as it is, not escaped inside the payload and decoded
 * again by cjson.
 */
export interface CommitArgs { payload: CommitPayload; values: string[] }

export function commitPayload(tx: BufferedTx, reads: Iterable<ReadVersion>, keys: RedisKeys, catalog: Catalog): CommitArgs {
  const values: string[] = [];
  const argv = (json: string) => values.push(json) + 1; // ARGV[1] is the payload
  tx.uniqueClaims(); // refuses two records of this transaction claiming one unique value
  const recs: RecordOp[] = [];
  for (const [collection, byId] of tx.indexedRecords) {
    for (const [id, rec] of byId) {
      const op: RecordOp = { k: keys.record(collection, id), z: keys.ids(collection), id: String(id) };
      if (rec) {
        op.j = argv(tx.jsonOf(collection, id)!);
        const x = catalog.indexEntries(collection, rec).map((e) => keys.index(collection, e.field, e.key));
        const u = catalog.uniqueEntries(collection, rec).map((e): [string, string] => [keys.unique(collection, e.field), e.key]);
        const o = catalog.orderedEntries(collection, rec).map((e): [string, string] => [keys.ordered(collection, e.field), orderedMember(e.value, id)]);
        // Each list goes twice: parsed in the payload (the script's SADD/HSET/ZADD) and as its JSON
        // in ARGV, stored on the record as it is: no cjson.encode in the script, and no escaped copy
        // inside the payload for the gateway to escape and the script to unescape.
        if (x.length > 0) { op.x = x; op.xj = argv(JSON.stringify(x)); }
        if (u.length > 0) { op.u = u; op.uj = argv(JSON.stringify(u)); }
        if (o.length > 0) { op.o = o; op.oj = argv(JSON.stringify(o)); }
      }
      recs.push(op);
    }
  }
  const bumps = tx.bumps.map((b): BumpOp => (b.limit === undefined
    ? { k: keys.counter(b.counter), d: b.delta }
    : { k: keys.counter(b.counter), d: b.delta, l: b.limit }));
  const kv = [...tx.kv].map(([key, w]): KvOp => {
    if (!w) return { k: keys.kv(key) };
    return w.ttlMs === undefined ? { k: keys.kv(key), j: argv(w.json) } : { k: keys.kv(key), j: argv(w.json), t: w.ttlMs };
  });
  return { payload: { reads: [...reads], recs, bumps, kv, ixv: keys.indexVersions }, values };
}
