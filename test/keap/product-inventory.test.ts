import { describe, expect, it } from 'vitest';
import { keapHarness } from './data-fixture.js';

describe('ProductService', () => {
  it('inventory starts at 0 and follows increments and decrements', async () => {
    const h = keapHarness();
    const id = await h.call('DataService.add', 'Product', { ProductName: 'Widget' });
    expect(await h.call('ProductService.getInventory', id)).toBe(0);
    expect(await h.call('ProductService.increaseInventory', id, 10)).toBe(true);
    expect(await h.call('ProductService.incrementInventory', id)).toBe(true);
    expect(await h.call('ProductService.decrementInventory', String(id))).toBe(true);
    expect(await h.call('ProductService.decreaseInventory', id, '4')).toBe(true);
    expect(await h.call('ProductService.getInventory', id)).toBe(6);
  });

  it('concurrent changes are not lost', async () => {
    const h = keapHarness();
    const id = await h.call('DataService.add', 'Product', { ProductName: 'Widget' });
    await Promise.all(Array.from({ length: 25 }, () => h.call('ProductService.incrementInventory', id)));
    expect(await h.call('ProductService.getInventory', id)).toBe(25);
  });

  it('unknown product → 5; non-positive quantity → 12; a missing parameter → 0', async () => {
    const h = keapHarness();
    expect((await h.fault('ProductService.getInventory', 42)).faultCode).toBe(5);
    const id = await h.call('DataService.add', 'Product', { ProductName: 'Widget' });
    expect((await h.fault('ProductService.increaseInventory', id, 0)).faultCode).toBe(12);
    // A missing parameter is the Java layer's "No method matching arguments" (fault 0, docs/faults.md).
    expect((await h.fault('ProductService.increaseInventory', id)).faultCode).toBe(0);
  });

  it('deactivateCreditCard sets Status 4; unknown card → 5', async () => {
    const h = keapHarness();
    const card = await h.call('DataService.add', 'CreditCard', { ContactId: 1, CardNumber: '4111111111111111', ExpirationMonth: '1', ExpirationYear: '2031' });
    expect(await h.call('ProductService.deactivateCreditCard', card)).toBe(true);
    expect(await h.call('DataService.load', 'CreditCard', card, ['Status'])).toEqual(expect.objectContaining({ Status: 4 }));
    expect((await h.fault('ProductService.deactivateCreditCard', 99)).faultCode).toBe(5);
  });
});
