// One invoice: its document (lines, totals, payments from the totals routine via buildDocument),
// a status history derived from its records, its mails, the promo outcomes of its order, and links.
import { html, type SafeHtml } from '../../web/html.js';
import type { Invoice } from '../../invoicing/model.js';
import type { InvoiceDocument } from '../../documents/model.js';
import type { OutboxMessage } from '../../services/invoices.js';
import type { PromoRedemptionRow } from '../../services/promotions/records.js';
import { computeTotals } from '../../invoicing/totals.js';
import { dec } from '../../money/money.js';

export interface InvoiceView {
  invoice: Invoice;
  doc: InvoiceDocument;
  mails: OutboxMessage[];
  outcomes: PromoRedemptionRow[];
  clientLink?: string;
}

interface HistoryEntry { at: string; status: string; what: string }

/**
 * The invoice keeps no status log, so the history is read from what it did keep: its creation,
 * each queued and delivered mail, each payment (with the status the running balance gave), and
 * a view by the client (the current status 'viewed', at its last update).
 */
export function statusHistory(inv: Invoice, mails: OutboxMessage[]): HistoryEntry[] {
  const total = computeTotals(inv).total;
  const out: HistoryEntry[] = [{ at: inv.createdAt, status: 'draft', what: 'created' }];
  for (const m of mails) {
    out.push({ at: m.createdAt, status: 'sent', what: `mail queued to ${m.to}` });
    if (m.sentAt) out.push({ at: m.sentAt, status: 'sent', what: `mail delivered to ${m.to}` });
    else if (m.state === 'failed') out.push({ at: m.createdAt, status: 'sent', what: `mail to ${m.to} failed (${m.lastErrorKind ?? 'error'})` });
  }
  let paid = dec(0);
  for (const p of [...inv.payments].sort((a, b) => a.date.localeCompare(b.date))) {
    paid = paid.plus(dec(p.amount));
    out.push({ at: p.date, status: paid.gte(total) ? 'paid' : 'partial-paid', what: `payment ${p.amount} ${inv.currency} by ${p.method}` });
  }
  if (inv.status === 'viewed') out.push({ at: inv.updatedAt, status: 'viewed', what: 'opened by the client' });
  return out.sort((a, b) => a.at.localeCompare(b.at));
}

export function invoicePage(v: InvoiceView): SafeHtml {
  const { invoice: inv, doc } = v;
  return html`<p><a href="/console/invoices/${inv.id}.pdf">Open the PDF</a> · <a href="/console/invoices/${inv.id}.html">Open the HTML document</a>
${v.clientLink ? html` · <span class="muted">Client link (expires):</span> <a href="${v.clientLink}">${v.clientLink}</a>` : ''}</p>
<div class="card"><dl class="facts">
<dt>Status</dt><dd><span class="tag">${doc.status}</span></dd><dt>Invoice id</dt><dd>${inv.id}</dd><dt>Order (JobId)</dt><dd>${inv.jobId ?? '—'}</dd>
<dt>Client</dt><dd>${doc.client.name} ${doc.client.email ? html`&lt;${doc.client.email}&gt;` : ''}</dd>
<dt>Date</dt><dd>${doc.date}</dd><dt>Due</dt><dd>${doc.dueDate || '—'}</dd><dt>PO number</dt><dd>${doc.poNumber || '—'}</dd>
<dt>Promo codes</dt><dd>${doc.promoCodes.join(', ') || '—'}</dd><dt>Total</dt><dd>${doc.total}</dd><dt>Balance due</dt><dd><strong>${doc.balance}</strong></dd>
</dl></div>
<h2>Lines</h2>
<table><thead><tr><th scope="col">Item</th><th scope="col" class="num">Qty</th><th scope="col" class="num">Unit cost</th><th scope="col" class="num">Discount</th><th scope="col">Taxes</th><th scope="col" class="num">Line total</th></tr></thead>
<tbody>${doc.lines.map((l) => html`<tr><td>${l.name}${l.credit ? html` <span class="tag">credit</span>` : ''}</td><td class="num">${l.quantity}</td><td class="num">${l.unitCost}</td><td class="num">${l.discount}</td><td>${l.taxes.join('; ')}</td><td class="num">${l.total}</td></tr>`)}</tbody>
<tfoot>${doc.summary.map((r) => html`<tr><td colspan="5">${r.label}</td><td class="num">${r.amount}</td></tr>`)}
<tr><th scope="row" colspan="5">Total (${doc.currency})</th><td class="num"><strong>${doc.total}</strong></td></tr>
<tr><td colspan="5">Paid</td><td class="num">${doc.paid}</td></tr><tr><th scope="row" colspan="5">Balance due</th><td class="num"><strong>${doc.balance}</strong></td></tr></tfoot></table>
<h2>Payments</h2>
${doc.payments.length ? html`<table><thead><tr><th scope="col">Date</th><th scope="col">Method</th><th scope="col">Reference</th><th scope="col" class="num">Amount</th></tr></thead>
<tbody>${doc.payments.map((p) => html`<tr><td>${p.date}</td><td>${p.method}</td><td>${p.reference}</td><td class="num">${p.amount}</td></tr>`)}</tbody></table>` : html`<p>No payment yet.</p>`}
<h2>Status history</h2>
<table><thead><tr><th scope="col">When (UTC)</th><th scope="col">Status</th><th scope="col">What happened</th></tr></thead>
<tbody>${statusHistory(inv, v.mails).map((h) => html`<tr><td>${h.at.replace('T', ' ').slice(0, 19)}</td><td><span class="tag">${h.status}</span></td><td>${h.what}</td></tr>`)}</tbody></table>
<h2>Promo outcomes of the order</h2>
${v.outcomes.length ? html`<table><thead><tr><th scope="col">Code</th><th scope="col">Outcome</th><th scope="col" class="num">Amount</th><th scope="col">When</th><th scope="col">Released</th></tr></thead>
<tbody>${v.outcomes.map((o) => html`<tr><td>${o.Code || '(automatic)'}</td><td><span class="tag">${o.Outcome}</span></td><td class="num">${o.Amount}</td><td>${o.DateCreated}</td><td>${o.Released ? 'yes' : 'no'}</td></tr>`)}</tbody></table>` : html`<p>No promo code or special was tried on this order.</p>`}
<h2>Mails</h2>
${v.mails.length ? html`<table><thead><tr><th scope="col">Id</th><th scope="col">To</th><th scope="col">State</th><th scope="col">Attempts</th><th scope="col">Queued</th></tr></thead>
<tbody>${v.mails.map((m) => html`<tr><td>${m.id}</td><td>${m.to}</td><td><span class="tag">${m.state}</span></td><td>${m.attempts ?? 0}</td><td>${m.createdAt}</td></tr>`)}</tbody></table>` : html`<p>Never mailed.</p>`}`;
}
