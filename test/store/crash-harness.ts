// Runs crash-writer.ts in a child process and collects the ids it acknowledged, so a crash
// test can SIGKILL it mid-load and then check the store.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { openStore } from '../../src/store/open.js';
import type { StoredRecord } from '../../src/store/port.js';
import { CONTRACT_SCHEMA } from './contract.js';

const WRITER = fileURLToPath(new URL('./crash-writer.ts', import.meta.url));

export interface Writer { acked: number[]; child: ChildProcess; waitForAcks(n: number): Promise<void>; kill(): Promise<void> }

export function startWriter(url: string): Writer {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, url], { stdio: ['ignore', 'pipe', 'pipe'] });
  const acked: number[] = [];
  let partial = '';
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  child.stdout!.on('data', (d: Buffer) => {
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop()!;
    for (const line of lines) if (line.startsWith('ack ')) acked.push(Number(line.slice(4)));
  });
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    acked,
    child,
    async waitForAcks(n: number) {
      const deadline = Date.now() + 30_000;
      while (acked.length < n) {
        if (child.exitCode !== null) throw new Error(`writer exited early (${child.exitCode}): ${stderr}`);
        if (Date.now() > deadline) throw new Error(`writer acknowledged only ${acked.length} of ${n}: ${stderr}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async kill() { child.kill('SIGKILL'); await exit; },
  };
}

/** Reopen the store and check every acknowledged invoice is there, intact and findable. */
export async function expectAllAcknowledged(url: string, acked: number[]): Promise<void> {
  const store = await openStore(url, CONTRACT_SCHEMA);
  try {
    const missing: number[] = [];
    for (const id of acked) {
      const rec = await store.get<StoredRecord & { number: string; total: string }>('Invoice', id);
      if (!rec) { missing.push(id); continue; }
      expect(rec.number).toBe(`INV${String(id).padStart(6, '0')}`);
      expect(rec.total).toBe(`${id}.25`);
    }
    expect(missing).toEqual([]);
    const last = acked[acked.length - 1];
    expect((await store.findBy('Invoice', 'number', `INV${String(last).padStart(6, '0')}`)).map((r) => r.id)).toEqual([last]);
    // The counter moved with every committed invoice (same transaction), so it covers them all.
    const count = await store.count('Invoice');
    expect(count).toBeGreaterThanOrEqual(acked.length);
    expect(await store.counter('invoices')).toBe(count);
    // Sequences continue past everything handed out before the crash.
    expect(await store.nextId('invoice')).toBeGreaterThan(Math.max(...acked));
  } finally {
    await store.close();
  }
}
