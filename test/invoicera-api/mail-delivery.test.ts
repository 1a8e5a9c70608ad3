// sendInvoiceMail delivery: a real SMTP server (smtp-server) on loopback receives what the gateway
// mails through nodemailer, after the request's commit; refusals, outages and multi-instance claims.
import { afterEach, describe, expect, it } from 'vitest';
import { createServer as createNetServer } from 'node:net';
import { XMLParser } from 'fast-xml-parser';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { startSmtp } from '../support/smtp.js';
import { loadConfig } from '../../src/config/config.js';
import { openStore } from '../../src/store/open.js';
import { SCHEMA } from '../../src/store/schema.js';
import { InvoiceBook, OUTBOX, type OutboxMessage } from '../../src/services/invoices.js';
import { OutboxDelivery, type MailTransport } from '../../src/services/mail-outbox.js';
import { createLogger } from '../../src/log.js';
import { invoiceraOk } from './support.js';

const TOKEN = 'mail-test-token';
const FROM = 'billing@gateway.test';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 8000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const parser = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'message' });
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => { while (cleanups.length) await cleanups.pop()!(); });

async function gatewayMailingTo(port: number, extra: Record<string, string> = {}): Promise<TestGateway> {
  const gw = await startGateway({
    env: {
      INVOICERA_TOKENS: TOKEN, GATEWAY_SMTP_URL: `smtp://127.0.0.1:${port}`, GATEWAY_MAIL_FROM: FROM,
      GATEWAY_MAIL_POLL_MS: '30', ...extra,
    },
  });
  cleanups.push(() => gw.close());
  return gw;
}

async function invoicera(gw: TestGateway, method: string, inner: string): Promise<any> {
  return parser.parse(await invoiceraOk(gw.base, TOKEN, method, inner)).response;
}

/** createClient + createInvoice (10 h at 80 with 10% VAT = 880.00 USD) + sendInvoiceMail. */
async function mailAnInvoice(gw: TestGateway, email: string): Promise<{ invoiceId: string; number: string }> {
  const c = await invoicera(gw, 'createClient', `<name>Ada</name><email>${email}</email><currency>USD</currency>`);
  const inv = await invoicera(gw, 'createInvoice', `<client><client_id>${c.client_id}</client_id></client><invoice_title>Consulting</invoice_title>
    <items><item><name>Hours</name><unit_cost>80</unit_cost><quantity>10</quantity><tax1_name>VAT</tax1_name><tax1_percent>10</tax1_percent></item></items>`);
  const sent = await invoicera(gw, 'sendInvoiceMail', `<invoice_id>${inv.invoice_id}</invoice_id><subject>Your invoice</subject><message>Please pay within 30 days.</message>`);
  expect(sent).toMatchObject({ invoice_status: 'Sent', delivery: 'queued' });
  return { invoiceId: String(inv.invoice_id), number: String(inv.number) };
}

async function outboxEntry(gw: TestGateway, invoiceId: string): Promise<Record<string, string>> {
  const o = await invoicera(gw, 'listOutbox', `<invoice_id>${invoiceId}</invoice_id>`);
  return o.messages.message[0];
}

describe('invoice mail delivery over SMTP', () => {
  it('mails the queued message after the commit, with the invoice figures, and records it as sent', async () => {
    const smtp = await startSmtp();
    cleanups.push(() => smtp.close());
    const gw = await gatewayMailingTo(smtp.port);
    const { invoiceId, number } = await mailAnInvoice(gw, 'ada@example.com');

    const entry = await until('sent', async () => { const e = await outboxEntry(gw, invoiceId); return e.delivery === 'sent' ? e : undefined; });
    expect(entry).toMatchObject({ attempts: '1', to: 'ada@example.com' });
    expect(entry.sent_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0];
    expect(mail).toMatchObject({ from: FROM, to: ['ada@example.com'] });
    expect(mail.raw).toMatch(/^Subject: Your invoice\r$/m);
    expect(mail.raw).toContain('Please pay within 30 days.');
    expect(mail.raw).toContain(`Invoice ${number}`);
    expect(mail.raw).toContain('Total: 880.00 USD');
    expect(mail.raw).toContain('Balance due: 880.00 USD');
  });

  it('an offline payment with client_notification=1 mails the client a payment receipt', async () => {
    const smtp = await startSmtp();
    cleanups.push(() => smtp.close());
    const gw = await gatewayMailingTo(smtp.port);
    const { invoiceId, number } = await mailAnInvoice(gw, 'grace@example.com');
    const paid = await invoicera(gw, 'invoiceOfflinePayment', `<invoice><id>${invoiceId}</id><amount>100</amount><method>Cash</method><date>2011-08-18</date><notes>Partial Payment</notes><client_notification>1</client_notification></invoice>`);
    await until('both mails', async () => (smtp.received.length >= 2 ? true : undefined));
    const receipt = smtp.received.find((m) => m.raw.includes('Payment receipt'));
    expect(receipt).toMatchObject({ from: FROM, to: ['grace@example.com'] });
    expect(receipt!.raw).toMatch(new RegExp(`^Subject: Payment receipt for invoice ${number}\r$`, 'm'));
    for (const line of ['Amount: 100.00 USD', 'Method: Cash', 'Date: 2011-08-18', 'Notes: Partial Payment', 'Paid: 100.00 USD', 'Balance due: 780.00 USD']) {
      expect(receipt!.raw).toContain(line);
    }
    expect(paid.receipt_message_id).toBeDefined();
  });

  it('a recipient the server refuses (5xx) is marked failed at once, and other mail still goes out', async () => {
    const smtp = await startSmtp({ refuse: /^bounce@/ });
    cleanups.push(() => smtp.close());
    const gw = await gatewayMailingTo(smtp.port);
    const bad = await mailAnInvoice(gw, 'bounce@example.com');
    const good = await mailAnInvoice(gw, 'grace@example.com');

    const failed = await until('failed', async () => { const e = await outboxEntry(gw, bad.invoiceId); return e.delivery === 'failed' ? e : undefined; });
    expect(failed.attempts).toBe('1');
    expect(failed.last_error).toBe('refused'); // API callers see the category; the SMTP text stays inside
    const [stored] = await gw.store.findBy<OutboxMessage>(OUTBOX, 'invoiceId', Number(bad.invoiceId));
    expect(stored.lastError).toMatch(/550/);
    await until('sent', async () => ((await outboxEntry(gw, good.invoiceId)).delivery === 'sent' ? true : undefined));
    expect(smtp.received.map((m) => m.to)).toEqual([['grace@example.com']]);
  });

  it('while the SMTP server is down the message waits with its error, and goes out once it is back', async () => {
    const port = await freePort();
    const gw = await gatewayMailingTo(port, { GATEWAY_MAIL_RETRY_MS: '50' });
    const { invoiceId } = await mailAnInvoice(gw, 'ada@example.com');

    const waiting = await until('a failed attempt', async () => {
      const e = await outboxEntry(gw, invoiceId);
      return e.delivery === 'queued' && e.last_error ? e : undefined;
    });
    expect(waiting.last_error).toBe('unreachable');
    const smtp = await startSmtp({ port });
    cleanups.unshift(() => smtp.close()); // after the gateway's, which ends its pooled SMTP connection
    const sent = await until('sent', async () => { const e = await outboxEntry(gw, invoiceId); return e.delivery === 'sent' ? e : undefined; });
    expect(Number(sent.attempts)).toBeGreaterThanOrEqual(2);
    expect(sent.last_error).toBeUndefined();
    expect(smtp.received).toHaveLength(1);
  });

  it('without GATEWAY_SMTP_URL nothing is mailed and messages stay queued', async () => {
    const gw = await startGateway({ env: { INVOICERA_TOKENS: TOKEN } });
    cleanups.push(() => gw.close());
    expect(gw.gateway.mail).toBeUndefined();
    const { invoiceId } = await mailAnInvoice(gw, 'ada@example.com');
    await new Promise((r) => setTimeout(r, 100));
    expect(await outboxEntry(gw, invoiceId)).toMatchObject({ delivery: 'queued', attempts: '0' });
  });
});

describe('OutboxDelivery claims', () => {
  const log = createLogger('silent');
  const opts = { log, now: () => new Date(), pollMs: 1000, maxAttempts: 3, retryBaseMs: 10 };

  /** A transport that counts what it mails and takes a little time, so two instances overlap. */
  function countingTransport(sent: string[]): MailTransport {
    return {
      async send(m) { await new Promise((r) => setTimeout(r, 2)); sent.push(m.subject); return { messageId: `<${sent.length}@test>` }; },
      close() {},
    };
  }

  async function queueMails(count: number) {
    const store = await openStore('memory', SCHEMA);
    const book = new InvoiceBook(store, { currency: 'USD', numberPrefix: 'INV', numberWidth: 3, now: () => new Date() });
    await store.transact(async (tx) => {
      tx.put('Client', { id: 1, name: 'Ada', email: 'ada@example.com' });
      for (let i = 0; i < count; i++) {
        const inv = await book.create(tx, { clientId: 1, items: [{ name: 'x', unitCost: '10', quantity: '1' }] });
        await book.sendMail(tx, inv.id, { subject: `mail ${i}` });
      }
    });
    return store;
  }

  it('two instances on one store mail each message exactly once', async () => {
    const store = await queueMails(30);
    const sent: string[] = [];
    const a = new OutboxDelivery(store, countingTransport(sent), { ...opts, batch: 50 });
    const b = new OutboxDelivery(store, countingTransport(sent), { ...opts, batch: 50 });
    await Promise.all([a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce()]);
    await Promise.all([a.runOnce(), b.runOnce()]);
    expect(sent).toHaveLength(30);
    expect(new Set(sent).size).toBe(30);
    const states = (await store.findBy<OutboxMessage>(OUTBOX, 'state', 'sent')).length;
    expect(states).toBe(30);
    await store.close();
  });

  it('a message claimed by an instance that died is taken over when its lease ends', async () => {
    const store = await queueMails(1);
    const [m] = await store.findBy<OutboxMessage>(OUTBOX, 'state', 'queued');
    await store.transact(async (tx) => {
      tx.put(OUTBOX, { ...m, state: 'sending', attempts: 1, leaseUntil: new Date(Date.now() + 60_000).toISOString() });
    });
    const sent: string[] = [];
    let clock = Date.now();
    const d = new OutboxDelivery(store, countingTransport(sent), { ...opts, now: () => new Date(clock) });
    expect(await d.runOnce()).toBe(0); // lease still held
    clock += 61_000;
    expect(await d.runOnce()).toBe(1);
    expect(sent).toHaveLength(1);
    expect(await store.get<OutboxMessage>(OUTBOX, m.id)).toMatchObject({ state: 'sent', attempts: 2 });
    await store.close();
  });

  it('a message whose claimers kept dying mid-send is failed at maxAttempts, not mailed again', async () => {
    const store = await queueMails(1);
    const [m] = await store.findBy<OutboxMessage>(OUTBOX, 'state', 'queued');
    await store.transact(async (tx) => { tx.put(OUTBOX, { ...m, state: 'sending', attempts: 3, leaseUntil: new Date(Date.now() - 1).toISOString() }); });
    const sent: string[] = [];
    const d = new OutboxDelivery(store, countingTransport(sent), opts);
    expect(await d.runOnce()).toBe(0);
    expect(sent).toHaveLength(0);
    expect(await store.get<OutboxMessage>(OUTBOX, m.id)).toMatchObject({ state: 'failed', attempts: 3, lastError: 'no outcome recorded after 3 attempts' });
    await store.close();
  });

  it('a send that outlasts half the lease is abandoned as a transient timeout', async () => {
    const store = await queueMails(1);
    const hanging: MailTransport = { send: () => new Promise(() => {}), close() {} };
    const d = new OutboxDelivery(store, hanging, { ...opts, leaseMs: 100 });
    expect(await d.runOnce()).toBe(1);
    const [m] = await store.findBy<OutboxMessage>(OUTBOX, 'state', 'queued');
    expect(m).toMatchObject({ attempts: 1, lastErrorKind: 'timeout' });
    await store.close();
  });

  it('stop() lets the mail being sent finish but starts no other', async () => {
    const store = await queueMails(5);
    const sent: string[] = [];
    const slow: MailTransport = {
      async send(mail) { await new Promise((r) => setTimeout(r, 50)); sent.push(mail.subject); return { messageId: 'x' }; },
      close() {},
    };
    const d = new OutboxDelivery(store, slow, opts);
    const round = d.runOnce();
    await new Promise((r) => setTimeout(r, 10));
    await d.stop();
    expect(sent).toHaveLength(1);
    expect(await round).toBe(1);
    expect(await d.runOnce()).toBe(0);
    expect((await store.findBy<OutboxMessage>(OUTBOX, 'state', 'queued')).length).toBe(4);
    await store.close();
  });

  it('stop() waits no longer than its grace period for a hanging send', async () => {
    const store = await queueMails(1);
    const d = new OutboxDelivery(store, { send: () => new Promise(() => {}), close() {} }, opts);
    void d.runOnce();
    await new Promise((r) => setTimeout(r, 10));
    const t0 = Date.now();
    await d.stop(100);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect((await store.findBy<OutboxMessage>(OUTBOX, 'state', 'sending')).length).toBe(1); // retried after its lease
    await store.close();
  });

  it('gives up after maxAttempts transient failures', async () => {
    const store = await queueMails(1);
    const failing: MailTransport = { send: async () => { throw new Error('connection refused'); }, close() {} };
    let clock = Date.now();
    const d = new OutboxDelivery(store, failing, { ...opts, now: () => new Date(clock) });
    for (let i = 0; i < 3; i++) { await d.runOnce(); clock += 1000; }
    const [m] = await store.findBy<OutboxMessage>(OUTBOX, 'state', 'failed');
    expect(m).toMatchObject({ attempts: 3, lastError: 'connection refused' });
    await store.close();
  });
});

describe('mail configuration', () => {
  it('refuses a URL that is not smtp(s) and an SMTP URL without a From address, naming the setting', () => {
    expect(() => loadConfig({ GATEWAY_SMTP_URL: 'http://mail.example.com', GATEWAY_MAIL_FROM: FROM })).toThrow(/^GATEWAY_SMTP_URL: /);
    expect(() => loadConfig({ GATEWAY_SMTP_URL: 'smtp://mail.example.com:587' })).toThrow(/^GATEWAY_MAIL_FROM: /);
    expect(() => loadConfig({ GATEWAY_MAIL_POLL_MS: '0' })).toThrow(/^GATEWAY_MAIL_POLL_MS: /);
    expect(loadConfig({ GATEWAY_SMTP_URL: 'smtps://u:p@mail.example.com', GATEWAY_MAIL_FROM: 'Billing <billing@example.com>' }).mail.smtpUrl)
      .toBe('smtps://u:p@mail.example.com');
  });
});
