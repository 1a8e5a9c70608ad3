// A real express server on 127.0.0.1 port 0 with the Invoicera router mounted at both paths.
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { XMLParser } from 'fast-xml-parser';
import { openStore } from '../../src/store/open.js';
import { SCHEMA } from '../../src/store/schema.js';
import { InvoiceBook } from '../../src/services/invoices.js';
import { ClientBook } from '../../src/services/clients.js';
import { invoiceraRouter } from '../../src/invoicera-api/router.js';
import { OrderBook } from '../../src/orders/book.js';
import { NoPromotionsStep } from '../../src/services/order-pricing.js';
import { TestPaymentProcessor } from '../../src/services/payments/test-processor.js';
import { createLogger } from '../../src/log.js';
import type { Store } from '../../src/store/port.js';
import { expect } from 'vitest';

export const TOKEN = 'test-invoicera-token';

export interface Api {
  url: string;
  store: Store;
  /** POST raw XML with the token; returns HTTP status, body text and the parsed <response>. */
  call(xml: string, opts?: { auth?: string | null; contentType?: string; path?: string; raw?: string | Buffer }): Promise<Answer>;
  close(): Promise<void>;
}

export interface Answer { http: number; text: string; res: any }

/** Elements that may repeat, by path, so tests always see arrays there. */
const REPEATED = new Set([
  'response.invoice', 'response.invoices.invoice', 'response.invoices.invoice_id', 'response.item_id',
  'response.invoice.items.item', 'response.invoice.payments.payment', 'response.invoice.custom_fields.custom_field',
  'response.invoice.additional_charges.additional_charge', 'response.clients.client', 'response.client.custom_fields.custom_field',
  'response.messages.message', 'response.invoices.invoice.items.item', 'response.payments.payment',
]);

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, isArray: (_name, jpath) => REPEATED.has(String(jpath)) });

export async function startApi(now = () => new Date('2026-11-23T15:00:00Z'), storeUrl = 'memory'): Promise<Api> {
  const store = await openStore(storeUrl, SCHEMA);
  const invoices = new InvoiceBook(store, { currency: 'USD', numberPrefix: 'INV', numberWidth: 3, now });
  const clients = new ClientBook(store, { now });
  const orders = new OrderBook({ store, invoices, clients, pricing: new NoPromotionsStep(), payments: new TestPaymentProcessor(now), log: createLogger('silent'), now });
  // The production defaults (config/default.json limits).
  const limits = { rowsExamined: 1_000_000, rowsReturned: 10_000, replyBytes: 16_777_216 };
  const deps = { invoices, clients, orders, store, tokens: [TOKEN, 'second-token-xyz'], log: createLogger('silent'), now, limits };
  const app = express();
  app.use('/api/xml/1.1/', invoiceraRouter(deps));
  app.use('/app/api/xml/1.1/', invoiceraRouter(deps));
  const server: Server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    store,
    async call(xml, opts = {}) {
      const auth = opts.auth === undefined ? basic(TOKEN) : opts.auth;
      const headers: Record<string, string> = { 'content-type': opts.contentType ?? 'application/xml' };
      if (auth !== null) headers.authorization = auth;
      const r = await fetch(`${url}${opts.path ?? '/api/xml/1.1/'}`, { method: 'POST', headers, body: typeof opts.raw === 'object' ? new Uint8Array(opts.raw) : opts.raw ?? xml });
      const text = await r.text();
      return { http: r.status, text, res: parser.parse(text).response };
    },
    async close() { await new Promise<void>((resolve) => server.close(() => resolve())); await store.close(); },
  };
}

/** `<request method="m">inner</request>` */
export const req = (method: string, inner: string) => `<?xml version="1.0" encoding="utf-8"?>\n<request method="${method}">${inner}</request>`;

/** The credentials an Invoicera client sends: the token as the user name, any password. */
export const basic = (user: string, pass = 'X') => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

export interface Posted { status: number; xml: string }

/** POST `req(method, inner)` to the Invoicera front of the gateway at `base` (http://host:port) as `token`. */
export async function postInvoicera(base: string, token: string, method: string, inner: string): Promise<Posted> {
  const res = await fetch(`${base}/api/xml/1.1/`, {
    method: 'POST', headers: { 'content-type': 'application/xml', authorization: basic(token) }, body: req(method, inner),
  });
  return { status: res.status, xml: await res.text() };
}

/** postInvoicera for a call that must succeed: the test fails with the reply unless it is HTTP 200. */
export async function invoiceraOk(base: string, token: string, method: string, inner: string): Promise<string> {
  const { status, xml } = await postInvoicera(base, token, method, inner);
  expect(status, xml).toBe(200);
  return xml;
}

/** Text of the first `<name>` element of a reply, read as the wire tests read it (no nesting, no attributes). */
export const tagText = (xml: string, name: string): string | undefined => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
