// Well-formed replies whatever the text looks like, and text XML 1.0 cannot carry refused on the way
// in (issue 11): each case below broke a reply or was stored before src/text/xml-chars.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStrict } from '../support/strict-xml.js';
import { memberTexts } from '../support/strict-xml.js';
import { keapInt, startTextWire, textOf, xmlEscape, type TextWire } from './wire.js';

let w: TextWire;
beforeAll(async () => { w = await startTextWire(); });
afterAll(async () => { await w.close(); });

async function keapContact(firstName: string): Promise<number> {
  return keapInt(await w.keap('ContactService.add', { FirstName: xmlEscape(firstName) }));
}

async function clientCount(): Promise<number> {
  const r = await w.invoicera('listClient', '<per_page_record>500</per_page_record>');
  return Number(r.doc.children.find((c) => c.name === 'clients')?.attributes.total);
}

describe('Invoicera replies escape every text', () => {
  it.each([
    ['an entity-like name (Tom&Jerry;) no longer breaks listClient', 'Tom&Jerry;'],
    ['&lt;script&gt; typed literally stays literal, never markup', '&lt;script&gt;'],
    ['&#0; typed literally stays literal, never an illegal reference', '&#0;'],
    ['"]]>", quotes and CR survive', 'a]]>b "q" \'s\' \r end'],
  ])('%s', async (_title, name) => {
    const id = await keapContact(name);
    const one = await w.invoicera('getClient', `<client_id>${id}</client_id>`); // parseStrict inside: throws if not well-formed
    expect(one.status).toBe(200);
    expect(textOf(one.doc, 'first_name')).toBe(name);
    const list = await w.invoicera('listClient', '<per_page_record>500</per_page_record>');
    expect(list.status).toBe(200);
    expect(list.doc.children[0].children.map((c) => textOf(c, 'first_name'))).toContain(name);
    const keap = await w.keap('ContactService.load', id, ['FirstName']);
    expect(memberTexts(keap.doc, 'FirstName')).toEqual([name]);
  });

  it('the error envelope escapes what it quotes', async () => {
    const r = await w.invoicera('getClient', '<client_id>&lt;b&gt;&amp;x;</client_id>');
    expect(r.status).toBe(400);
    expect(textOf(r.doc, 'message')).toContain('<b>&x;');
  });
});

describe('the Invoicera parser resolves each reference exactly once', () => {
  it('&amp;lt; is the text "&lt;", &#x26;lt; too; numeric references are characters', async () => {
    const r = await w.invoicera('createClient', '<first_name>&amp;lt;x</first_name><last_name>&#x26;lt;y</last_name><organization>&#169; &#xE9; &quot;&apos;</organization>');
    expect(r.status).toBe(200);
    const c = await w.invoicera('getClient', `<client_id>${textOf(r.doc, 'client_id')}</client_id>`);
    expect(textOf(c.doc, 'first_name')).toBe('&lt;x');
    expect(textOf(c.doc, 'last_name')).toBe('&lt;y');
    expect(textOf(c.doc, 'organization')).toBe('© é "\'');
  });

  it('a character reference with leading zeros is a character (XML allows any number of digits)', async () => {
    const r = await w.invoicera('createClient', '<first_name>&#0000000065;&#x000000042;</first_name>');
    expect(r.status).toBe(200);
    const c = await w.invoicera('getClient', `<client_id>${textOf(r.doc, 'client_id')}</client_id>`);
    expect(textOf(c.doc, 'first_name')).toBe('AB');
  });

  it('CDATA is verbatim: references inside it are not decoded', async () => {
    const r = await w.invoicera('createClient', '<first_name>a<![CDATA[&amp;<b>]]>c</first_name>');
    const c = await w.invoicera('getClient', `<client_id>${textOf(r.doc, 'client_id')}</client_id>`);
    expect(textOf(c.doc, 'first_name')).toBe('a&amp;<b>c');
  });

  it.each([
    ['an HTML entity (not XML)', '<first_name>a&nbsp;b</first_name>', 'first_name', /unknown entity &nbsp;/],
    ['a bare &', '<organization>R&D</organization>', 'request', /malformed XML/],
    ['a long undeclared entity', '<organization>&abcdefghijklmnop;</organization>', 'organization', /unknown entity &abcdefghijklmnop;/],
    ['a stray & before a reference', '<organization>a & b &amp; c</organization>', 'request', /malformed XML/],
    ['a reference beyond U+10FFFF', '<organization>&#x110000;</organization>', 'organization', /is not a character/],
  ])('%s is a 400 naming the field', async (_t, inner, field, message) => {
    const before = await clientCount();
    const r = await w.invoicera('createClient', inner);
    expect(r.status).toBe(400);
    expect(textOf(r.doc, 'field')).toBe(field);
    expect(textOf(r.doc, 'message')).toMatch(message);
    expect(await clientCount()).toBe(before);
  });
});

describe('characters XML 1.0 does not allow are refused, never stored', () => {
  it.each([
    ['a raw U+0001', 'x\x01y', /U\+0001/],
    ['&#0;', 'x&#0;y', /U\+0000/],
    ['&#1;', '&#1;', /U\+0001/],
    ['&#xFFFE;', '&#xFFFE;', /U\+FFFE/],
    ['a lone surrogate reference', '&#xD800;', /U\+D800/],
    ['a raw U+FFFF', '\uFFFF', /U\+FFFF/],
  ])('Invoicera: %s in a field is a 400 naming it', async (_t, text, message) => {
    const before = await clientCount();
    const r = await w.invoicera('createClient', `<first_name>ok</first_name><address>${text}</address>`);
    expect(r.status).toBe(400);
    expect(textOf(r.doc, 'field')).toBe('address');
    expect(textOf(r.doc, 'message')).toMatch(message);
    expect(await clientCount()).toBe(before);
  });

  it('Invoicera: in an attribute it names the attribute; in a comment the request', async () => {
    const attr = await w.invoicera('createClient', '<first_name note="&#1;">x</first_name>');
    expect([attr.status, textOf(attr.doc, 'field')]).toEqual([400, 'note']);
    const comment = await w.invoicera('createClient', '<!-- \x02 --><first_name>x</first_name>');
    expect([comment.status, textOf(comment.doc, 'field')]).toEqual([400, 'request']);
  });

  it('Invoicera: updates and invoice fields are checked too', async () => {
    const id = textOf((await w.invoicera('createClient', '<first_name>Upd</first_name>')).doc, 'client_id');
    const upd = await w.invoicera('updateClient', `<client_id>${id}</client_id><email>a\x1Fb@x.test</email>`);
    expect([upd.status, textOf(upd.doc, 'field')]).toEqual([400, 'email']);
    const inv = await w.invoicera('createInvoice', `<client><client_id>${id}</client_id></client><notes>n\x0B</notes>`);
    expect([inv.status, textOf(inv.doc, 'field')]).toEqual([400, 'notes']);
    const item = await w.invoicera('createInvoice', `<client><client_id>${id}</client_id></client><items><item><name>&#x1B;</name><unit_cost>1</unit_cost><quantity>1</quantity></item></items>`);
    expect([item.status, textOf(item.doc, 'field')]).toEqual([400, 'name']);
  });

  it.each([
    ['a raw U+0001 in a string', { FirstName: 'x\x01y' }],
    ['&#1; in a string', { FirstName: 'x&#1;y' }],
    ['&#xFFFF; in a string', { FirstName: '&#xFFFF;' }],
    ['a raw U+0008 in a member name', { 'First\x08Name': 'x' }],
  ])('Keap: %s is a fault and nothing is stored', async (_t, fields) => {
    const count = async () => keapInt(await w.keap('DataService.count', 'Contact', {}));
    const before = await count();
    const r = await w.keap('ContactService.add', fields);
    expect(r.status).toBe(200);
    expect(memberTexts(r.doc, 'faultString')[0]).toMatch(/not allowed in XML|not an XML character/);
    expect(await count()).toBe(before);
  });
});

it('the strict parser used here does reject what the old replies contained', () => {
  expect(() => parseStrict('<r><name>Tom&Jerry;</name></r>')).toThrow(/undefined entity/);
  expect(() => parseStrict('<r><name>&#0;</name></r>')).toThrow(/not well-formed/);
  expect(() => parseStrict('<r><name>\x01</name></r>')).toThrow(/disallowed character/);
});
