// The invoice document as a self-contained HTML page (inline CSS, no script, no remote resource):
// the body of the invoice mail and GET /invoices/{id}.html. Every value is escaped by html``.
import { html, trusted, type SafeHtml } from '../web/html.js';
import type { InvoiceDocument } from './model.js';

const CSS = trusted(`
body{font-family:Helvetica,Arial,sans-serif;color:#1d2733;margin:0;background:#f4f5f7}
.doc{max-width:860px;margin:24px auto;background:#fff;padding:40px;border:1px solid #dde1e6}
header{display:flex;justify-content:space-between;gap:24px;flex-wrap:wrap}
h1{font-size:28px;margin:0 0 4px;letter-spacing:.5px}
.muted{color:#5b6673}.right{text-align:right}
.parties{display:flex;justify-content:space-between;gap:24px;margin:28px 0;flex-wrap:wrap}
.block h2{font-size:12px;text-transform:uppercase;color:#5b6673;margin:0 0 6px;letter-spacing:.6px}
.block p{margin:0;line-height:1.45}
dl.meta{display:grid;grid-template-columns:auto auto;gap:2px 14px;margin:0}
dl.meta dt{color:#5b6673}dl.meta dd{margin:0;text-align:right}
table{width:100%;border-collapse:collapse;margin-top:8px}
th{font-size:12px;text-transform:uppercase;color:#5b6673;text-align:left;border-bottom:2px solid #1d2733;padding:6px}
td{padding:8px 6px;border-bottom:1px solid #e6e9ed;vertical-align:top}
td.num,th.num{text-align:right;white-space:nowrap}
tr.credit td{color:#2f6f3e}
.small{font-size:12px}
.totals{margin-left:auto;width:360px;margin-top:16px}
.totals td{border:0;padding:4px 6px}
.totals tr.grand td{border-top:2px solid #1d2733;font-weight:bold;font-size:16px}
.totals tr.balance td{font-weight:bold;background:#f1f5fb}
.status{display:inline-block;padding:3px 10px;border-radius:10px;background:#e8eef8;font-weight:bold}
section{margin-top:28px}section h2{font-size:14px;margin:0 0 6px}
`);

const lines = (values: string[]): SafeHtml => html`${values.map((v, i) => html`${i ? html`<br>` : ''}${v}`)}`;

/** `message`: the sender's note shown above the invoice (mail); `link`: the client's signed link; `pdfHref`: a PDF link. */
export function renderInvoiceHtml(doc: InvoiceDocument, opts: { link?: string; message?: string; pdfHref?: string } = {}): string {
  const meta: Array<[string, string]> = [['Invoice number', doc.number], ['Invoice date', doc.date]];
  if (doc.dueDate) meta.push(['Due date', doc.dueDate]);
  if (doc.poNumber) meta.push(['PO number', doc.poNumber]);
  if (doc.promoCodes.length) meta.push(['Promo code', doc.promoCodes.join(', ')]);
  const page = html`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Invoice ${doc.number}</title><style>${CSS}</style></head>
<body>${opts.message?.trim() ? html`<div class="doc"><p>${lines(opts.message.trim().split(/\r?\n/))}</p></div>` : ''}<main class="doc">
<header>
  <div><h1>INVOICE</h1>${doc.title ? html`<div class="muted">${doc.title}</div>` : ''}<div>Status: <span class="status">${doc.status}</span></div></div>
  <div class="block right"><p><strong>${doc.seller.name}</strong><br>${lines(doc.seller.address)}
  ${doc.seller.email ? html`<br>${doc.seller.email}` : ''}${doc.seller.phone ? html`<br>${doc.seller.phone}` : ''}
  ${doc.seller.taxId ? html`<br>Tax ID: ${doc.seller.taxId}` : ''}</p></div>
</header>
<div class="parties">
  <div class="block"><h2>Bill to</h2><p><strong>${doc.client.name}</strong>${doc.client.address.length ? html`<br>${lines(doc.client.address)}` : ''}${doc.client.email ? html`<br>${doc.client.email}` : ''}</p></div>
  <div class="block"><dl class="meta">${meta.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl></div>
</div>
<table aria-label="Invoice lines">
<thead><tr><th scope="col">Item</th><th scope="col" class="num">Qty</th><th scope="col" class="num">Unit cost</th><th scope="col" class="num">Discount</th><th scope="col" class="num">Taxes</th><th scope="col" class="num">Line total</th></tr></thead>
<tbody>${doc.lines.map((l) => html`<tr${l.credit ? trusted(' class="credit"') : ''}>
<td><strong>${l.name}</strong>${l.description ? html`<div class="small muted">${l.description}</div>` : ''}</td>
<td class="num">${l.quantity}</td><td class="num">${l.unitCost}</td><td class="num">${l.discount}</td>
<td class="num small">${lines(l.taxes)}</td><td class="num">${l.total}</td></tr>`)}</tbody>
</table>
<table class="totals" aria-label="Totals"><tbody>
${doc.summary.map((r) => html`<tr><td>${r.label}</td><td class="num">${r.amount}</td></tr>`)}
<tr class="grand"><td>Total (${doc.currency})</td><td class="num">${doc.total}</td></tr>
<tr><td>Paid</td><td class="num">${doc.paid}</td></tr>
<tr class="balance"><td>Balance due</td><td class="num">${doc.balance}</td></tr>
</tbody></table>
${doc.payments.length ? html`<section><h2>Payments</h2><table aria-label="Payments"><thead><tr><th scope="col">Date</th><th scope="col">Method</th><th scope="col">Reference</th><th scope="col" class="num">Amount</th></tr></thead>
<tbody>${doc.payments.map((p) => html`<tr><td>${p.date}</td><td>${p.method}</td><td>${p.reference}</td><td class="num">${p.amount}</td></tr>`)}</tbody></table></section>` : ''}
${doc.notes ? html`<section><h2>Notes</h2><p>${lines(doc.notes.split(/\r?\n/))}</p></section>` : ''}
${doc.terms ? html`<section><h2>Terms</h2><p>${lines(doc.terms.split(/\r?\n/))}</p></section>` : ''}
${opts.pdfHref ? html`<section><p><a href="${opts.pdfHref}">Download this invoice as PDF</a></p></section>` : ''}
${opts.link ? html`<section><p>View or download this invoice: <a href="${opts.link}">${opts.link}</a></p></section>` : ''}
</main></body></html>
`;
  return page.text;
}
