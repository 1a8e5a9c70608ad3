// Redis key layout. Every key of one data set carries the same hash tag `{<prefix>}` so that the
// whole data set hashes to one Redis Cluster slot and the commit script never crosses slots.
//
//   {gw}:clock                     INCR once per commit; the value versions everything written
//   {gw}:rec:<Collection>:<id>     hash  j=<record JSON> v=<version> x=<index set keys JSON> u=<unique entries JSON>
//                                  o=<ordered entries JSON> (x, u, o absent = empty)
//   {gw}:ids:<Collection>          zset  member=id score=id (list without where, count, paging)
//   {gw}:ix:<Collection>:<field>:<t:value>   set of ids whose field holds the value (t = s|n|b type)
//   {gw}:ox:<Collection>:<field>   zset, all scores 0, member=<value>\x1f<id as 16 digits>: the ordered index
//   {gw}:ixv                       hash  <index set key> → version of its last membership change; none for a
//                                  set unchanged since the commit that created it (version "n<size>")
//   {gw}:uq:<Collection>:<field>   hash  <t:value> → id owning that unique value
//   {gw}:seq:<name>                string, INCR (ids are never reused)
//   {gw}:ctr:<name>                string, INCRBY at commit (conditional on limits)
//   {gw}:kv:<key>                  hash  j=<value JSON> v=<version>, PEXPIRE for the ttl
//   {gw}:layout                    hash  <Collection> → JSON of its indexed fields (re-index on change)
export class RedisKeys {
  readonly tag: string;

  constructor(prefix: string) {
    if (!/^[A-Za-z0-9_.-]+$/.test(prefix)) throw new Error(`redis key prefix must be letters, digits, _ . or -, got "${prefix}"`);
    this.tag = `{${prefix}}`;
  }

  get clock(): string { return `${this.tag}:clock`; }
  get indexVersions(): string { return `${this.tag}:ixv`; }
  get layout(): string { return `${this.tag}:layout`; }
  record(collection: string, id: number): string { return `${this.recordPrefix(collection)}${id}`; }
  recordPrefix(collection: string): string { return `${this.tag}:rec:${collection}:`; }
  ids(collection: string): string { return `${this.tag}:ids:${collection}`; }
  index(collection: string, field: string, key: string): string { return `${this.tag}:ix:${collection}:${field}:${key}`; }
  ordered(collection: string, field: string): string { return `${this.tag}:ox:${collection}:${field}`; }
  unique(collection: string, field: string): string { return `${this.tag}:uq:${collection}:${field}`; }
  sequence(name: string): string { return `${this.tag}:seq:${name}`; }
  counter(name: string): string { return `${this.tag}:ctr:${name}`; }
  kv(key: string): string { return `${this.tag}:kv:${key}`; }
}

/**
 * An ordered index member: lexical order of members is (value, id). Values are printable ASCII
 * (>= 0x20), so the separator 0x1f sorts below every value character.
 */
export function orderedMember(value: string, id: number): string {
  return `${value}\u001f${String(id).padStart(16, '0')}`;
}
