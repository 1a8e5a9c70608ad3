import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/store/memory.js';
import { openStore } from '../../src/store/open.js';
import { StoreUnavailable } from '../../src/store/port.js';
import { CONTRACT_SCHEMA, runStoreContract } from './contract.js';

runStoreContract('memory', async (schema) => new MemoryStore(schema));
runStoreContract('memory via openStore', (schema) => openStore('memory', schema));

describe('memory store', () => {
  it('refuses work once closed', async () => {
    const store = new MemoryStore(CONTRACT_SCHEMA);
    await store.close();
    await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailable);
    await expect(store.transact(async () => 1)).rejects.toBeInstanceOf(StoreUnavailable);
  });

  it('openStore names the accepted URLs for an unknown one', async () => {
    await expect(openStore('postgres://x', CONTRACT_SCHEMA)).rejects.toThrow(/memory, sqlite:<path> or redis:\/\//);
  });
});
