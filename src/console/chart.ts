// A small inline SVG bar chart: promo outcomes per day (applied vs. refused), last `days` days.
import { html, type SafeHtml } from '../web/html.js';

export interface DayCount { day: string; applied: number; refused: number }

export function dailyOutcomes(rows: Array<{ DateCreated: string; Outcome: string }>, now: Date, days = 14): DayCount[] {
  const out: DayCount[] = [];
  const index = new Map<string, DayCount>();
  for (let i = days - 1; i >= 0; i--) {
    const day = new Date(now.getTime() - i * 86_400_000).toISOString().slice(0, 10);
    const entry = { day, applied: 0, refused: 0 };
    out.push(entry);
    index.set(day, entry);
  }
  for (const r of rows) {
    const entry = index.get(String(r.DateCreated).slice(0, 10));
    if (!entry) continue;
    if (r.Outcome === 'APPLIED') entry.applied++;
    else entry.refused++;
  }
  return out;
}

export function outcomeChart(label: string, data: DayCount[]): SafeHtml {
  const W = 420, H = 90, pad = 14;
  const max = Math.max(1, ...data.map((d) => d.applied + d.refused));
  const bw = (W - pad) / data.length;
  const total = data.reduce((s, d) => s + d.applied + d.refused, 0);
  const applied = data.reduce((s, d) => s + d.applied, 0);
  const bar = (d: DayCount, i: number) => {
    const x = pad + i * bw + 2;
    const ha = ((H - pad) * d.applied) / max;
    const hr = ((H - pad) * d.refused) / max;
    return html`<g><title>${d.day}: ${d.applied} applied, ${d.refused} not applied</title>
<rect x="${x.toFixed(1)}" y="${(H - pad - ha).toFixed(1)}" width="${(bw - 4).toFixed(1)}" height="${ha.toFixed(1)}" fill="#2f8f4e"></rect>
<rect x="${x.toFixed(1)}" y="${(H - pad - ha - hr).toFixed(1)}" width="${(bw - 4).toFixed(1)}" height="${hr.toFixed(1)}" fill="#b9c2cc"></rect></g>`;
  };
  return html`<figure class="card"><svg role="img" aria-label="${label}: ${applied} applied and ${total - applied} not applied in the last ${data.length} days" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
<line x1="${pad}" y1="${H - pad}" x2="${W}" y2="${H - pad}" stroke="#8a96a3"></line>
<text x="0" y="10" font-size="10" fill="#5b6673">${max}</text>
<text x="${pad}" y="${H - 2}" font-size="10" fill="#5b6673">${data[0]?.day ?? ''}</text>
<text x="${W - 60}" y="${H - 2}" font-size="10" fill="#5b6673">${data[data.length - 1]?.day ?? ''}</text>
${data.map(bar)}</svg>
<figcaption class="muted">Outcomes per day: <span style="color:#2f8f4e">■</span> applied, <span style="color:#8a96a3">■</span> not applied.</figcaption></figure>`;
}
