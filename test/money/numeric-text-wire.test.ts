// Numbers written as text with a leading '+' ("+5"), and malformed numbers, through both fronts of
// a whole gateway and the CLI (docs/keap-compatibility.md "Numbers as text"): "+5" is read as 5
// everywhere, as Keap's Java backend and PHP clients read it; a malformed number is the front's
// normal refusal naming the field ([InvalidParameter] on Keap, the Invoicera 400 reply, a CLI
// error line), never a raw big.js error, a 500 or an "unexpected failure".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway, TEST_API_KEY, type TestGateway } from '../support/gateway.js';
import { rpcClient, type Rpc } from '../support/rpc.js';
import { cliRunner } from '../support/cli.js';
import { invoiceraOk, postInvoicera, tagText } from '../invoicera-api/support.js';

const TOKEN = 'numeric-text-token';
const MALFORMED = ['++5', '+-5', '+', '5,00', '+ 5'];
let gw: TestGateway;
let rpc: Rpc;
const dir = mkdtempSync(join(tmpdir(), 'numeric-text-'));

beforeAll(async () => {
  gw = await startGateway({ env: { INVOICERA_TOKENS: TOKEN } });
  rpc = rpcClient(gw.port);
});
afterAll(async () => {
  await gw?.close();
  rmSync(dir, { recursive: true, force: true });
});

const fault = (p: Promise<unknown>) => p.then((v) => ({ value: v }), (e: any) => ({ faultCode: e.faultCode, faultString: String(e.faultString) }));

describe('Keap XML-RPC', () => {
  it('reads "+5" as 5 in a price, an amount and a Double field; refuses a malformed one with [InvalidParameter]', async () => {
    const contactId = await rpc('ContactService.add', TEST_API_KEY, { FirstName: 'Plus' });
    const invoiceId = await rpc('InvoiceService.createBlankOrder', TEST_API_KEY, contactId, 'Plus', new Date(), 0, 0);
    expect(await rpc('InvoiceService.addOrderItem', TEST_API_KEY, invoiceId, 0, 4, '+5', 2, 'item', '')).toBe(true);
    expect(await rpc('InvoiceService.calculateAmountOwed', TEST_API_KEY, invoiceId)).toBe(10);
    expect(await rpc('InvoiceService.addManualPayment', TEST_API_KEY, invoiceId, '+1.50', new Date(), 'Cash', 'part', false)).toBe(true);
    expect(await rpc('InvoiceService.calculateAmountOwed', TEST_API_KEY, invoiceId)).toBe(8.5);
    const productId = await rpc('DataService.add', TEST_API_KEY, 'Product', { ProductName: 'Plus', ProductPrice: ' +12.30 ' });
    expect((await rpc('DataService.load', TEST_API_KEY, 'Product', productId, ['ProductPrice'])).ProductPrice).toBe(12.3);
    expect(await rpc('DataService.query', TEST_API_KEY, 'Product', 10, 0, { ProductPrice: '+12.30' }, ['Id'])).toEqual([{ Id: productId }]);
    expect(await fault(rpc('DataService.query', TEST_API_KEY, 'Product', 10, 0, { ProductPrice: '+-12.30' }, ['Id'])))
      .toEqual({ faultCode: 12, faultString: '[InvalidParameter]queryData ProductPrice: "+-12.30" is not a valid Double value' });

    for (const text of MALFORMED) {
      expect(await fault(rpc('InvoiceService.addOrderItem', TEST_API_KEY, invoiceId, 0, 4, text, 1, 'item', '')), text)
        .toEqual({ faultCode: 12, faultString: `[InvalidParameter]price must be a decimal number of at most 400 digits, got string "${text}"` });
      expect(await fault(rpc('DataService.add', TEST_API_KEY, 'Product', { ProductName: 'Bad', ProductPrice: text })), text)
        .toMatchObject({ faultCode: 12, faultString: expect.stringMatching(/^\[InvalidParameter\]ProductPrice must be a decimal number/) });
    }
    expect(await rpc('InvoiceService.calculateAmountOwed', TEST_API_KEY, invoiceId)).toBe(8.5);
  });
});

describe('Invoicera XML API', () => {
  it('reads "+5" as 5 in unit_cost, quantity, tax percent and a payment amount; answers 400 naming the element otherwise', async () => {
    const client = await invoiceraOk(gw.base, TOKEN, 'createClient', '<name>Plus Ltd</name><email>plus@example.com</email>');
    const clientId = tagText(client, 'client_id');
    const created = await invoiceraOk(gw.base, TOKEN, 'createInvoice', `<client><client_id>${clientId}</client_id></client>`
      + '<items><item><name>A</name><unit_cost>+5</unit_cost><quantity>+2</quantity><tax1_name>VAT</tax1_name><tax1_percent>+10</tax1_percent></item></items>');
    const invoiceId = tagText(created, 'invoice_id');
    await invoiceraOk(gw.base, TOKEN, 'invoiceOfflinePayment', `<invoice_id>${invoiceId}</invoice_id><amount>+1.00</amount><payment_method>Cash</payment_method>`);
    const got = await invoiceraOk(gw.base, TOKEN, 'getInvoice', `<invoice_id>${invoiceId}</invoice_id>`);
    expect(['unit_cost', 'sub_total', 'total_tax', 'invoice_total', 'total_paid', 'outstanding'].map((t) => tagText(got, t)))
      .toEqual(['5.00', '10.00', '1.00', '11.00', '1.00', '10.00']);

    for (const text of MALFORMED) {
      const r = await postInvoicera(gw.base, TOKEN, 'createInvoice', `<client><client_id>${clientId}</client_id></client>`
        + `<items><item><name>A</name><unit_cost>${text}</unit_cost><quantity>1</quantity></item></items>`);
      expect([r.status, tagText(r.xml, 'message')], text).toEqual([400, `unit_cost is not a decimal number: "${text.trim()}"`]);
      const paid = await postInvoicera(gw.base, TOKEN, 'invoiceOfflinePayment', `<invoice_id>${invoiceId}</invoice_id><amount>${text}</amount><payment_method>Cash</payment_method>`);
      expect([paid.status, tagText(paid.xml, 'message')], text).toEqual([400, `amount is not a decimal number: "${text.trim()}"`]);
    }
  });
});

describe('the CLI', () => {
  const cli = cliRunner({ GATEWAY_STORE: `sqlite:${join(dir, 'gw.db')}` });

  it('reads "+5" as 5 in a shipping price, a tax rate and a payment plan\'s first payment', async () => {
    expect((await cli('shipping', 'add', '--name', 'Plus', '--type', 'Flat', '--price', '+5')).out).toBe('added shipping option #1  Plus  [Flat]  flat 5\n');
    expect((await cli('tax', 'add', '--name', 'Plus', '--country', 'US', '--rate', '+7.25')).out).toBe('added tax rate #1  Plus  7.25%  US\n');
    const plan = await cli('billing', 'plan-add', 'Plus', '--payments', '2', '--first', '+5', '--json');
    expect(plan.code, plan.err).toBe(0);
    expect(JSON.parse(plan.out)).toMatchObject({ name: 'Plus', firstPmt: '5' });
  });

  it('refuses a malformed number with an error line naming it (exit 1), never an unexpected failure', async () => {
    for (const text of MALFORMED) {
      expect(await cli('shipping', 'add', '--name', `Bad ${text}`, '--type', 'Flat', '--price', text), text)
        .toEqual({ code: 1, out: '', err: `error: invalid shipping option "Bad ${text}": price: must be a decimal number, got "${text}"\n` });
      expect(await cli('billing', 'plan-add', 'Bad', '--payments', '2', '--first', text), text)
        .toEqual({ code: 1, out: '', err: `error: firstPmt is not a decimal number: "${text.trim()}"\n` });
    }
  });
});
