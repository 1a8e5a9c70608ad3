// Mail outbox: what waits (queued, sending) and what was given up (failed), with a retry button.
import { html, type SafeHtml } from '../../web/html.js';
import type { OutboxMessage } from '../../services/invoices.js';
import { actionButton } from '../layout.js';

function table(messages: OutboxMessage[], csrf: string, retry: boolean): SafeHtml {
  if (!messages.length) return html`<p>None.</p>`;
  return html`<table><thead><tr><th scope="col">Id</th><th scope="col">Invoice</th><th scope="col">To</th><th scope="col">Subject</th><th scope="col">State</th><th scope="col" class="num">Attempts</th><th scope="col">Last error</th><th scope="col">Next attempt</th>${retry ? html`<th scope="col">Action</th>` : ''}</tr></thead>
<tbody>${messages.map((m) => html`<tr><td>${m.id}</td><td>${m.invoiceId === undefined ? (m.kind ?? '') : html`<a href="/console/invoices/${m.invoiceId}">${m.invoiceId}</a>`}</td><td>${m.to}</td><td>${m.subject}</td><td><span class="tag">${m.state}</span></td><td class="num">${m.attempts ?? 0}</td>
<td>${m.lastErrorKind ? html`<strong>${m.lastErrorKind}</strong>: ` : ''}${m.lastError ?? ''}</td><td>${m.nextAttemptAt ?? ''}</td>
${retry ? html`<td>${actionButton(`/console/outbox/${m.id}/retry`, `Retry message ${m.id}`, csrf)}</td>` : ''}</tr>`)}</tbody></table>`;
}

export function outboxPage(queued: OutboxMessage[], failed: OutboxMessage[], csrf: string, delivering: boolean): SafeHtml {
  return html`${delivering ? '' : html`<p class="error" role="note">No SMTP transport is configured (GATEWAY_SMTP_URL): queued mails wait until one is.</p>`}
<h2>Queued and being sent</h2>${table(queued, csrf, false)}
<h2>Failed</h2>${table(failed, csrf, true)}`;
}
