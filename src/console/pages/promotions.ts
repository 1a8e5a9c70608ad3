// Promotions: each code's uses against the limits, outcomes over time, enable/disable.
import { html, type SafeHtml } from '../../web/html.js';
import type { PromotionDetails } from '../../services/promotions/admin.js';
import type { PromoRedemptionRow } from '../../services/promotions/records.js';
import { actionButton } from '../layout.js';
import { dailyOutcomes, outcomeChart } from '../chart.js';

const limitText = (n: number | undefined) => (n === undefined ? 'unlimited' : String(n));

function outcomeCounts(rows: PromoRedemptionRow[]): string {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.Outcome, (counts.get(r.Outcome) ?? 0) + 1);
  return [...counts].map(([k, v]) => `${k} ${v}`).join(', ');
}

export function promotionsPage(list: PromotionDetails[], recent: PromoRedemptionRow[], now: Date, csrf: string): SafeHtml {
  if (!list.length) return html`<p>No promotion is defined (see <code>keap-gateway promo</code> or DiscountService).</p>`;
  return html`<p class="muted">Outcomes are read from the latest ${recent.length} recorded outcomes.</p>
${list.map(({ promotion: p, codes, uses }) => {
    const mine = recent.filter((r) => r.PromotionId === p.id);
    return html`<section class="card" aria-labelledby="promo-${p.id}">
<h2 id="promo-${p.id}">${p.name} <span class="tag">${p.active ? 'enabled' : 'disabled'}</span></h2>
<p>${p.discount.kind} · uses ${uses} of ${limitText(p.limits.totalUses)} · per contact ${limitText(p.limits.perContact)} · per code ${limitText(p.limits.perCode)}</p>
${p.active ? actionButton(`/console/promotions/${p.id}/disable`, `Disable ${p.name}`, csrf) : actionButton(`/console/promotions/${p.id}/enable`, `Enable ${p.name}`, csrf)}
${codes.length ? html`<table><thead><tr><th scope="col">Code</th><th scope="col">State</th><th scope="col" class="num">Uses</th><th scope="col" class="num">Per-code limit</th><th scope="col">Recent outcomes</th></tr></thead>
<tbody>${codes.map((c) => html`<tr><td><code>${c.code}</code></td><td>${c.active ? 'active' : 'inactive'}</td><td class="num">${c.uses}</td><td class="num">${limitText(p.limits.perCode)}</td>
<td>${outcomeCounts(mine.filter((r) => r.PromoCodeId === c.id || r.Code.toUpperCase() === c.code.toUpperCase()))}</td></tr>`)}</tbody></table>` : html`<p>Automatic special (no code).</p>`}
${outcomeChart(`Outcomes of ${p.name}`, dailyOutcomes(mine, now))}
</section>`;
  })}`;
}
