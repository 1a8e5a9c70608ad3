// APIEmailService templates, attachEmail and getAvailableMergeFields, and the Template table, through
// the real wire (npm xmlrpc client) into the whole gateway.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, TEST_API_KEY as KEY, type TestGateway } from '../support/gateway.js';
import { faultOf, rpcClient, type Rpc } from '../support/rpc.js';
import { ATTACHED_EMAIL } from '../../src/keap/email/attach.js';
import { OUTBOX } from '../../src/services/invoices.js';

let gw: TestGateway;
let rpc: Rpc;
const call = (method: string, ...params: unknown[]) => rpc(method, KEY, ...params);

beforeAll(async () => { gw = await startGateway(); rpc = rpcClient(gw.port); });
afterAll(async () => { await gw.close(); });

/** The recorded addEmailTemplate call's 11 strings (keap-ruby-cassettes/email_add.yml). */
const RECORDED = ['Test Via API', 'test,api', 'noreply@test.com', 'test@test.com', 'test2@test.com', 'test3@test.com',
  'Test Subject', 'Text Body', '<p> HTML body', 'Multipart', 'Contact'];
const MEMBERS = ['pieceTitle', 'categories', 'fromAddress', 'toAddress', 'ccAddress', 'bccAddress', 'subject', 'textBody', 'htmlBody', 'contentType', 'mergeContext'];

describe('email templates', () => {
  it('addEmailTemplate → id; getEmailTemplate answers every part, empty ones included', async () => {
    const id = await call('APIEmailService.addEmailTemplate', ...RECORDED);
    expect(Number.isInteger(id)).toBe(true);
    expect(await call('APIEmailService.getEmailTemplate', id)).toEqual(Object.fromEntries(MEMBERS.map((m, i) => [m, RECORDED[i]])));
    const sparse = await call('APIEmailService.addEmailTemplate', 'Sparse', '', '', '~Contact.Email~', '', '', 'S', '', '<p>x</p>', 'html', 'contact');
    expect(await call('APIEmailService.getEmailTemplate', sparse)).toEqual({
      pieceTitle: 'Sparse', categories: '', fromAddress: '', toAddress: '~Contact.Email~', ccAddress: '', bccAddress: '',
      subject: 'S', textBody: '', htmlBody: '<p>x</p>', contentType: 'HTML', mergeContext: 'Contact',
    });
  });

  it('updateEmailTemplate replaces every part (the recorded call, with empty strings); unknown id → fault 5', async () => {
    const id = await call('APIEmailService.addEmailTemplate', ...RECORDED);
    const next = ['Testingness Testagram', '', '', 'hagglundized@gmail.com', 'hagglundized+cc@gmail.com', 'hagglundized+bcc@gmail.com',
      'Testingness Testagrams', 'Stuff', '<em>Stuff</em>', 'Multipart', 'Contact'];
    expect(await call('APIEmailService.updateEmailTemplate', id, ...next)).toBe(true);
    expect(await call('APIEmailService.getEmailTemplate', id)).toEqual(Object.fromEntries(MEMBERS.map((m, i) => [m, next[i]])));
    expect((await faultOf(call('APIEmailService.updateEmailTemplate', 999999, ...next))).faultCode).toBe(5);
    expect((await faultOf(call('APIEmailService.getEmailTemplate', 999999))).faultCode).toBe(5);
  });

  it('refuses an empty title, an unknown content type or merge context, an oversized body (fault 12)', async () => {
    const with_ = (i: number, v: string) => RECORDED.map((x, j) => (j === i ? v : x));
    expect((await faultOf(call('APIEmailService.addEmailTemplate', ...with_(0, ' ')))).faultCode).toBe(12);
    expect((await faultOf(call('APIEmailService.addEmailTemplate', ...with_(9, 'Rich')))).faultCode).toBe(12);
    const ctx = await faultOf(call('APIEmailService.addEmailTemplate', ...with_(10, 'Opportunity')));
    expect(ctx.faultString).toContain('mergeContext must be Contact or Invoice');
    expect((await faultOf(call('APIEmailService.addEmailTemplate', ...with_(8, 'x'.repeat(512 * 1024 + 1))))).faultCode).toBe(12);
  });

  it('the Template table lists templates read-only: Id, PieceType, PieceTitle, Categories', async () => {
    const id = await call('APIEmailService.addEmailTemplate', 'Receipt', 'orders', '', '~Contact.Email~', '', '', 'R', 'r', '', 'Text', 'Invoice');
    const rows = await call('DataService.query', 'Template', 10, 0, { PieceTitle: 'Receipt' }, ['Id', 'PieceType', 'PieceTitle', 'Categories']);
    expect(rows).toEqual([{ Id: id, PieceType: 'Email', PieceTitle: 'Receipt', Categories: 'orders' }]);
    expect((await faultOf(call('DataService.load', 'Template', id, ['subject']))).faultCode).toBe(10);
    expect((await faultOf(call('DataService.add', 'Template', { PieceTitle: 'x' }))).faultCode).toBe(7);
    expect((await faultOf(call('DataService.delete', 'Template', id))).faultCode).toBe(7);
  });
});

describe('attachEmail', () => {
  it('records the recorded call (dates as strings with an offset) on the contact, mailing nothing', async () => {
    const contactId = await call('ContactService.add', { FirstName: 'Dude', Email: 'the_dude@lebowski.com' });
    const args = ['The Dude', 'the_dude@lebowski.com', 'hagglundized@gmail.com', 'hagglundized+cc@gmail.com', 'hagglundized+bcc@gmail.com',
      'Multipart', 'Question', "<em>Where's the money?</em>", "Where's the money?", 'Test Header', '2015-07-25T23:02:51-07:00', '2015-07-25T23:02:51-07:00'];
    expect(await call('APIEmailService.attachEmail', contactId, ...args)).toBe(true);
    expect(await call('APIEmailService.attachEmail', contactId, ...args, 2)).toBe(true);
    const rows = await gw.store.findBy<Record<string, unknown> & { id: number }>(ATTACHED_EMAIL, 'ContactId', contactId);
    expect(rows.map((r) => [r.subject, r.sentDate, r.emailSentType])).toEqual([
      ['Question', '2015-07-26T06:02:51.000Z', 1], ['Question', '2015-07-26T06:02:51.000Z', 2],
    ]);
    expect(await gw.store.count(OUTBOX)).toBe(0);
  });

  it('an unknown contact is fault 5; a bad date fault 12; 12 parameters fault 0', async () => {
    const contactId = await call('ContactService.add', { Email: 'a@shop.test' });
    const base = ['n', 'a@x.test', 'b@x.test', '', '', 'Text', 's', '', 't', '', '', ''];
    expect((await faultOf(call('APIEmailService.attachEmail', 999999, ...base))).faultCode).toBe(5);
    expect((await faultOf(call('APIEmailService.attachEmail', contactId, ...base.slice(0, 11), 'yesterday'))).faultCode).toBe(12);
    expect((await faultOf(call('APIEmailService.attachEmail', contactId, ...base.slice(0, 11)))).faultCode).toBe(0);
  });
});

describe('getAvailableMergeFields', () => {
  it('lists the Contact context fields, custom fields included, as ~Ns.Field~', async () => {
    await call('DataService.addCustomField', 'Contact', 'Shoe Size', 'Text', 0);
    const fields = await call('APIEmailService.getAvailableMergeFields', 'Contact');
    for (const f of ['~Contact.FirstName~', '~Contact.Email~', '~Contact._ShoeSize~', '~Owner.Email~', '~LoggedInUser.FirstName~', '~Company.Company~', '~App.Name~']) {
      expect(fields).toContain(f);
    }
    expect(fields.every((f: string) => /^~[A-Za-z]+\.[A-Za-z0-9_]+~$/.test(f))).toBe(true);
    expect(fields).not.toContain('~Invoice.TotalDue~');
  });

  it('the Invoice context adds the Invoice fields; other contexts are fault 12', async () => {
    expect(await call('APIEmailService.getAvailableMergeFields', 'Invoice')).toContain('~Invoice.TotalDue~');
    expect((await faultOf(call('APIEmailService.getAvailableMergeFields', 'Opportunity'))).faultCode).toBe(12);
  });
});
