// Child process for the crash tests: writes invoice-like records through a store URL in a loop,
// a few transactions in flight, and prints "ack <id>" only after transact() resolved. The test
// SIGKILLs this process mid-load and checks every acknowledged id is in the store.
import { openStore } from '../../src/store/open.js';
import { CONTRACT_SCHEMA } from './contract.js';

const url = process.argv[2];
if (!url) throw new Error('usage: crash-writer <store-url>');
const store = await openStore(url, CONTRACT_SCHEMA);
const IN_FLIGHT = 8;

async function writer(): Promise<never> {
  for (;;) {
    const id = await store.transact(async (tx) => {
      const id = await tx.nextId('invoice');
      tx.put('Invoice', { id, number: `INV${String(id).padStart(6, '0')}`, clientId: id % 7, total: `${id}.25`, lines: [{ qty: 1, price: `${id}.25` }] });
      tx.bump('invoices', 1);
      return id;
    });
    process.stdout.write(`ack ${id}\n`);
  }
}

process.stdout.write('ready\n');
await Promise.all(Array.from({ length: IN_FLIGHT }, writer));
