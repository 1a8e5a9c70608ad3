// Orders & invoices: one search box (invoice id, order id, contact email, invoice number) and the
// matching invoices with their figures from the totals routine.
import { html, type SafeHtml } from '../../web/html.js';
import type { Client, Invoice } from '../../invoicing/model.js';
import { computeTotals } from '../../invoicing/totals.js';
import { moneyFormat } from '../../documents/format.js';

export function ordersPage(q: string, results: Invoice[], clients: Map<number, Client>, locale: string): SafeHtml {
  const rows = results.map((inv) => {
    const t = computeTotals(inv);
    const m = moneyFormat(inv.currency, locale);
    const c = clients.get(inv.clientId);
    return html`<tr><td><a href="/console/invoices/${inv.id}">${inv.number}</a></td><td class="num">${inv.id}</td><td class="num">${inv.jobId ?? ''}</td>
<td>${c ? [c.firstName, c.lastName].filter(Boolean).join(' ') || c.organization : ''}<div class="muted">${c?.email ?? ''}</div></td>
<td>${inv.date}</td><td class="num">${m(t.total)}</td><td class="num">${m(t.balance)}</td><td><span class="tag">${inv.status}</span></td>
<td>${inv.promoCodes.join(', ')}</td></tr>`;
  });
  return html`<form method="get" action="/console/orders" role="search">
<label for="q">Search by invoice id, order id (JobId), contact email or invoice number</label>
<input type="search" id="q" name="q" value="${q}" autocomplete="off"> <button type="submit">Search</button></form>
<h2>${q ? `Results for “${q}”` : 'Latest invoices'}</h2>
${results.length ? html`<table><caption class="muted">${results.length} invoice${results.length === 1 ? '' : 's'}</caption>
<thead><tr><th scope="col">Invoice</th><th scope="col" class="num">Id</th><th scope="col" class="num">Order (JobId)</th><th scope="col">Contact</th><th scope="col">Date</th><th scope="col" class="num">Total</th><th scope="col" class="num">Balance</th><th scope="col">Status</th><th scope="col">Promo codes</th></tr></thead>
<tbody>${rows}</tbody></table>` : html`<p>No invoice matches.</p>`}`;
}
