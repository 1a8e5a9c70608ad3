// Tags (issue 18 "Tags"): the ContactGroup tables and addToGroup/removeFromGroup agree, through the
// whole gateway with the npm xmlrpc client and Python's xmlrpc.client (test/clients/tags.py).
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { TEST_API_KEY } from '../support/gateway.js';
import { fileGateway } from '../support/file-gateway.js';

const run = promisify(execFile);
const shared = fileGateway();
const rpc = () => shared.rpc();

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const faultOf = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a fault'); }, (e: Any) => ({ code: e.faultCode, text: e.faultString }));

describe('tags over the wire (npm xmlrpc)', () => {
  it('find the tag by name, then addToGroup: Groups and ContactGroupAssign agree; removeFromGroup undoes both', async () => {
    const call = rpc();
    const cat = await call('DataService.add', 'ContactGroupCategory', { CategoryName: 'Membership' });
    await call('DataService.add', 'ContactGroup', { GroupName: 'Gold', GroupCategoryId: cat });
    const silver = await call('DataService.add', 'ContactGroup', { GroupName: 'Silver', GroupCategoryId: cat });
    const [found] = await call('DataService.query', 'ContactGroup', 10, 0, { GroupName: 'silver' }, ['Id', 'GroupName', 'GroupCategoryId']);
    expect(found).toEqual({ Id: silver, GroupName: 'Silver', GroupCategoryId: cat });
    const cid = await call('ContactService.add', { FirstName: 'Tagged' });
    expect(await call('ContactService.addToGroup', cid, silver)).toBe(true);
    expect(await call('ContactService.addToGroup', cid, silver)).toBe(true); // twice: one assignment
    expect((await call('ContactService.load', cid, ['Groups'])).Groups).toBe(String(silver));
    const rows = await call('DataService.query', 'ContactGroupAssign', 10, 0, { ContactId: cid }, ['GroupId', 'ContactGroup', 'ContactId', 'DateCreated']);
    expect(rows).toEqual([{ GroupId: silver, ContactGroup: 'Silver', ContactId: cid, DateCreated: expect.any(Date) }]);
    await call('DataService.update', 'ContactGroup', silver, { GroupName: 'Silver plus' });
    expect((await call('DataService.query', 'ContactGroupAssign', 10, 0, { GroupId: silver }, ['ContactGroup']))[0].ContactGroup).toBe('Silver plus');
    expect(await call('ContactService.removeFromGroup', cid, silver)).toBe(true);
    expect(await call('DataService.count', 'ContactGroupAssign', { ContactId: cid })).toBe(0);
    expect((await call('ContactService.load', cid, ['Groups'])).Groups ?? '').toBe('');
  });

  it('a tag id that does not exist is fault 5, and the contact is left untouched', async () => {
    const call = rpc();
    const cid = await call('ContactService.add', { FirstName: 'NoTag' });
    expect(await faultOf(call('ContactService.addToGroup', cid, 987654))).toEqual({ code: 5, text: expect.stringMatching(/^\[RecordNotFound\]/) });
    expect(await call('DataService.count', 'ContactGroupAssign', { ContactId: cid })).toBe(0);
  });

  it('deleting a tag takes it off its contacts; deleting a contact drops its assignments', async () => {
    const call = rpc();
    const a = await call('DataService.add', 'ContactGroup', { GroupName: 'Temp' });
    const b = await call('DataService.add', 'ContactGroup', { GroupName: 'Keep' });
    const cid = await call('ContactService.add', { FirstName: 'Both' });
    await call('ContactService.addToGroup', cid, a);
    await call('ContactService.addToGroup', cid, b);
    expect(await call('DataService.delete', 'ContactGroup', a)).toBe(true);
    expect((await call('ContactService.load', cid, ['Groups'])).Groups).toBe(String(b));
    expect(await call('DataService.count', 'ContactGroupAssign', { GroupId: a })).toBe(0);
    expect(await call('DataService.delete', 'Contact', cid)).toBe(true);
    expect(await call('DataService.count', 'ContactGroupAssign', { GroupId: b })).toBe(0);
  });

  it("ContactGroupAssign is read-only, as Keap's table docs mark it (fault 7)", async () => {
    const call = rpc();
    expect((await faultOf(call('DataService.add', 'ContactGroupAssign', { GroupId: 1, ContactId: 1 }))).code).toBe(7);
    expect((await faultOf(call('DataService.delete', 'ContactGroupAssign', 1))).code).toBe(7);
  });
});

describe('tags with Python xmlrpc.client', () => {
  it('the same flow from a Python integration', async () => {
    const script = fileURLToPath(new URL('../clients/tags.py', import.meta.url));
    const { stdout } = await run('python3', [script, shared.gw.url, TEST_API_KEY], { timeout: 60_000 });
    const out = JSON.parse(stdout);
    expect(out).toEqual({
      added: true, groups: String(out.tag), tag: expect.any(Number), missingTag: 5,
      assign: [{ GroupId: out.tag, ContactGroup: 'Members', hasDate: true }],
    });
  });
});
