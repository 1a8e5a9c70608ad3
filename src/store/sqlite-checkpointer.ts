// WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the COMMIT that
// crosses its threshold, on the writer's thread, with an fsync: under load that was about half of
// the commit cost and the source of the p99 latency (docs/performance.md). A worker thread with
// its own connection runs PASSIVE checkpoints instead: they copy committed WAL frames into the
// database file and never block the writer. Durability is unchanged — a checkpoint only moves
// data that is already committed. The writer keeps a high auto-checkpoint as a safety net.
//
// Copying is not enough to keep the WAL short: SQLite starts the WAL over from its first frame
// only when a writer begins a transaction while every frame is already copied, and a busy writer
// has always committed more by the time the worker's pass ends. The WAL then grew to the safety net
// and the writer's own checkpoint stalled the event loop for ~110 ms every few seconds at 2,400
// orders/s. So when a pass leaves a long WAL fully copied, the worker syncs the database file,
// copies what came meanwhile and, if that second pass was quick, says so; the writer, right after
// its next COMMIT, copies the few frames committed since and syncs them (6–20 ms measured), and its
// next transaction starts the WAL over.
//
// At 1M stored orders the worker's sync took 0.2–0.3 s (the copied pages are scattered over a
// 3 GB file) while the writer added ~8,000 pages to the WAL: the WAL passed the safety net before
// the worker could report, and the writer's own checkpoint stalled commits for 95–140 ms about once
// a second. So the safety net leaves room for a sync, and after its quick second pass the worker
// syncs once more (those pages too are the writer's to sync otherwise) before it reports.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/** Runs in the worker (CommonJS, eval). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { openSync, fsyncSync, closeSync } = require('node:fs');
const Database = require(workerData.module);
const db = new Database(workerData.path, { fileMustExist: true });
const passive = () => db.pragma('wal_checkpoint(PASSIVE)')[0];
const syncDatabase = () => {
  const fd = openSync(workerData.path, 'r');
  try { fsyncSync(fd); } finally { closeSync(fd); }
};
const checkpoint = () => {
  try {
    const r = passive();
    if (r.busy !== 0 || r.log < workerData.restartPages || r.checkpointed !== r.log) return;
    // SQLite syncs the database file only after a checkpoint that found nothing newer, which a busy
    // writer never allows: the copied pages stay dirty until the writer's own checkpoint syncs them
    // all. Synced here, and the pages committed meanwhile copied, the writer's share stays small.
    syncDatabase();
    const started = performance.now();
    const again = passive();
    if (again.busy !== 0 || performance.now() - started > workerData.quickPassMs) return;
    syncDatabase();
    passive();
    parentPort.postMessage('copied');
  } catch { /* busy or closed: next time */ }
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

/**
 * WAL pages after which the writer checkpoints itself if the worker falls behind: RESTART_PAGES
 * plus room for what is committed while the worker syncs (at 1M stored orders ~8,000 pages). A WAL
 * file keeps its largest size: 212 MB at 1M stored orders under load (120 MB with 20,000 here).
 */
export const SAFETY_NET_PAGES = 40_000;
/**
 * WAL pages (of 4 KiB) after which the WAL is started over once the worker has copied them all:
 * each start-over costs the writer one short checkpoint (6–20 ms measured), so not too often, and
 * well below the safety net, which a late report must not reach first.
 */
export const RESTART_PAGES = 16_384;
/**
 * The worker's second pass copies only what was committed during its first pass and the sync; one
 * slower than this means the writer would have as much again to copy on the event loop (a large,
 * scattered database): the safety net stays in charge then.
 */
const QUICK_PASS_MS = 100;

export class Checkpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private copied = false;

  constructor(path: string, everyMs = 250, restartPages = RESTART_PAGES) {
    const module = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, path, everyMs, restartPages, quickPassMs: QUICK_PASS_MS } });
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.on('message', () => { this.copied = true; });
    // A failing checkpointer must not take the gateway down: the writer's safety net takes over.
    this.worker.on('error', () => {});
    // Never the reason a process stays alive.
    this.worker.unref();
  }

  /**
   * Called by the writer between transactions (no write transaction open): after the worker's
   * report, copies what was committed since, so the next transaction starts the WAL over.
   */
  afterCommit(writer: Database.Database): void {
    if (!this.copied) return;
    this.copied = false;
    try { writer.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy: the next report, or the safety net */ }
  }

  /** Stops the worker and closes its connection. */
  async close(): Promise<void> {
    // Referenced while closing: with the worker and the timer unref'd, a process whose last work is
    // this close had an empty event loop and exited mid-await — the main connection never closed,
    // `stopped` never logged, and the CLI's exit code lost (it exited 0 after an error).
    this.worker.ref();
    this.worker.postMessage('close');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => { timer = setTimeout(resolve, 1000); });
    await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    await this.worker.terminate();
  }
}
