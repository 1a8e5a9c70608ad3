import { describe, expect, it } from 'vitest';
import { XmlDateTime } from '../../src/xmlrpc/types.js';
import { keapHarness } from './data-fixture.js';

describe('ContactService', () => {
  it('add → load; the contact is the same record as the Invoicera client', async () => {
    const h = keapHarness();
    const id = await h.call('ContactService.add', { FirstName: 'Ada', LastName: 'Lovelace', Email: 'Ada@Example.com', City: 'London', _Favourite: 'engines' }) as number;
    const row = await h.call('ContactService.load', id, ['Id', 'FirstName', 'LastName', 'Email', 'City', '_Favourite', 'Company', 'DateCreated']) as Record<string, unknown>;
    expect(row).toMatchObject({ Id: id, FirstName: 'Ada', LastName: 'Lovelace', Email: 'Ada@Example.com', City: 'London', _Favourite: 'engines' });
    expect(row.Company).toBeUndefined();
    expect(row.DateCreated).toBeInstanceOf(XmlDateTime);
    const client = await h.deps.clients.get(h.store, id);
    expect(client).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', email: 'Ada@Example.com' });
    expect(client.extra.City).toBe('London');
  });

  it('update returns the id; unknown id is fault 5', async () => {
    const h = keapHarness();
    const id = await h.call('ContactService.add', { FirstName: 'A' });
    expect(await h.call('ContactService.update', id, { Company: 'Analytical Engines' })).toBe(id);
    expect(await h.call('ContactService.load', id, ['Company'])).toEqual(expect.objectContaining({ Company: 'Analytical Engines' }));
    expect((await h.fault('ContactService.update', 999, { Company: 'x' })).faultCode).toBe(5);
  });

  it('DataService sees the same contacts (query by Email uses the index)', async () => {
    const h = keapHarness();
    const id = await h.call('ContactService.add', { FirstName: 'Grace', Email: 'grace@navy.mil' });
    expect(await h.call('DataService.query', 'Contact', 10, 0, { Email: 'GRACE@navy.mil' }, ['Id', 'FirstName'])).toEqual([expect.objectContaining({ Id: id, FirstName: 'Grace' })]);
    expect(await h.call('DataService.query', 'Contact', 10, 0, { Email: '%@navy.mil' }, ['Id'])).toHaveLength(1);
  });

  it('findByEmail searches Email, EmailAddress2 and EmailAddress3, case-insensitively', async () => {
    const h = keapHarness();
    const a = await h.call('ContactService.add', { FirstName: 'A', Email: 'shared@example.com' });
    const b = await h.call('ContactService.add', { FirstName: 'B', Email: 'b@example.com', EmailAddress2: 'Shared@Example.com' });
    const c = await h.call('ContactService.add', { FirstName: 'C', Email: 'c@example.com' });
    await h.call('ContactService.update', c, { EmailAddress3: 'shared@example.com' });
    const found = await h.call('ContactService.findByEmail', 'SHARED@example.com', ['Id', 'FirstName']) as Array<{ Id: number }>;
    expect(found.map((r) => r.Id)).toEqual([a, b, c]);
    await h.call('ContactService.update', b, { EmailAddress2: 'other@example.com' });
    expect((await h.call('ContactService.findByEmail', 'shared@example.com', ['Id']) as unknown[]).length).toBe(2);
    expect(await h.call('ContactService.findByEmail', 'nobody@example.com', ['Id'])).toEqual([]);
  });

  it.each([
    ['Email', { FirstName: 'Other', Email: 'dup@example.com' }, true],
    ['EmailAndName', { FirstName: 'Other', LastName: 'Person', Email: 'dup@example.com' }, false],
    ['EmailAndName', { FirstName: 'dana', LastName: 'SCULLY', Email: 'dup@example.com' }, true],
    ['EmailAndNameAndCompany', { FirstName: 'Dana', LastName: 'Scully', Email: 'dup@example.com', Company: 'NSA' }, false],
    ['EmailAndNameAndCompany', { FirstName: 'Dana', LastName: 'Scully', Email: 'dup@example.com', Company: 'FBI' }, true],
  ] as const)('addWithDupCheck %s %j → duplicate %s', async (mode, data, isDup) => {
    const h = keapHarness();
    const first = await h.call('ContactService.add', { FirstName: 'Dana', LastName: 'Scully', Email: 'dup@example.com', Company: 'FBI' });
    const id = await h.call('ContactService.addWithDupCheck', { ...data, Phone1: '555' }, mode);
    expect(id === first).toBe(isDup);
    expect(await h.call('ContactService.load', id, ['Phone1'])).toEqual(expect.objectContaining({ Phone1: '555' }));
  });

  it('addWithDupCheck refuses an unknown mode with fault 12', async () => {
    expect((await keapHarness().fault('ContactService.addWithDupCheck', { Email: 'x@y.z' }, 'Phone')).faultCode).toBe(12);
  });

  it('delete through DataService removes the contact and its secondary addresses', async () => {
    const h = keapHarness();
    const id = await h.call('ContactService.add', { FirstName: 'X', EmailAddress2: 'x2@example.com' });
    expect(await h.call('DataService.delete', 'Contact', id)).toBe(true);
    expect(await h.call('ContactService.findByEmail', 'x2@example.com', ['Id'])).toEqual([]);
  });
});

describe('ContactService groups (tags)', () => {
  it('addToGroup / removeFromGroup maintain the read-only Groups list', async () => {
    const h = keapHarness();
    const id = await h.call('ContactService.add', { FirstName: 'T' });
    const tags: number[] = [];
    for (let i = 0; i < 12; i++) tags.push(await h.call('DataService.add', 'ContactGroup', { GroupName: `t${i}` }) as number);
    expect(await h.call('ContactService.addToGroup', id, tags[11])).toBe(true);
    expect(await h.call('ContactService.addToGroup', id, String(tags[6]))).toBe(true);
    expect(await h.call('ContactService.addToGroup', id, tags[11])).toBe(true);
    expect(await h.call('ContactService.load', id, ['Groups'])).toEqual(expect.objectContaining({ Groups: `${tags[6]},${tags[11]}` }));
    expect(await h.call('ContactService.removeFromGroup', id, tags[6])).toBe(true);
    expect(await h.call('DataService.query', 'Contact', 10, 0, { Groups: `%${tags[11]}%` }, ['Id'])).toHaveLength(1);
    expect((await h.fault('DataService.update', 'Contact', id, { Groups: '1' })).faultCode).toBe(8);
    expect((await h.fault('ContactService.addToGroup', 999, tags[0])).faultCode).toBe(5);
    expect((await h.fault('ContactService.addToGroup', id, 999)).faultCode).toBe(5);
    expect((await h.fault('ContactService.addToGroup', id, 0)).faultCode).toBe(12);
  });
});
