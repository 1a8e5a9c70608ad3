// APIEmailService.sendEmail through the real wire (npm xmlrpc client, and raw XML where the exact
// types matter) into the whole gateway, delivered by the mail outbox over SMTP to a real loopback
// server (smtp-server): the delivered message's envelope, headers, merged parts and attachments.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { MemoryStore } from '../../src/store/memory.js';
import { SCHEMA } from '../../src/store/schema.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGateway, TEST_API_KEY as KEY, type TestGateway } from '../support/gateway.js';
import { startSmtp, type Smtp } from '../support/smtp.js';
import { parseMail, type ParsedMail } from '../support/mail-message.js';
import { faultOf, rpcClient, type Rpc } from '../support/rpc.js';
import { eventually } from '../support/eventually.js';
import { UserBook } from '../../src/services/users.js';
import { OUTBOX, type OutboxMessage } from '../../src/services/invoices.js';

const run = promisify(execFile);
const GATEWAY_FROM = 'mail@gateway.test';
let smtp: Smtp;
let gw: TestGateway;
let rpc: Rpc;
const call = (method: string, ...params: unknown[]) => rpc(method, KEY, ...params);

/** A raw XML-RPC call, for the exact wire types (the template id as a <string>). */
async function rawCall(method: string, paramsXml: string): Promise<string> {
  const body = `<?xml version="1.0"?><methodCall><methodName>${method}</methodName><params><param><value><string>${KEY}</string></value></param>${paramsXml}</params></methodCall>`;
  const r = await fetch(gw.url, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
  return r.text();
}

/** The messages delivered to `address` (waits until `count` arrived). */
async function deliveredTo(address: string, count = 1): Promise<ParsedMail[]> {
  let found: ParsedMail[] = [];
  await eventually(async () => {
    found = smtp.received.filter((m) => m.to.includes(address)).map(parseMail);
    expect(found.length).toBeGreaterThanOrEqual(count);
  }, 8000);
  return found;
}

const allMail = async () => (await gw.store.list<OutboxMessage>(OUTBOX)).records;

beforeAll(async () => {
  smtp = await startSmtp();
  gw = await startGateway({
    env: {
      GATEWAY_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, GATEWAY_MAIL_FROM: `Shop <${GATEWAY_FROM}>`, GATEWAY_MAIL_POLL_MS: '30',
      GATEWAY_SELLER_NAME: 'Acme Ltd', GATEWAY_SELLER_ADDRESS: '1 Main St | Springfield', GATEWAY_SELLER_EMAIL: 'hello@acme.test',
    },
  });
  rpc = rpcClient(gw.port);
  await new UserBook(gw.store).add({ Email: 'olive@acme.test', FirstName: 'Olive', LastName: 'Owner' }, 'owner-password');
});
afterAll(async () => { await gw.close(); await smtp.close(); });
beforeEach(() => { smtp.received.length = 0; });

let seq = 0;
async function contact(fields: Record<string, unknown> = {}): Promise<{ id: number; email: string }> {
  const email = `c${++seq}@shop.test`;
  const id = await call('ContactService.add', { FirstName: 'Ada', LastName: 'Lovelace', Email: email, ...fields });
  return { id, email };
}

describe('sendEmail, raw form (9 parameters)', () => {
  it('mails one merged Multipart message per contact, with From, Sender, Cc, Bcc and no attachment', async () => {
    const { id, email } = await contact({ _Plan: 'Gold' });
    const ok = await call('APIEmailService.sendEmail', [id],
      '"~Owner.FirstName~ ~Owner.LastName~" <~Owner.Email~>', '~Contact.Email~', 'desk@shop.test', 'audit@shop.test',
      'Multipart', 'Welcome ~Contact.FirstName~', '<p>Hi ~Contact.FirstName~ of ~Company.Company~</p>', 'Hi ~Contact.FirstName~, plan ~Contact._Plan~ ~Link-1911~');
    expect(ok).toBe(true);
    const [m] = await deliveredTo(email);
    expect(m.envelopeFrom).toBe(GATEWAY_FROM);
    expect(m.envelopeTo.sort()).toEqual([email, 'audit@shop.test', 'desk@shop.test'].sort());
    expect(m.header('from')).toBe('Olive Owner <olive@acme.test>');
    expect(m.header('sender')).toBe(`Shop <${GATEWAY_FROM}>`);
    expect(m.header('to')).toBe(email);
    expect(m.header('cc')).toBe('desk@shop.test');
    expect(m.headers.has('bcc')).toBe(false);
    expect(m.header('subject')).toBe('Welcome Ada');
    expect(m.text).toContain('Hi Ada, plan Gold ~Link-1911~');
    expect(m.html).toContain('<p>Hi Ada of Acme Ltd</p>');
    expect(m.hasAttachment).toBe(false);
  });

  it('HTML gives an HTML part only, Text a text part only; merged values are HTML-escaped in HTML', async () => {
    const { id, email } = await contact({ FirstName: '<b>Bo</b> & "Co"' });
    expect(await call('APIEmailService.sendEmail', [id], '', '~Contact.Email~', '', '', 'HTML', 'For ~Contact.FirstName~', '<p>~Contact.FirstName~</p>', 'unused')).toBe(true);
    const [html] = await deliveredTo(email);
    expect(html.html).toContain('<p>&#60;b&#62;Bo&#60;/b&#62; &#38; &#34;Co&#34;</p>');
    expect(html.text).toBeUndefined();
    expect(html.header('from')).toBe(`Shop <${GATEWAY_FROM}>`); // no From given: the gateway's
    expect(html.header('subject')).toBe('For <b>Bo</b> & "Co"');
    smtp.received.length = 0;
    expect(await call('APIEmailService.sendEmail', [id], '', '~Contact.Email~', '', '', 'Text', 'Plain', '<p>unused</p>', 'Hi ~Contact.FirstName~')).toBe(true);
    const [text] = await deliveredTo(email);
    expect(text.html).toBeUndefined();
    expect(text.text).toContain('Hi <b>Bo</b> & "Co"');
  });

  it('mails each contact of the list once, each with its own data', async () => {
    const a = await contact({ FirstName: 'Ann' });
    const b = await contact({ FirstName: 'Ben' });
    expect(await call('APIEmailService.sendEmail', [a.id, b.id, a.id], '', '~Contact.Email~', '', '', 'Text', 'Hello ~Contact.FirstName~', '', 'x')).toBe(true);
    const [toA] = await deliveredTo(a.email);
    const [toB] = await deliveredTo(b.email);
    expect(toA.header('subject')).toBe('Hello Ann');
    expect(toB.header('subject')).toBe('Hello Ben');
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.received.filter((m) => m.to.includes(a.email))).toHaveLength(1);
  });

  it('Invoice merge fields come from the contact\'s latest invoice', async () => {
    const { id, email } = await contact();
    const inv = await call('InvoiceService.createBlankOrder', id, 'Membership', new Date('2026-11-20T12:00:00Z'), 0, 0);
    const product = await call('DataService.add', 'Product', { ProductName: 'Gold plan', ProductPrice: 49.5 });
    await call('InvoiceService.addOrderItem', inv, product, 4, 49.5, 2, 'Gold plan', '');
    expect(await call('APIEmailService.sendEmail', [id], '', '~Contact.Email~', '', '', 'Text', 'Invoice ~Invoice.Id~', '', 'Due: ~Invoice.TotalDue~ of ~Invoice.InvoiceTotal~ (~Invoice.Description~)')).toBe(true);
    const [m] = await deliveredTo(email);
    expect(m.header('subject')).toBe(`Invoice ${inv}`);
    expect(m.text).toContain('Due: 99.00 of 99.00 (Membership)');
  });
});

describe('sendEmail, template form (2 parameters)', () => {
  it('takes the template id as a <string> (as Keap clients send it) and mails the merged template', async () => {
    const { id, email } = await contact({ FirstName: 'Tess' });
    const templateId = await call('APIEmailService.addEmailTemplate', 'Welcome', 'onboarding', '"~Owner.FirstName~" <~Owner.Email~>',
      '~Contact.Email~', '', 'ops@shop.test', 'Welcome aboard, ~Contact.FirstName~', 'Hi ~Contact.FirstName~', '<h1>Hi ~Contact.FirstName~</h1>', 'Multipart', 'Contact');
    const xml = await rawCall('APIEmailService.sendEmail',
      `<param><value><array><data><value><i4>${id}</i4></value></data></array></value></param><param><value><string>${templateId}</string></value></param>`);
    expect(xml).toContain('<boolean>1</boolean>');
    const [m] = await deliveredTo(email);
    expect(m.header('subject')).toBe('Welcome aboard, Tess');
    expect(m.header('from')).toBe('Olive <olive@acme.test>');
    expect(m.envelopeTo).toContain('ops@shop.test');
    expect(m.text).toContain('Hi Tess');
    expect(m.html).toContain('<h1>Hi Tess</h1>');
    const [queued] = (await allMail()).filter((x) => x.mail?.contactId === id);
    expect(queued).toMatchObject({ kind: 'email', state: 'sent', mail: { templateId } });
  });

  it('works from Python\'s xmlrpc.client, which sends the id as str the way the iSDK does', async () => {
    const { id, email } = await contact({ FirstName: 'Pyra' });
    const script = [
      'import sys, xmlrpc.client',
      's = xmlrpc.client.ServerProxy(sys.argv[1])',
      "t = s.APIEmailService.addEmailTemplate(sys.argv[2], 'Py', '', '', '~Contact.Email~', '', '', 'From Python, ~Contact.FirstName~', 'Hello ~Contact.FirstName~', '', 'Text', 'Contact')",
      'print(s.APIEmailService.sendEmail(sys.argv[2], [int(sys.argv[3])], str(t)))',
    ].join('\n');
    const { stdout } = await run('python3', ['-c', script, gw.url, KEY, String(id)]);
    expect(stdout.trim()).toBe('True');
    const [m] = await deliveredTo(email);
    expect(m.header('subject')).toBe('From Python, Pyra');
    expect(m.text).toContain('Hello Pyra');
  });

  it('an unknown template is fault 5; 3 to 8 parameters are fault 0', async () => {
    const { id } = await contact();
    expect((await faultOf(call('APIEmailService.sendEmail', [id], '999999'))).faultCode).toBe(5);
    const f = await faultOf(call('APIEmailService.sendEmail', [id], 'a@x.test', 'b@x.test'));
    expect(f.faultCode).toBe(0);
    expect(f.faultString).toContain('takes 3 or 10 parameters');
  });
});

describe('opted-out contacts are not mailed', () => {
  it('skips an opted-out contact and answers true while another was mailed', async () => {
    const out = await contact({ FirstName: 'Otto' });
    const inn = await contact({ FirstName: 'Ina' });
    expect(await call('APIEmailService.optOut', out.email, 'unsubscribed')).toBe(true);
    expect(await call('APIEmailService.sendEmail', [out.id, inn.id], '', '~Contact.Email~', '', '', 'Text', 'News', '', 'x')).toBe(true);
    await deliveredTo(inn.email);
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.received.some((m) => m.to.includes(out.email))).toBe(false);
  });

  it('answers false and queues nothing when every contact opted out; opted-out cc addresses are dropped', async () => {
    const out = await contact();
    const cc = await contact();
    await call('APIEmailService.optOut', out.email, 'x');
    await call('APIEmailService.optOut', cc.email, 'x');
    const before = (await allMail()).length;
    expect(await call('APIEmailService.sendEmail', [out.id], '', '~Contact.Email~', '', '', 'Text', 'News', '', 'x')).toBe(false);
    expect((await allMail()).length).toBe(before);
    const inn = await contact();
    expect(await call('APIEmailService.sendEmail', [inn.id], '', '~Contact.Email~', cc.email, '', 'Text', 'News', '', 'x')).toBe(true);
    const [m] = await deliveredTo(inn.email);
    expect(m.envelopeTo).toEqual([inn.email]);
    expect(m.headers.has('cc')).toBe(false);
  });

  it('a contact without an email address is not mailed (false, no fault)', async () => {
    const id = await call('ContactService.add', { FirstName: 'Nomail' });
    expect(await call('APIEmailService.sendEmail', [id], '', '~Contact.Email~', '', '', 'Text', 'News', '', 'x')).toBe(false);
  });
});

describe('no header injection', () => {
  it('refuses CR/LF in the subject or an address (fault 12, nothing queued)', async () => {
    const { id } = await contact();
    const before = (await allMail()).length;
    const subject = await faultOf(call('APIEmailService.sendEmail', [id], '', '~Contact.Email~', '', '', 'Text', 'Hi\r\nBcc: evil@x.test', '', 'x'));
    expect(subject.faultCode).toBe(12);
    expect(subject.faultString).toContain('subject must be one line');
    const to = await faultOf(call('APIEmailService.sendEmail', [id], '', 'a@x.test\nBcc: evil@x.test', '', '', 'Text', 'Hi', '', 'x'));
    expect(to.faultCode).toBe(12);
    const tpl = await faultOf(call('APIEmailService.addEmailTemplate', 'T', '', '', '~Contact.Email~', '', '', 'a\nBcc: evil@x.test', '', '', 'Text', 'Contact'));
    expect(tpl.faultCode).toBe(12);
    expect((await allMail()).length).toBe(before);
  });

  it('a line break in merged contact data stays inside the subject', async () => {
    const { id, email } = await contact({ FirstName: 'Eve\nBcc: evil@x.test' });
    expect(await call('APIEmailService.sendEmail', [id], '', '~Contact.Email~', '', '', 'Text', 'Hi ~Contact.FirstName~', '', 'x')).toBe(true);
    const [m] = await deliveredTo(email);
    expect(m.header('subject')).toBe('Hi Eve Bcc: evil@x.test');
    expect(m.headers.has('bcc')).toBe(false);
    expect(m.envelopeTo).toEqual([email]);
  });

  it('a malformed address merged from contact data is fault 12 naming the contact', async () => {
    const { id } = await contact({ EmailAddress2: 'not-an-address' });
    const f = await faultOf(call('APIEmailService.sendEmail', [id], '', '~Contact.EmailAddress2~', '', '', 'Text', 'Hi', '', 'x'));
    expect(f.faultCode).toBe(12);
    expect(f.faultString).toContain(`merged for contact ${id}`);
  });

  it('a malformed address is fault 12', async () => {
    const { id } = await contact();
    const f = await faultOf(call('APIEmailService.sendEmail', [id], '', '~Contact.Email~', 'not an address', '', 'Text', 'Hi', '', 'x'));
    expect(f.faultCode).toBe(12);
    expect(f.faultString).toContain('ccAddress');
  });
});

describe('bounded sizes', () => {
  it('refuses a subject over 500 characters, more than 1000 contacts, an unknown content type', async () => {
    const { id } = await contact();
    expect((await faultOf(call('APIEmailService.sendEmail', [id], '', '~Contact.Email~', '', '', 'Text', 'x'.repeat(501), '', 'x'))).faultCode).toBe(12);
    const many = Array.from({ length: 1001 }, (_, i) => i + 1);
    const f = await faultOf(call('APIEmailService.sendEmail', many, '', '~Contact.Email~', '', '', 'Text', 'x', '', 'x'));
    expect(f.faultString).toContain('at most 1000 contacts');
    expect((await faultOf(call('APIEmailService.sendEmail', [id], '', '~Contact.Email~', '', '', 'Rich', 'x', '', 'x'))).faultCode).toBe(12);
  });

  it('refuses a body that merging would blow past 1 MiB, queuing nothing', async () => {
    const { id } = await contact({ ContactNotes: 'n'.repeat(200) });
    const before = (await allMail()).length;
    const body = '~Contact.ContactNotes~'.repeat(20000); // 440 KB given, 4 MB merged
    const f = await faultOf(call('APIEmailService.sendEmail', [id], '', '~Contact.Email~', '', '', 'Text', 'x', '', body));
    expect(f.faultCode).toBe(12);
    expect(f.faultString).toContain('textBody would have more than');
    expect((await allMail()).length).toBe(before);
  });

  it('an unknown contact is fault 5 and nothing of the call is queued', async () => {
    const { id } = await contact();
    const before = (await allMail()).length;
    expect((await faultOf(call('APIEmailService.sendEmail', [id, 987654], '', '~Contact.Email~', '', '', 'Text', 'x', '', 'x'))).faultCode).toBe(5);
    expect((await allMail()).length).toBe(before);
  });
});

describe('delivery through the outbox', () => {
  it('a message queued while SMTP is down is delivered once it is back', async () => {
    const cleanupLast: Array<() => Promise<void>> = [];
    const down = await startSmtp();
    const port = down.port;
    await down.close(); // nothing listens there now
    const gw2 = await startGateway({ env: { GATEWAY_SMTP_URL: `smtp://127.0.0.1:${port}`, GATEWAY_MAIL_FROM: GATEWAY_FROM, GATEWAY_MAIL_POLL_MS: '30', GATEWAY_MAIL_RETRY_MS: '50' } });
    try {
      const rpc2 = rpcClient(gw2.port);
      const id = await rpc2('ContactService.add', KEY, { FirstName: 'Rita', Email: 'rita@shop.test' });
      expect(await rpc2('APIEmailService.sendEmail', KEY, [id], '', '~Contact.Email~', '', '', 'Text', 'Retry me', '', 'x')).toBe(true);
      await eventually(async () => {
        const [m] = await gw2.store.list<OutboxMessage>(OUTBOX).then((r) => r.records);
        expect(m.attempts).toBeGreaterThanOrEqual(1);
        expect(m.lastErrorKind).toBe('unreachable');
      }, 8000);
      const back = await startSmtp({ port });
      cleanupLast.push(() => back.close()); // after the gateway: its pooled connection holds the server open
      await eventually(async () => expect(back.received.map((m) => parseMail(m).header('subject'))).toEqual(['Retry me']), 15000);
    } finally { await gw2.close(); }
    for (const c of cleanupLast.splice(0)) await c();
  });

  it('a sendEmail retried with the same Idempotency-Key mails once', async () => {
    const { id, email } = await contact();
    const params = [`<param><value><array><data><value><int>${id}</int></value></data></array></value></param>`,
      ...['', '~Contact.Email~', '', '', 'Text', 'Once', '', 'x'].map((v) => `<param><value><string>${v}</string></value></param>`)].join('');
    const body = `<?xml version="1.0"?><methodCall><methodName>APIEmailService.sendEmail</methodName><params><param><value><string>${KEY}</string></value></param>${params}</params></methodCall>`;
    const send = () => fetch(gw.url, { method: 'POST', headers: { 'content-type': 'text/xml', 'idempotency-key': `send-${id}` }, body }).then((r) => r.text());
    expect(await send()).toContain('<boolean>1</boolean>');
    expect(await send()).toContain('<boolean>1</boolean>');
    await deliveredTo(email);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.received.filter((m) => m.to.includes(email))).toHaveLength(1);
  });

  it('two gateways on one store mail each message exactly once', async () => {
    // One shared store object: the outbox claims are store transactions, as on SQLite or Redis. (Two
    // SQLite connections in ONE process would block each other's event loop on the file lock.)
    const env = { GATEWAY_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, GATEWAY_MAIL_FROM: GATEWAY_FROM, GATEWAY_MAIL_POLL_MS: '20' };
    const store = new MemoryStore(SCHEMA);
    const a = await startGateway({ env, store });
    const b = await startGateway({ env, store });
    try {
      const rpcA = rpcClient(a.port);
      const ids: number[] = [];
      for (let i = 0; i < 12; i++) ids.push(await rpcA('ContactService.add', KEY, { FirstName: `N${i}`, Email: `twin${i}@shop.test` }));
      expect(await rpcA('APIEmailService.sendEmail', KEY, ids, '', '~Contact.Email~', '', '', 'Text', 'Hi ~Contact.FirstName~', '', 'x')).toBe(true);
      const mine = () => smtp.received.filter((m) => m.to.some((t) => t.startsWith('twin')));
      await eventually(async () => expect(mine()).toHaveLength(12), 15000);
      await new Promise((r) => setTimeout(r, 300));
      expect(new Set(mine().map((m) => m.to[0])).size).toBe(12);
      expect(mine()).toHaveLength(12);
    } finally { await a.close(); await b.close().catch(() => undefined); }
  });

  it('without SMTP configured the message stays queued (sendEmail still answers true)', async () => {
    const gw3 = await startGateway();
    try {
      const rpc3 = rpcClient(gw3.port);
      const id = await rpc3('ContactService.add', KEY, { Email: 'q@shop.test' });
      expect(await rpc3('APIEmailService.sendEmail', KEY, [id], '', '~Contact.Email~', '', '', 'Text', 'Later', '', 'x')).toBe(true);
      expect((await gw3.store.findBy<OutboxMessage>(OUTBOX, 'state', 'queued')).map((m) => m.subject)).toEqual(['Later']);
    } finally { await gw3.close(); }
  });
});


