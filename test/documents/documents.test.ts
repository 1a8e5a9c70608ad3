// Invoice documents: every amount the PDF shows (read back with pdftotext) is the totals routine's,
// for invoices with every kind of line; the HTML escapes what it shows; amounts follow the currency.
import { describe, expect, it } from 'vitest';
import type { Invoice } from '../../src/invoicing/model.js';
import { computeTotals } from '../../src/invoicing/totals.js';
import { buildDocument } from '../../src/documents/model.js';
import { pdfDrawable, renderInvoicePdf } from '../../src/documents/pdf.js';
import { renderInvoiceHtml } from '../../src/documents/html.js';
import { moneyFormat } from '../../src/documents/format.js';
import { dec } from '../../src/money/money.js';
import { a5Invoice, invoice, line } from '../invoicing/fixtures.js';
import { pdfPage1Png, pdfToText } from '../support/poppler.js';
import { SELLER, everyKindClient, everyKindInvoice } from './fixtures.js';

/** Every amount computeTotals gives for the invoice, with the label of the row it belongs to (if any). */
function expectedAmounts(inv: Invoice, locale: string, drawable?: (s: string) => boolean): Array<{ label?: string; amount: string }> {
  const t = computeTotals(inv);
  const m = moneyFormat(inv.currency, locale, drawable);
  const out: Array<{ label?: string; amount: string }> = [
    { label: 'Sub-total', amount: m(t.subTotal) },
    { label: 'Total tax', amount: m(t.totalTax) },
    { label: `Total (${inv.currency})`, amount: m(t.total) },
    { label: 'Paid', amount: m(t.totalPaid) },
    { label: 'Balance due', amount: m(t.balance) },
  ];
  if (t.discount.gt(0)) out.push({ label: 'Discount', amount: `-${m(t.discount)}` });
  if (t.lateFee.gt(0)) out.push({ label: 'Late fee', amount: m(t.lateFee) });
  inv.additionalCharges.forEach((c, i) => out.push({ label: c.name, amount: m(t.chargeAmounts[i]) }));
  for (const tax of t.taxTotals) out.push({ label: `${tax.name} ${tax.percent}%`, amount: m(tax.amount) });
  t.lines.forEach((l) => {
    out.push({ amount: l.credit ? `-${m(l.total)}` : m(l.total) });
    if (l.discount.gt(0)) out.push({ amount: `-${m(l.discount)}` });
    if (l.tax1.gt(0)) out.push({ amount: m(l.tax1) });
    if (l.tax2.gt(0)) out.push({ amount: m(l.tax2) });
  });
  inv.payments.forEach((p) => out.push({ amount: m(dec(p.amount)) }));
  return out;
}

async function pdfOf(inv: Invoice, locale = 'en-US'): Promise<{ pdf: Buffer; text: string }> {
  const doc = buildDocument({ invoice: inv, client: everyKindClient() }, { seller: SELLER, locale, drawable: pdfDrawable });
  const pdf = await renderInvoicePdf(doc, { now: new Date('2026-11-23T12:00:00Z') });
  return { pdf, text: await pdfToText(pdf) };
}

function checkAmounts(inv: Invoice, text: string, locale = 'en-US'): void {
  const rows = text.split('\n').map((l) => l.trim().replace(/\s+/g, ' '));
  for (const expected of expectedAmounts(inv, locale, pdfDrawable)) {
    const { label } = expected;
    const amount = expected.amount.replace(/[\u00a0\u202f]/g, ' '); // the PDF draws no-break spaces as spaces
    if (label) {
      const row = rows.find((r) => r.startsWith(`${label} `) && r.endsWith(` ${amount}`));
      expect(row, `row "${label}" with ${amount} in:\n${text}`).toBeDefined();
    } else {
      expect(text, `amount ${amount}`).toContain(amount);
    }
  }
}

describe('invoice PDF (pdftotext)', () => {
  it('shows every amount of the totals routine for an invoice with every kind of line', async () => {
    const inv = everyKindInvoice();
    const { pdf, text } = await pdfOf(inv);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    checkAmounts(inv, text);
    // The figures a reader checks first, spelled out (computeTotals of the fixture).
    expect(text).toMatch(/Total \(USD\)\s+\$4,840\.53/);
    expect(text).toMatch(/Balance due\s+\$3,589\.78/);
    for (const s of ['INV042', 'PO-7781', 'Nov 23, 2026', 'Dec 23, 2026', 'LAUNCH10', 'Partially paid', 'Gateway Supplies Inc.',
      'Ada Lovelace <script>', 'London SW1Y 4JH', 'Credit Card', 'Check', 'ch_123', 'Net 30.', 'Call us at <any> time.', 'City 2.5% (compound)']) {
      expect(text).toContain(s);
    }
    const png = await pdfPage1Png(pdf, 'invoice');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });

  it('the research A5 example and a fixed invoice discount', async () => {
    for (const inv of [a5Invoice(), { ...a5Invoice(), discount: { type: 'Fixed' as const, value: '20' }, lateFee: '3' }]) {
      const { text } = await pdfOf(inv);
      checkAmounts(inv, text);
    }
  });

  it('formats by the invoice currency: JPY without decimals, EUR in a German locale, BHD with three', async () => {
    const jpy = invoice({ currency: 'JPY', items: [line({ id: 1, name: 'Tea', unitCost: '1200', quantity: '3', tax1: { name: 'JCT', percent: '10', type: 'Normal' } })] });
    const j = await pdfOf(jpy, 'ja-JP');
    checkAmounts(jpy, j.text, 'ja-JP');
    expect(j.text).toMatch(/Total \(JPY\)\s+JPY\s3,960\n/); // no decimals; the font has no fullwidth yen: the code instead
    const eur = invoice({ currency: 'EUR', items: [line({ id: 1, name: 'Stuhl', unitCost: '1234.5', quantity: '2' })], payments: [{ id: 1, amount: '100', method: 'SEPA', date: '2026-11-24T00:00:00Z', notes: '' }] });
    const e = await pdfOf(eur, 'de-DE');
    checkAmounts(eur, e.text, 'de-DE');
    expect(e.text).toMatch(/Balance due\s+2\.369,00 €/);
    const bhd = invoice({ currency: 'BHD', items: [line({ id: 1, name: 'Lamp', unitCost: '10.125', quantity: '3' })] });
    const b = await pdfOf(bhd);
    checkAmounts(bhd, b.text);
    expect(b.text).toMatch(/Total \(BHD\)\s+BHD\s?30\.375/);
  });

  it('a long invoice flows onto further pages and still ends with the totals', async () => {
    const items = Array.from({ length: 60 }, (_, i) => line({ id: i + 1, name: `Part ${i + 1}`, unitCost: `${i + 1}.25`, quantity: '2' }));
    const inv = invoice({ items });
    const { pdf, text } = await pdfOf(inv);
    expect(text.split('\f').filter((p) => p.trim()).length).toBeGreaterThan(1);
    checkAmounts(inv, text);
    expect(pdf.length).toBeLessThan(200_000);
  });

  it('characters the standard font cannot draw become "?" instead of breaking the document', async () => {
    const inv = invoice({ items: [line({ id: 1, name: 'Плата 文字 €', unitCost: '5', quantity: '1' })] });
    const { text } = await pdfOf(inv);
    expect(text).toContain('????? ?? €');
  });
});

describe('invoice HTML', () => {
  const doc = buildDocument({ invoice: everyKindInvoice(), client: everyKindClient() }, { seller: SELLER, locale: 'en-US' });

  it('escapes every value it shows', () => {
    const page = renderInvoiceHtml(doc, { message: 'Hello <b>"you"</b> & co' });
    expect(page).not.toMatch(/<script|<order>|<any>|<b>/);
    expect(page).toContain('Ada Lovelace &lt;script&gt;');
    expect(page).toContain('Spring &lt;order&gt; &amp; co');
    expect(page).toContain('Hello &lt;b&gt;&quot;you&quot;&lt;/b&gt; &amp; co');
  });

  it('carries the same figures as the PDF: every summary row, line and payment', () => {
    const page = renderInvoiceHtml(doc);
    for (const { amount } of expectedAmounts(everyKindInvoice(), 'en-US')) expect(page).toContain(amount);
    for (const s of ['INV042', 'PO-7781', 'LAUNCH10', 'Partially paid', 'Net 30.', 'Credit Card']) expect(page).toContain(s);
  });
});
