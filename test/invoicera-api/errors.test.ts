// Transport and request errors: auth, malformed XML, DOCTYPE, unknown method, missing fields, size.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, req, startApi, TOKEN, type Api } from './support.js';

let api: Api;
beforeAll(async () => { api = await startApi(); });
afterAll(() => api.close());

describe('authentication', () => {
  it('403 without credentials, with a wrong token, or with the token as the password', async () => {
    for (const auth of [null, basic('wrong-token'), basic('x', TOKEN), 'Bearer ' + TOKEN]) {
      const r = await api.call(req('listClient', ''), { auth });
      expect(r.http).toBe(403);
      expect(r.res['@status']).toBe('403');
      expect(r.res.message).toMatch(/authentication failed/);
    }
  });
  it('any password, and every configured token, is accepted', async () => {
    expect((await api.call(req('listClient', ''), { auth: basic(TOKEN, 'anything at all') })).http).toBe(200);
    expect((await api.call(req('listClient', ''), { auth: basic('second-token-xyz', '') })).http).toBe(200);
  });
});

describe('bad requests answer 4xx in the XML envelope, naming the field', () => {
  it.each([
    ['malformed XML', '<request method="getInvoice"><invoice_id>1</request>', /malformed XML/, 'request'],
    ['a DOCTYPE (entity expansion)', '<!DOCTYPE r [<!ENTITY a "aaaa">]><request method="getInvoice">&a;</request>', /DOCTYPE/, 'request'],
    ['absurd nesting', `<request method="getInvoice">${'<a>'.repeat(50_000)}${'</a>'.repeat(50_000)}</request>`, /unacceptable XML|malformed XML/, 'request'],
    ['the wrong root', '<methodCall><methodName>x</methodName></methodCall>', /root element/, 'request'],
    ['no method attribute', '<request><invoice_id>1</invoice_id></request>', /method attribute/, 'method'],
    ['an unknown method', req('deleteEverything', ''), /unknown method "deleteEverything"/, 'method'],
    ['a missing invoice_id', req('getInvoice', ''), /invoice_id is required/, 'invoice_id'],
    ['a non-numeric invoice_id', req('getInvoice', '<invoice_id>12abc</invoice_id>'), /positive integer/, 'invoice_id'],
    ['nested elements where text is expected', req('getInvoice', '<invoice_id><x>1</x></invoice_id>'), /must be text/, 'invoice_id'],
    ['a missing client', req('createInvoice', '<invoice_title>x</invoice_title>'), /client_id is required/, 'client_id'],
  ])('%s', async (_name, xml, message, field) => {
    const r = await api.call(xml);
    expect(r.http).toBe(400);
    expect(r.res['@status']).toBe('400');
    expect(r.res.message).toMatch(message);
    expect(r.res.field).toBe(field);
    expect(r.text).not.toMatch(/at .*\.ts:\d+/);
  });
  it('a bad date and a bad currency name their fields', async () => {
    const c = (await api.call(req('createClient', '<name>Ann</name>'))).res.client_id;
    const d = await api.call(req('createInvoice', `<client_id>${c}</client_id><date>2026-02-30</date>`));
    expect(d.res).toMatchObject({ '@status': '400', field: 'date' });
    const cur = await api.call(req('createInvoice', `<client_id>${c}</client_id><currency_code>Dollars</currency_code>`));
    expect(cur.res).toMatchObject({ '@status': '400', field: 'currency_code' });
    const st = await api.call(req('createInvoice', `<client_id>${c}</client_id><status>Paid</status>`));
    expect(st.res).toMatchObject({ '@status': '400', field: 'status' });
    expect((await api.call(req('listInvoice', ''))).http).toBe(400); // nothing was created
  });
  it('an empty body, GET, and an oversized body', async () => {
    expect((await api.call('', { raw: '' })).res.message).toMatch(/empty request/);
    const g = await fetch(`${api.url}/api/xml/1.1/`, { headers: { authorization: basic(TOKEN) } });
    expect(g.status).toBe(405);
    const big = req('createClient', `<name>${'x'.repeat(1_100_000)}</name>`);
    const r = await api.call(big);
    expect(r.http).toBe(413);
    expect(r.res['@status']).toBe('413');
  });
  it('elements with attributes keep their whole text', async () => {
    const c = (await api.call(req('createClient', '<name type="string">Alan Turing</name>'))).res.client_id;
    const inv = await api.call(req('createInvoice', `<client_id type="integer">${c}</client_id><items><item><name>Bombe</name><unit_cost currency="USD">1234.50</unit_cost><quantity type="int">2</quantity></item></items>`));
    expect(inv.http).toBe(200);
    const g = await api.call(req('getInvoice', `<invoice_id type="integer">${inv.res.invoice_id}</invoice_id>`));
    expect(g.res.invoice[0]).toMatchObject({ invoice_total: '2469.00' });
    const del = await api.call(req('deleteInvoice', `<invoice_id type="integer">${inv.res.invoice_id}</invoice_id>`));
    expect(del.res.invoices.invoice_id).toEqual([inv.res.invoice_id]);
  });
  it('XML special characters round-trip escaped', async () => {
    const c = await api.call(req('createClient', '<name>O&apos;Brien &lt;Ltd&gt;</name><organization><![CDATA[R&D <Labs>]]></organization>'));
    const g = await api.call(req('getClient', `<client_id>${c.res.client_id}</client_id>`));
    expect(g.res.client).toMatchObject({ name: "O'Brien <Ltd>", organization: 'R&D <Labs>' });
    expect(g.text).toContain('R&amp;D &lt;Labs&gt;');
  });
});
