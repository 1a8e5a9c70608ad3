// The placeOrder ceiling (issue #17): ../shared/bench/order-ceiling.mjs, a least-work server for the
// same call on the same embedded SQLite (WAL, synchronous=NORMAL, group commit per turn), run as a
// child process beside the gateway. It is read from ../shared, never copied here, and loads
// better-sqlite3 and fast-xml-parser from this package (DEPS_FROM), so both sides use the same builds.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { REPO, SHARED_DIR } from '../test/support/shared-dir.js';
import { freePort } from '../test/support/redis.js';

export const CEILING_SCRIPT = join(SHARED_DIR, 'bench', 'order-ceiling.mjs');

export const MISSING_CEILING = `the placeOrder ceiling is expected in ${CEILING_SCRIPT} `
  + '(the folder "shared" beside this repository; set SHARED_DIR to use another one, or BENCH_ORDER_CEILING=off to run without it)';

/** What the ceiling prints once ready: the ids its own seed gave the contact, the products and the code. */
export interface CeilingSeed { contact: number; products: number[]; code: string }

export interface Ceiling {
  child: ChildProcess; port: number; seed: CeilingSeed;
  /** Orders it has stored so far (its job rows), read from its database file. */
  count(): number;
  stop(): Promise<void>;
}

/** Starts the ceiling on `dbFile` and resolves once it listens (its first stdout line). */
export async function startCeiling(dbFile: string): Promise<Ceiling> {
  if (!existsSync(CEILING_SCRIPT)) throw new Error(MISSING_CEILING);
  const port = await freePort(); // it takes its port as an argument and reports no ephemeral one
  // Plain node, as given; BENCH_CEILING_NODE_ARGS (e.g. production's --max-semi-space-size=64) checks
  // that a flag the gateway runs with would not speed the ceiling up as much.
  const flags = (process.env.BENCH_CEILING_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...flags, CEILING_SCRIPT, String(port), dbFile], {
    stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, DEPS_FROM: join(REPO, 'package.json') },
  });
  const seed = await new Promise<CeilingSeed>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => resolve(JSON.parse(line) as CeilingSeed));
    child.once('exit', (code, signal) => reject(new Error(`order-ceiling.mjs exited (${code ?? signal}) before listening`)));
  });
  let db: Database.Database | undefined;
  return {
    child, port, seed,
    count: () => {
      db ??= new Database(dbFile, { readonly: true, fileMustExist: true });
      return (db.prepare('SELECT count(*) AS n FROM job').get() as { n: number }).n;
    },
    stop: () => new Promise<void>((resolve) => {
      db?.close();
      if (child.exitCode !== null || child.signalCode !== null) { resolve(); return; }
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}
