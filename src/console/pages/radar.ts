// Compatibility radar: the legacy calls clients make that this gateway refuses.
import { html, type SafeHtml } from '../../web/html.js';
import type { RadarEntry } from '../../ops/radar.js';

const KIND_TEXT: Record<RadarEntry['kind'], string> = {
  unknown_method: 'unknown method', unknown_table: 'unknown table', unknown_field: 'unknown field',
  refused_write: 'refused write', not_available: 'not available',
};

export function radarPage(entries: RadarEntry[]): SafeHtml {
  return html`<p>Calls refused since this instance started, most frequent first (also exported as <code>gateway_refused_calls_total</code> on /metrics).
Shapes show parameter types only, never values.</p>
${entries.length ? html`<table><thead><tr><th scope="col">Front</th><th scope="col">Refusal</th><th scope="col">Method</th><th scope="col">Table</th><th scope="col">Field</th><th scope="col" class="num">Count</th><th scope="col">Last</th><th scope="col">Last request shapes</th></tr></thead>
<tbody>${entries.map((e) => html`<tr><td>${e.front}</td><td>${KIND_TEXT[e.kind]}</td><td><code>${e.method}</code></td><td>${e.table}</td><td>${e.field}</td><td class="num">${e.count}</td><td>${e.lastAt}</td>
<td>${e.shapes.map((s) => html`<div><code>${e.method}(${s})</code></div>`)}</td></tr>`)}</tbody></table>` : html`<p>No call has been refused yet.</p>`}`;
}
