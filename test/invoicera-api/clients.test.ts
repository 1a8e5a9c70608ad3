// Client methods over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { req, startApi, type Api } from './support.js';

let api: Api;
beforeAll(async () => { api = await startApi(); });
afterAll(() => api.close());

describe('createClient / getClient / updateClient / listClient', () => {
  it('creates a client with every documented field and reads it back', async () => {
    const c = await api.call(req('createClient', `<name>Katherine Johnson</name><organization>NASA Langley</organization>
      <email>Katherine@NASA.example</email><username>kj</username><password>secret</password><work_phone>+1 757 555 0100</work_phone>
      <address>Hampton, VA</address><country>US</country><language>en</language><currency>usd</currency>
      <custom_fields><custom_field><label>Dept</label><value>Flight Research</value></custom_field><custom_field><label>Badge</label><value>42</value></custom_field></custom_fields>`));
    expect(c.http).toBe(200);
    const g = await api.call(req('getClient', `<client_id>${c.res.client_id}</client_id>`));
    expect(g.res.client).toMatchObject({
      client_id: c.res.client_id, name: 'Katherine Johnson', first_name: 'Katherine', last_name: 'Johnson', organization: 'NASA Langley',
      email: 'Katherine@NASA.example', work_phone: '+1 757 555 0100', currency: 'USD', country: 'US', language: 'en',
    });
    expect(g.res.client.custom_fields.custom_field).toEqual([{ label: 'Dept', value: 'Flight Research' }, { label: 'Badge', value: '42' }]);
    expect(g.text).not.toMatch(/secret/);
  });
  it('a literal xml_request form body keeps "+" and "&amp;" intact (Magento sends it unencoded)', async () => {
    const xml = req('createClient', '<name>Tom Kilburn</name><organization>Ferranti &amp; Sons</organization><work_phone>+44 161 555 0199</work_phone>');
    const c = await api.call('', { raw: `xml_request=${xml}`, contentType: 'application/x-www-form-urlencoded' });
    const g = await api.call(req('getClient', `<client_id>${c.res.client_id}</client_id>`));
    expect(g.res.client).toMatchObject({ organization: 'Ferranti & Sons', work_phone: '+44 161 555 0199' });
  });
  it('updateClient changes only the given fields', async () => {
    const c = await api.call(req('createClient', '<name>Dorothy Vaughan</name><email>dv@example.com</email><country>US</country>'));
    await api.call(req('updateClient', `<client_id>${c.res.client_id}</client_id><organization>IBM</organization>`));
    const g = await api.call(req('getClient', `<client_id>${c.res.client_id}</client_id>`));
    expect(g.res.client).toMatchObject({ name: 'Dorothy Vaughan', organization: 'IBM', country: 'US', email: 'dv@example.com' });
  });
  it('listClient filters by email case-insensitively and pages; total 0 when nothing matches', async () => {
    const l = await api.call(req('listClient', '<filter><client_email>katherine@nasa.EXAMPLE</client_email><page>1</page><per_page_record>1</per_page_record></filter>'));
    expect(l.res.clients['@total']).toBe('1');
    expect(l.res.clients.client[0].name).toBe('Katherine Johnson');
    const all = await api.call(req('listClient', '<filter><page>2</page><per_page_record>1</per_page_record></filter>'));
    expect(all.res.clients['@total']).toBe('3');
    expect(all.res.clients.client).toHaveLength(1);
    const none = await api.call(req('listClient', '<filter><client_email>nobody@example.com</client_email></filter>'));
    expect(none.http).toBe(200);
    expect(none.res.clients['@total']).toBe('0');
  });
  it('refuses a client without a name, a bad email, an unknown or malformed client_id', async () => {
    expect((await api.call(req('createClient', '<email>x@example.com</email>'))).res).toMatchObject({ '@status': '400', field: 'name' });
    expect((await api.call(req('createClient', '<name>X</name><email>not mail</email>'))).res).toMatchObject({ '@status': '400', field: 'email' });
    expect((await api.call(req('getClient', '<client_id>777</client_id>'))).res).toMatchObject({ '@status': '404', field: 'client_id' });
    expect((await api.call(req('getClient', '<client_id>abc</client_id>'))).res).toMatchObject({ '@status': '400', field: 'client_id' });
    expect((await api.call(req('createInvoice', '<client><client_id>777</client_id></client>'))).res).toMatchObject({ '@status': '404', field: 'client_id' });
  });
});

// Last: it adds clients, which the counts above do not expect.
describe('request body charsets', () => {
  it('body charsets follow the XML-RPC rules: windows-1252 by its table (declared or from HTTP), invalid UTF-8 is a 400', async () => {
    const cp1252 = (decl: string) => Buffer.from(`${decl}<request method="createClient"><name>\x93Zo\xeb\x94 Keller</name><organization>Caf\xe9 \x80 \x85</organization></request>`, 'latin1');
    const declared = await api.call('', { raw: cp1252('<?xml version="1.0" encoding="windows-1252"?>') });
    const fromHttp = await api.call('', { raw: cp1252(''), contentType: 'application/xml; charset=windows-1252' });
    for (const c of [declared, fromHttp]) {
      expect(c.http).toBe(200);
      const g = await api.call(req('getClient', `<client_id>${c.res.client_id}</client_id>`));
      expect(g.res.client).toMatchObject({ name: '“Zoë” Keller', organization: 'Café € …' });
    }
    const bad = await api.call('', { raw: Buffer.concat([Buffer.from('<request method="createClient"><name>'), Buffer.from([0xC3, 0x28]), Buffer.from('</name></request>')]) });
    expect(bad.http).toBe(400);
    expect(bad.res.message).toMatch(/unreadable request body: invalid UTF-8/);
    expect(bad.res.field).toBe('request');
  });
});
