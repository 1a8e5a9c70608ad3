// Which B-trees a SQLite commit writes: the frames of a WAL's current generation (those whose salts
// match its header), counted by the table or index that owns each page (SQLite's dbstat), per commit.
// A commit writes each page it touched whole, so this is where the WAL's bytes go.
//   npx tsx bench/sqlite-wal-pages.ts <database file> <copy of its -wal file>
// Copy the WAL while the store is open (closing the last connection checkpoints and removes it), e.g.
//   PRELOAD=30000 AFTER_HOOK="cp /tmp/x/b.db-wal /tmp/x/copy.wal" node build/bench/bench/orders-inprocess.js sqlite:/tmp/x/b.db 6000
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';

const [dbPath, walPath] = process.argv.slice(2);
if (!dbPath || !walPath) throw new Error('usage: sqlite-wal-pages.ts <database file> <copy of its -wal file>');
const wal = readFileSync(walPath);
const pageSize = wal.readUInt32BE(8);
const salts = [wal.readUInt32BE(16), wal.readUInt32BE(20)];
const pages: number[] = [];
let commits = 0;
// Frame header: page number, database size after the commit (0 except on a commit's last frame), two salts.
for (let off = 32; off + 24 + pageSize <= wal.length; off += 24 + pageSize) {
  if (wal.readUInt32BE(off + 8) !== salts[0] || wal.readUInt32BE(off + 12) !== salts[1]) break;
  pages.push(wal.readUInt32BE(off));
  if (wal.readUInt32BE(off + 4) !== 0) commits++;
}
const db = new Database(dbPath, { readonly: true });
const owner = new Map<number, string>();
for (const r of db.prepare('SELECT name, pageno, pagetype FROM dbstat').iterate() as Iterable<{ name: string; pageno: number; pagetype: string }>) {
  owner.set(r.pageno, r.pagetype === 'internal' ? `${r.name} (interior)` : r.name);
}
db.close();
const counts = new Map<string, number>();
for (const p of pages) { const k = owner.get(p) ?? '(free or other)'; counts.set(k, (counts.get(k) ?? 0) + 1); }
console.log(`${pages.length} frames in ${commits} commits: ${(pages.length / Math.max(1, commits)).toFixed(1)} per commit`);
for (const [k, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`${String(n).padStart(8)} ${(n / Math.max(1, commits)).toFixed(1).padStart(7)} per commit  ${k}`);
