// The console's page shell: landmarks, one h1 per page, a skip link, visible keyboard focus, and
// the navigation. No script; every value goes through html`` (escaped).
import { html, trusted, type SafeHtml } from '../web/html.js';

const CSS = trusted(`
*{box-sizing:border-box}body{font-family:system-ui,Helvetica,Arial,sans-serif;margin:0;color:#1d2733;background:#f4f5f7}
a{color:#0b57d0}a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid #f2a900;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:6px;z-index:9}
header.top{background:#1d2733;color:#fff;padding:10px 20px;display:flex;gap:20px;align-items:center;flex-wrap:wrap}
header.top a{color:#fff;text-decoration:none;padding:4px 6px;border-radius:4px}header.top a[aria-current=page]{background:#3b4b5e}
header.top .brand{font-weight:bold;margin-right:10px}header.top form{margin-left:auto}
main{max-width:1100px;margin:20px auto;padding:0 20px}
h1{font-size:24px;margin:10px 0 16px}h2{font-size:18px;margin:24px 0 8px}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #dde1e6}
th,td{text-align:left;padding:7px 9px;border-bottom:1px solid #e6e9ed;vertical-align:top}th{background:#eef1f4;font-size:13px}
td.num,th.num{text-align:right;white-space:nowrap}
.card{background:#fff;border:1px solid #dde1e6;padding:14px 18px;margin:12px 0}
.notice{background:#e8f4ea;border:1px solid #9bc7a4;padding:10px 14px;margin:10px 0}
.error{background:#fbeaea;border:1px solid #d99;padding:10px 14px;margin:10px 0}
label{font-weight:600;display:block;margin:8px 0 4px}input[type=text],input[type=password],input[type=search]{padding:7px;border:1px solid #8a96a3;border-radius:4px;min-width:280px}
button{padding:7px 14px;border:1px solid #0b57d0;background:#0b57d0;color:#fff;border-radius:4px;cursor:pointer}
button.secondary{background:#fff;color:#0b57d0}
.muted{color:#5b6673}.tag{display:inline-block;padding:1px 8px;border-radius:9px;background:#e8eef8;font-size:12px}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}dl.facts dt{color:#5b6673}dl.facts dd{margin:0}
.inline{display:inline}
`);

const NAV: Array<[string, string]> = [
  ['/console/orders', 'Orders & invoices'], ['/console/promotions', 'Promotions'], ['/console/outbox', 'Mail outbox'],
  ['/console/radar', 'Compatibility radar'], ['/console/subscriptions', 'Subscriptions'],
];

export interface PageContext { user?: string; csrf?: string; path: string }

export function page(ctx: PageContext, title: string, body: SafeHtml, flash?: { kind: 'notice' | 'error'; text: string }): string {
  return html`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · Gateway console</title><style>${CSS}</style></head>
<body><a class="skip" href="#main">Skip to content</a>
<header class="top"><span class="brand">Keap gateway console</span>
${ctx.user ? html`<nav aria-label="Console sections">${NAV.map(([href, label]) => html`<a href="${href}"${ctx.path.startsWith(href) ? trusted(' aria-current="page"') : ''}>${label}</a> `)}</nav>
<form method="post" action="/console/logout"><input type="hidden" name="_csrf" value="${ctx.csrf}"><span class="muted">${ctx.user}</span> <button class="secondary" type="submit">Log out</button></form>` : ''}
</header>
<main id="main" tabindex="-1"><h1>${title}</h1>
${flash ? html`<div class="${flash.kind}" role="${flash.kind === 'error' ? 'alert' : 'status'}">${flash.text}</div>` : ''}
${body}
</main></body></html>`.text;
}

/** A POST button with the CSRF token; `label` is also its accessible name. */
export function actionButton(action: string, label: string, csrf: string, secondary = false): SafeHtml {
  return html`<form class="inline" method="post" action="${action}"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit"${secondary ? trusted(' class="secondary"') : ''}>${label}</button></form>`;
}
