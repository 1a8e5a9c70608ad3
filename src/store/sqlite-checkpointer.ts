// WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the COMMIT that
// crosses its threshold, on the writer's thread, with an fsync: under load that was about half of
// the commit cost and the source of the p99 latency (docs/performance.md). A worker thread with
// its own connection runs PASSIVE checkpoints instead: they copy committed WAL frames into the
// database file and never block the writer. Durability is unchanged — a checkpoint only moves
// data that is already committed. The writer keeps a high auto-checkpoint as a safety net.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Runs in the worker (CommonJS, eval). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path, { fileMustExist: true });
const checkpoint = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy or closed: next time */ } };
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

/** WAL pages after which the writer checkpoints itself if the worker falls behind. */
export const SAFETY_NET_PAGES = 20_000;

export class Checkpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;

  constructor(path: string, everyMs = 250) {
    const module = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, path, everyMs } });
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    // A failing checkpointer must not take the gateway down: the writer's safety net takes over.
    this.worker.on('error', () => {});
    // Never the reason a process stays alive.
    this.worker.unref();
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
