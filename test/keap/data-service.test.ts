import { describe, expect, it } from 'vitest';
import { XmlDateTime, XmlDouble } from '../../src/xmlrpc/types.js';
import { keapHarness } from './data-fixture.js';

type H = ReturnType<typeof keapHarness>;

async function seedProducts(h: H) {
  const ids: number[] = [];
  for (const [name, price, sku] of [['Widget', '10.00', 'W-1'], ['Gadget', '25.50', 'G-1'], ['widget pro', '99.99', 'W-2'], ['Thing', '5', 'T-1']]) {
    ids.push(await h.call('DataService.add', 'Product', { ProductName: name, ProductPrice: new XmlDouble(price), Sku: sku }) as number);
  }
  return ids;
}

describe('DataService add / load / update / delete', () => {
  it('adds and loads a product; doubles keep exact text, nulls are omitted', async () => {
    const h = keapHarness();
    const id = await h.call('DataService.add', 'Product', { ProductName: 'Widget', ProductPrice: new XmlDouble('12.30'), Taxable: '1' });
    expect(id).toBe(1);
    const row = await h.call('DataService.load', 'Product', id, ['Id', 'ProductName', 'ProductPrice', 'Taxable', 'Sku']) as Record<string, unknown>;
    expect({ ...row }).toEqual({ Id: 1, ProductName: 'Widget', ProductPrice: new XmlDouble('12.30'), Taxable: 1 });
  });

  it('an integral double still goes out with a decimal point', async () => {
    const h = keapHarness();
    const id = await h.call('DataService.add', 'Product', { ProductName: 'X', ProductPrice: 27 });
    expect((await h.call('DataService.load', 'Product', id, ['ProductPrice']) as Record<string, XmlDouble>).ProductPrice.text).toBe('27.0');
  });

  it('update returns the id and changes only the given fields', async () => {
    const h = keapHarness();
    const id = await h.call('DataService.add', 'Company', { Company: 'Hogwarts', City: 'Scotland' });
    expect(await h.call('DataService.update', 'Company', id, { City: 'Highlands' })).toBe(id);
    expect({ ...(await h.call('DataService.load', 'Company', id, ['Company', 'City']) as object) }).toEqual({ Company: 'Hogwarts', City: 'Highlands' });
  });

  it('update/load of a missing id is fault 5; delete of a missing id is false', async () => {
    const h = keapHarness();
    expect((await h.fault('DataService.update', 'Company', 77, { City: 'x' })).faultCode).toBe(5);
    expect((await h.fault('DataService.load', 'Company', 77, ['Id'])).faultString).toBe('[RecordNotFound]Record was not found: Company 77');
    expect(await h.call('DataService.delete', 'Company', 77)).toBe(false);
  });

  it('delete removes a record', async () => {
    const h = keapHarness();
    const id = await h.call('DataService.add', 'Company', { Company: 'Gone' });
    expect(await h.call('DataService.delete', 'Company', id)).toBe(true);
    expect((await h.fault('DataService.load', 'Company', id, ['Id'])).faultCode).toBe(5);
  });

  it('Job dates go out as Eastern wall clock and DateCreated is stamped', async () => {
    const h = keapHarness();
    const id = await h.call('DataService.add', 'Job', { JobTitle: 'Order', ContactId: 1, StartDate: new XmlDateTime(2026, 7, 4, 9, 30, 0) });
    const row = await h.call('DataService.load', 'Job', id, ['StartDate', 'DateCreated']) as Record<string, XmlDateTime>;
    expect(row.StartDate.toISOString()).toBe('2026-07-04T09:30:00');
    expect(row.DateCreated.toISOString()).toBe('2026-11-23T10:00:00'); // 15:00Z in EST
  });
});

describe('access letters', () => {
  it.each([
    ['unknown table → 9', ['DataService.add', 'Nope', { A: 1 }], 9],
    ['no delete on Product (EAR) → 7', ['DataService.delete', 'Product', 1], 7],
    ['no add on Invoice (R) → 7', ['DataService.add', 'Invoice', { ContactId: 1 }], 7],
    ['no update on Payment (R) → 7', ['DataService.update', 'Payment', 1, { PayAmt: 1 }], 7],
    ['Id is read-only → 8', ['DataService.add', 'Product', { Id: 5, ProductName: 'x' }], 8],
    ['Last4 is read-only → 8', ['DataService.add', 'CreditCard', { Last4: '1111' }], 8],
    ['CardNumber is write-only → 8 on read', ['DataService.load', 'CreditCard', 1, ['CardNumber']], 8],
    ['CVV2 cannot be queried → 8', ['DataService.query', 'CreditCard', 10, 0, { CVV2: '123' }, ['Id']], 8],
    ['unknown field → 10', ['DataService.load', 'Contact', 1, ['given_name']], 10],
    ['unknown field in queryData → 10', ['DataService.query', 'Contact', 10, 0, { given_name: 'x' }, ['Id']], 10],
    ['no fields → 11', ['DataService.add', 'Product', {}], 11],
    ['only nil fields → 11', ['DataService.add', 'Product', { ProductName: null }], 11],
    ['custom field on a table without them → 10', ['DataService.add', 'Product', { _Color: 'red' }], 10],
  ] as const)('%s', async (_n, [method, ...args], code) => {
    const h = keapHarness();
    expect((await h.fault(method, ...(args as unknown as never[]))).faultCode).toBe(code);
  });
});

describe('CreditCard', () => {
  it('stores Last4 and type, never the number or CVV2', async () => {
    const h = keapHarness();
    const id = await h.call('DataService.add', 'CreditCard', { ContactId: 1, CardNumber: '4111 1111 1111 1111', CVV2: '123', ExpirationMonth: '12', ExpirationYear: '2030' }) as number;
    const row = await h.call('DataService.load', 'CreditCard', id, ['Id', 'ContactId', 'Last4', 'CardType', 'Status', 'ExpirationMonth']);
    expect({ ...(row as object) }).toEqual({ Id: id, ContactId: 1, Last4: '1111', CardType: 'Visa', Status: 3, ExpirationMonth: '12' });
    const stored = JSON.stringify(await h.store.get('CreditCard', id));
    expect(stored).not.toContain('4111111111111111');
    expect(stored).not.toContain('"123"');
  });

  it('a Luhn-invalid number is fault 12 naming CardNumber', async () => {
    const h = keapHarness();
    const f = await h.fault('DataService.add', 'CreditCard', { ContactId: 1, CardNumber: '4111111111111112' });
    expect(f.faultCode).toBe(12);
    expect(f.faultString).toContain('CardNumber');
  });
});

describe('query', () => {
  it('5-arg form: AND of fields, % LIKE case-insensitive, default order Id ascending', async () => {
    const h = keapHarness();
    await seedProducts(h);
    const rows = await h.call('DataService.query', 'Product', 10, 0, { ProductName: 'widget%' }, ['Id', 'ProductName']);
    expect(rows).toEqual([{ Id: 1, ProductName: 'Widget' }, { Id: 3, ProductName: 'widget pro' }].map((r) => expect.objectContaining(r)));
    expect(await h.call('DataService.query', 'Product', 10, 0, { ProductName: 'widget%', Sku: 'W-2' }, ['Id'])).toHaveLength(1);
  });

  it('7-arg form with orderBy/ascending, and nil for both', async () => {
    const h = keapHarness();
    await seedProducts(h);
    const desc = await h.call('DataService.query', 'Product', 10, 0, { Id: '%' }, ['Id'], 'ProductPrice', false) as Array<{ Id: number }>;
    expect(desc.map((r) => r.Id)).toEqual([3, 2, 1, 4]);
    const nil = await h.call('DataService.query', 'Product', 10, 0, { Id: '%' }, ['Id'], null, null) as Array<{ Id: number }>;
    expect(nil.map((r) => r.Id)).toEqual([1, 2, 3, 4]);
  });

  it('operators compare by type (decimals numerically), with or without a space', async () => {
    const h = keapHarness();
    await seedProducts(h);
    const ids = async (q: Record<string, unknown>) => (await h.call('DataService.query', 'Product', 10, 0, q as never, ['Id']) as Array<{ Id: number }>).map((r) => r.Id);
    expect(await ids({ ProductPrice: '~>~ 9.99' })).toEqual([1, 2, 3]);
    expect(await ids({ ProductPrice: '~>=~25.5' })).toEqual([2, 3]);
    expect(await ids({ ProductPrice: '~<~10' })).toEqual([4]);
    expect(await ids({ ProductPrice: '~<=~ 10.00' })).toEqual([1, 4]);
    expect(await ids({ Id: '~<>~2' })).toEqual([1, 3, 4]);
  });

  it('~null~ matches missing values; an empty string is a separate match', async () => {
    const h = keapHarness();
    await h.call('DataService.add', 'Product', { ProductName: 'A', Sku: '' });
    await h.call('DataService.add', 'Product', { ProductName: 'B' });
    expect(await h.call('DataService.query', 'Product', 10, 0, { Sku: '~null~' }, ['Id'])).toEqual([{ Id: 2 }].map((r) => expect.objectContaining(r)));
    expect(await h.call('DataService.query', 'Product', 10, 0, { Sku: '' }, ['Id'])).toEqual([{ Id: 1 }].map((r) => expect.objectContaining(r)));
  });

  it('an array is IN on Id fields, refused on other fields and above 1000 ids', async () => {
    const h = keapHarness();
    await seedProducts(h);
    expect(await h.call('DataService.query', 'Product', 10, 0, { Id: [4, 2, 99] }, ['Id'])).toEqual([{ Id: 2 }, { Id: 4 }].map((r) => expect.objectContaining(r)));
    expect((await h.fault('DataService.query', 'Product', 10, 0, { ProductName: ['a'] }, ['Id'])).faultCode).toBe(12);
    expect((await h.fault('DataService.query', 'Product', 10, 0, { Id: Array.from({ length: 1001 }, (_, i) => i) }, ['Id'])).faultCode).toBe(12);
  });

  it('empty struct and empty array match all; paging counts from 0', async () => {
    const h = keapHarness();
    await seedProducts(h);
    expect(await h.call('DataService.query', 'Product', 10, 0, {}, ['Id'])).toHaveLength(4);
    expect(await h.call('DataService.query', 'Product', 10, 0, [], ['Id'])).toHaveLength(4);
    const page1 = await h.call('DataService.query', 'Product', 3, 1, {}, ['Id']) as Array<{ Id: number }>;
    expect(page1.map((r) => r.Id)).toEqual([4]);
    expect(await h.call('DataService.query', 'Product', 3, 2, {}, ['Id'])).toEqual([]);
  });

  it('limit above 1000 or below 1, negative page → fault 12', async () => {
    const h = keapHarness();
    for (const [limit, page] of [[1001, 0], [0, 0], [10, -1]]) {
      expect((await h.fault('DataService.query', 'Product', limit, page, {}, ['Id'])).faultCode).toBe(12);
    }
  });

  it('date forms: day, day wildcard, operators with time', async () => {
    const h = keapHarness();
    // 2012-03-05 23:30 Eastern = 2012-03-06T04:30Z: matched by the Eastern day, not the UTC one.
    await h.call('DataService.add', 'Job', { JobTitle: 'a', StartDate: new XmlDateTime(2012, 3, 5, 23, 30, 0) });
    await h.call('DataService.add', 'Job', { JobTitle: 'b', StartDate: '2012-04-01' });
    const ids = async (q: Record<string, unknown>) => (await h.call('DataService.query', 'Job', 10, 0, q as never, ['Id']) as Array<{ Id: number }>).map((r) => r.Id);
    expect(await ids({ StartDate: '2012-03-05' })).toEqual([1]);
    expect(await ids({ StartDate: '2012-03-06' })).toEqual([]);
    expect(await ids({ StartDate: '2012-03-%' })).toEqual([1]);
    expect(await ids({ StartDate: '~>~ 2012-03-05 23:00:00' })).toEqual([1, 2]);
    expect(await ids({ StartDate: '~<~ 2012-03-05 23:45:00' })).toEqual([1]);
    expect(await ids({ StartDate: '~>=~2012-04-01' })).toEqual([2]);
  });

  it('findByField uses the same matching and paging', async () => {
    const h = keapHarness();
    await seedProducts(h);
    expect(await h.call('DataService.findByField', 'Product', 10, 0, 'Sku', 'W-%', ['Id', 'Sku'])).toHaveLength(2);
    expect(await h.call('DataService.findByField', 'Product', 1, 1, 'Sku', 'W-%', ['Id'])).toEqual([expect.objectContaining({ Id: 3 })]);
  });

  it('count', async () => {
    const h = keapHarness();
    await seedProducts(h);
    expect(await h.call('DataService.count', 'Product', { ProductName: '%widget%' })).toBe(2);
    expect(await h.call('DataService.count', 'Product', [])).toBe(4);
  });

  it('look-ups by an indexed field do not scan the collection', async () => {
    const h = keapHarness();
    await seedProducts(h);
    for (const n of [1, 1, 2]) await h.call('DataService.add', 'Job', { JobTitle: 'j', ContactId: n });
    let scans = 0;
    const list = h.store.listAfter.bind(h.store);
    h.store.listAfter = ((...a: Parameters<typeof list>) => { scans++; return list(...a); }) as typeof h.store.listAfter;
    expect(await h.call('DataService.query', 'Job', 10, 0, { ContactId: 1 }, ['Id'])).toHaveLength(2);
    expect(await h.call('DataService.query', 'Product', 10, 0, { Id: 2 }, ['Id'])).toHaveLength(1);
    expect(await h.call('DataService.findByField', 'Job', 10, 0, 'ContactId', 2, ['Id'])).toHaveLength(1);
    expect(scans).toBe(0);
    await h.call('DataService.query', 'Product', 10, 0, { ProductName: 'x%' }, ['Id']);
    expect(scans).toBe(1);
  });
});

describe('getAppSetting', () => {
  it('answers the iSDK probe without "ERROR"', async () => {
    const h = keapHarness();
    const v = await h.call('DataService.getAppSetting', 'Application', 'enabled');
    expect(typeof v).toBe('string');
    expect(v).not.toContain('ERROR');
  });
  it('unknown settings are an empty string', async () => {
    expect(await keapHarness().call('DataService.getAppSetting', 'Nope', 'nothing')).toBe('');
  });
});

describe('custom field definitions', () => {
  it('addCustomField records a DataFormField and the field is usable as _Name', async () => {
    const h = keapHarness();
    const id = await h.call('DataService.addCustomField', 'Contact', 'Awesomeness Level', 'Text', 4) as number;
    expect(await h.call('DataService.load', 'DataFormField', id, ['Name', 'Label', 'FormId', 'DataType', 'GroupId']))
      .toEqual(expect.objectContaining({ Name: 'AwesomenessLevel', Label: 'Awesomeness Level', FormId: -1, DataType: 15, GroupId: 4 }));
    const c = await h.call('ContactService.add', { FirstName: 'X', _AwesomenessLevel: 'high' });
    expect(await h.call('DataService.query', 'Contact', 10, 0, { _AwesomenessLevel: 'HIGH' }, ['Id'])).toEqual([expect.objectContaining({ Id: c })]);
  });

  it('refuses duplicates, unknown types and data types with fault 12', async () => {
    const h = keapHarness();
    await h.call('DataService.addCustomField', 'Company', 'Tier', 'Dropdown', 1);
    expect((await h.fault('DataService.addCustomField', 'Company', 'tier', 'Text', 1)).faultCode).toBe(12);
    expect((await h.fault('DataService.addCustomField', 'Planet', 'X', 'Text', 1)).faultCode).toBe(12);
    expect((await h.fault('DataService.addCustomField', 'Contact', 'X', 'Hologram', 1)).faultCode).toBe(12);
    expect(await h.call('DataService.addCustomField', 'Contact', 'Tier', 'Text', 1)).toEqual(expect.any(Number)); // other form
  });

  it('updateCustomField changes the label; unknown id → 5; other fields → 8', async () => {
    const h = keapHarness();
    const id = await h.call('DataService.addCustomField', 'Order', 'Gift Note', 'TextArea', 0) as number;
    expect(await h.call('DataService.updateCustomField', id, { Label: 'Gift message' })).toBe(true);
    expect(await h.call('DataService.load', 'DataFormField', id, ['Label', 'Name'])).toEqual(expect.objectContaining({ Label: 'Gift message', Name: 'GiftNote' }));
    expect((await h.fault('DataService.updateCustomField', 999, { Label: 'x' })).faultCode).toBe(5);
    expect((await h.fault('DataService.updateCustomField', id, { Name: 'x' })).faultCode).toBe(8);
    expect((await h.fault('DataService.updateCustomField', id, {})).faultCode).toBe(11);
  });
});
