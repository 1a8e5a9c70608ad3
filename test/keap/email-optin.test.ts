import { describe, expect, it } from 'vitest';
import { keapHarness } from './data-fixture.js';

describe('APIEmailService opt-in status', () => {
  it('optIn is true only the first time; getOptStatus follows', async () => {
    const h = keapHarness();
    await h.call('ContactService.add', { FirstName: 'A', Email: 'a@example.com' });
    expect(await h.call('APIEmailService.getOptStatus', 'a@example.com')).toBe(0);
    expect(await h.call('APIEmailService.optIn', 'A@example.com', 'signed up at checkout')).toBe(true);
    expect(await h.call('APIEmailService.getOptStatus', 'a@example.com')).toBe(1);
    expect(await h.call('APIEmailService.optIn', 'a@example.com', 'again')).toBe(false);
  });

  it('optOut makes the address non-marketable and optIn cannot undo it', async () => {
    const h = keapHarness();
    await h.call('ContactService.add', { FirstName: 'B', Email: 'b@example.com' });
    await h.call('APIEmailService.optIn', 'b@example.com', 'x');
    expect(await h.call('APIEmailService.optOut', 'b@example.com', 'unsubscribed')).toBe(true);
    expect(await h.call('APIEmailService.getOptStatus', 'b@example.com')).toBe(0);
    expect(await h.call('APIEmailService.optIn', 'b@example.com', 'x')).toBe(false);
  });

  it('an address no contact holds cannot be opted in (false, no fault)', async () => {
    const h = keapHarness();
    expect(await h.call('APIEmailService.optIn', 'nobody@example.com', 'x')).toBe(false);
    expect(await h.call('APIEmailService.optOut', 'nobody@example.com', 'x')).toBe(false);
  });

  it('the status is not exposed as a Contact field', async () => {
    const h = keapHarness();
    const id = await h.call('ContactService.add', { Email: 'c@example.com' });
    await h.call('APIEmailService.optIn', 'c@example.com', 'x');
    expect((await h.fault('ContactService.load', id, ['optStatus:c@example.com'])).faultCode).toBe(10);
  });
});

describe('concurrent optIn', () => {
  it('only one of many simultaneous first opt-ins answers true', async () => {
    const h = keapHarness();
    await h.call('ContactService.add', { Email: 'race@example.com' });
    const answers = await Promise.all(Array.from({ length: 10 }, () => h.call('APIEmailService.optIn', 'race@example.com', 'x')));
    expect(answers.filter((a) => a === true)).toHaveLength(1);
  });
});
