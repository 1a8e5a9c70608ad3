// Replays the realistic InvoiceService requests of the read-only conformance corpus (archived Keap
// docs and the infusionsoft-php fixture) over HTTP and checks the answers have the recorded shape:
// XML types, member names, untyped strings. Ids in the samples are swapped for ids that exist here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { startGateway, TEST_API_KEY as API_KEY, type TestGateway } from '../support/gateway.js';
import type { KeapDeps } from '../../src/keap/deps.js';
import { CONFORMANCE_DIR } from '../support/shared.js';

const CORPUS = CONFORMANCE_DIR;
const sample = (path: string) => readFileSync(`${CORPUS}/${path}`, 'utf8');

/** Members of a flat response struct: name → [xml type or 'untyped', text]. */
function members(xml: string): Record<string, [string, string]> {
  const out: Record<string, [string, string]> = {};
  const re = /<member>\s*<name>\s*([^<]+?)\s*<\/name>\s*<value>(?:<(\w[\w.]*)>([^<]*)<\/\2>|([^<]*))<\/value>\s*<\/member>/g;
  for (const m of xml.matchAll(re)) out[m[1]] = m[2] ? [m[2], m[3].trim()] : ['untyped', m[4].trim()];
  return out;
}

/** The scalar of a response that holds one <param>. */
function scalar(xml: string): [string, string] {
  const m = /<params>\s*<param>\s*<value>\s*<(\w[\w.]*)>([^<]*)<\/\1>\s*<\/value>/.exec(xml);
  if (!m) throw new Error(`no scalar in ${xml}`);
  return [m[1], m[2]];
}

describe('InvoiceService doc samples replayed', () => {
  let gw: TestGateway & { deps: KeapDeps };
  let contactId: number;
  beforeAll(async () => {
    const started = await startGateway();
    gw = { ...started, deps: started.gateway.deps };
    contactId = await gw.deps.store.transact(async (tx) => (await gw.deps.clients.create(tx, { firstName: 'Sample' })).id);
  });
  afterAll(async () => { await gw?.close(); });

  const post = async (body: string) => {
    const res = await fetch(gw.url, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body });
    expect(res.status).toBe(200);
    return res.text();
  };
  const withKey = (xml: string, key: string) => xml.replace(`<string>${key}</string>`, `<string>${API_KEY}</string>`);

  it('createBlankOrder (docs sample and infusionsoft-php fixture) answers an <i4> invoice id', async () => {
    const docs = withKey(sample('keap-doc-samples/InvoiceService.createBlankOrder.request.xml'), 'privateKey').replace('<int>22</int>', `<int>${contactId}</int>`);
    expect(scalar(await post(docs))[0]).toBe('i4');
    const php = withKey(sample('infusionsoft-php-fixtures/InvoiceService/createBlankOrder.xml'), 'foo').replace(/<int>111<\/int>/, `<int>${contactId}</int>`);
    const [type, id] = scalar(await post(php));
    expect(type).toBe('i4');
    const inv = await gw.deps.invoices.get(gw.deps.store, Number(id));
    // 20140808T00:00:00 has no zone: US Eastern midnight.
    expect(await gw.deps.store.get('Job', inv.jobId!)).toMatchObject({ JobTitle: 'hello world', StartDate: '2014-08-08T04:00:00.000Z', LeadAffiliateId: 2, AffiliateId: 3 });
  });

  it('deleteInvoice (docs sample, tab-indented) answers <boolean>1', async () => {
    const id = await gw.deps.store.transact(async (tx) => (await gw.deps.invoices.create(tx, { clientId: contactId })).id);
    const xml = withKey(sample('keap-doc-samples/InvoiceService.deleteInvoice.request.xml'), 'REDACTED_KEY').replace('<int>6</int>', `<int>${id}</int>`);
    expect(scalar(await post(xml))).toEqual(['boolean', '1']);
  });

  it('validateCreditCard (docs sample) answers {Message, Valid} as untyped strings, like the recorded response', async () => {
    const got = members(await post(withKey(sample('keap-doc-samples/InvoiceService.validateCreditCard.request.xml'), 'privateKet')));
    expect(got).toEqual(members(sample('keap-doc-samples/InvoiceService.validateCreditCard.response.xml')));
    expect(got).toEqual({ Message: ['untyped', 'Card has expired'], Valid: ['untyped', 'false'] });
  });

  it('getAllPaymentOptions (docs sample) answers exactly the recorded struct', async () => {
    const got = members(await post(withKey(sample('keap-doc-samples/InvoiceService.getAllPaymentOptions.request.xml'), 'privateKey')));
    expect(got).toEqual(members(sample('keap-doc-samples/InvoiceService.getAllPaymentOptions.response.xml')));
    expect(Object.keys(got)).toHaveLength(8);
  });

  it('chargeInvoice and placeOrder answers have the recorded member names and types', async () => {
    const productId = await gw.deps.store.transact(async (tx) => { const id = await tx.nextId('Product'); tx.put('Product', { id, ProductName: 'P', ProductPrice: '3.00' }); return id; });
    const call = (method: string, params: string) => post(`<?xml version="1.0"?><methodCall><methodName>${method}</methodName><params><param><value><string>${API_KEY}</string></value></param>${params}</params></methodCall>`);
    const i = (n: number) => `<param><value><int>${n}</int></value></param>`;
    const arr = (xs: string) => `<param><value><array><data>${xs}</data></array></value></param>`;
    const placed = members(await call('OrderService.placeOrder', `${i(contactId)}${i(0)}${i(0)}${arr(`<value><int>${productId}</int></value>`)}${arr('')}<param><value><boolean>0</boolean></value></param>${arr('')}`));
    const recordedOrder = members(sample('keap-doc-samples/OrderService.placeOrder.response.xml').replace(/<value\/>/g, '<value></value>'));
    expect(Object.keys(placed).sort()).toEqual(Object.keys(recordedOrder).sort());
    expect(Object.keys(placed)).toHaveLength(6);
    expect(Object.values(placed).every(([t]) => t === 'untyped')).toBe(true);
    expect([placed.Successful[1], placed.Message[1], placed.RefNum[1], placed.Code[1]]).toEqual(['false', 'None', 'None', '']);

    const cardId = await gw.deps.store.transact(async (tx) => { const id = await tx.nextId('CreditCard'); tx.put('CreditCard', { id, ContactId: contactId, Last4: '0119', CardType: 'Visa', ExpirationMonth: '12', ExpirationYear: '2030', Status: 3, testOutcome: 'error' }); return id; });
    const charged = members(await call('InvoiceService.chargeInvoice', `${i(Number(placed.InvoiceId[1]))}<param><value><string>API Upsell Payment</string></value></param>${i(cardId)}${i(1)}<param><value><boolean>0</boolean></value></param>`));
    const recorded = members(sample('keap-doc-samples/InvoiceService.chargeInvoice.response.xml').replace(/\s*\n\s*/g, ''));
    expect(Object.fromEntries(Object.entries(charged).map(([k, [t]]) => [k, t]))).toEqual(Object.fromEntries(Object.entries(recorded).map(([k, [t]]) => [k, t])));
    expect(Object.keys(recorded).sort()).toEqual(['Code', 'Message', 'RefNum', 'Successful']);
    expect([charged.Successful[1], charged.Code[1], charged.RefNum[1]]).toEqual(['0', 'ERROR', '0']);
  });
});
