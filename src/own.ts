// Look-ups by a name a client (or an operator's file, flag or header) chose. A plain `table[name]`
// walks the prototype chain: 'constructor', 'toString' or '__proto__' would find Object's own
// members and pass for a known name. Every such look-up goes through own() (or a Map).

/** `table[name]` when `name` is the table's own property, otherwise undefined. */
export function own<V>(table: Readonly<Record<string, V>>, name: string): V | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}
