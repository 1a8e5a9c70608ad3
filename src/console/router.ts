// /console: the operator console (server-rendered, read-mostly). Own credentials
// (GATEWAY_CONSOLE_USERS), signed session cookie (HttpOnly, SameSite=Strict, Secure unless turned
// off for plain-http loopback tests), a CSRF token on every POST, login rate limit, strict CSP.
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import type { Store } from '../store/port.js';
import type { Client, Invoice } from '../invoicing/model.js';
import type { InvoiceBook, OutboxMessage } from '../services/invoices.js';
import { OUTBOX } from '../services/invoices.js';
import type { ClientBook } from '../services/clients.js';
import type { PromotionAdmin } from '../services/promotions/admin.js';
import { PROMO_REDEMPTION, type PromoRedemptionRow } from '../services/promotions/records.js';
import { retryFailedMail } from '../services/outbox-admin.js';
import type { CompatibilityRadar } from '../ops/radar.js';
import type { InvoiceDocuments } from '../documents/service.js';
import { documentHeaders } from '../documents/routes.js';
import { pdfFileName } from '../documents/service.js';
import { DomainError } from '../errors.js';
import { html } from '../web/html.js';
import { LoginLimiter, SessionKeys, checkPassword, parseCookies, parseUsers, type Session } from './auth.js';
import { page, type PageContext } from './layout.js';
import { searchInvoices } from './search.js';
import { ordersPage } from './pages/orders.js';
import { invoicePage } from './pages/invoice.js';
import { promotionsPage } from './pages/promotions.js';
import { outboxPage } from './pages/outbox.js';
import { radarPage } from './pages/radar.js';

export interface ConsoleDeps {
  users: string[];
  secureCookie: boolean;
  sessionSecret: string;
  sessionTtlSeconds: number;
  store: Store;
  invoices: InvoiceBook;
  clients: ClientBook;
  promotions: PromotionAdmin;
  documents: InvoiceDocuments;
  radar: CompatibilityRadar;
  /** Whether an SMTP transport delivers the outbox. */
  delivering: boolean;
  locale: string;
  log: Logger;
  now: () => Date;
}

const SESSION = 'gw_console';
const PRE = 'gw_console_login';
/** Fixed texts shown after an action (?done=…), so no request text is ever reflected. */
const DONE: Record<string, { kind: 'notice' | 'error'; text: string }> = {
  disabled: { kind: 'notice', text: 'Promotion disabled: its codes no longer apply.' },
  enabled: { kind: 'notice', text: 'Promotion enabled.' },
  retried: { kind: 'notice', text: 'Message queued again: it goes out at the next delivery round.' },
  refused: { kind: 'error', text: 'That change was refused (see the gateway log for why).' },
  conflict: { kind: 'error', text: 'Cannot enable: one of its codes is now used by another active promotion.' },
};
const OUTCOME_SAMPLE = 1000;

export function consoleRouter(deps: ConsoleDeps): Router {
  const router = express.Router();
  const users = parseUsers(deps.users);
  const keys = new SessionKeys(deps.sessionSecret, deps.sessionTtlSeconds);
  const limiter = new LoginLimiter();
  const form = express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 20 });
  const cookie = (name: string, value: string, maxAge: number) =>
    `${name}=${value}; Path=/console; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${deps.secureCookie ? '; Secure' : ''}`;

  router.use((req, res, next) => {
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('Cache-Control', 'no-store');
    if (users.size === 0) { res.status(404).type('text/plain').send('the console is off: set GATEWAY_CONSOLE_USERS (docs/console.md)'); return; }
    next();
  });

  const send = (res: Response, ctx: PageContext, title: string, body: ReturnType<typeof html>, status = 200, flash?: { kind: 'notice' | 'error'; text: string }) =>
    res.status(status).type('text/html; charset=utf-8').send(page(ctx, title, body, flash));

  // ---- login / logout -------------------------------------------------------------------------
  const loginForm = (res: Response, status = 200, error?: string) => {
    const nonce = keys.newNonce();
    res.setHeader('Set-Cookie', cookie(PRE, nonce, 600));
    send(res, { path: '/console/login' }, 'Sign in', html`<form method="post" action="/console/login" class="card">
<input type="hidden" name="_csrf" value="${keys.csrf(nonce)}">
<label for="user">User name</label><input type="text" id="user" name="user" autocomplete="username" required autofocus>
<label for="password">Password</label><input type="password" id="password" name="password" autocomplete="current-password" required>
<p><button type="submit">Sign in</button></p></form>`, status, error ? { kind: 'error', text: error } : undefined);
  };
  router.get('/login', (_req, res) => loginForm(res));
  router.post('/login', form, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (!keys.checkCsrf(parseCookies(req.headers.cookie)[PRE], body._csrf)) { loginForm(res, 403, 'The form expired: please sign in again.'); return; }
    const user = typeof body.user === 'string' ? body.user.slice(0, 64) : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const limitKeys = [`ip:${req.socket.remoteAddress ?? ''}`, `user:${user}`];
    const nowMs = deps.now().getTime();
    const wait = limiter.retryAfter(limitKeys, nowMs);
    if (wait > 0) {
      res.setHeader('Retry-After', String(wait));
      loginForm(res, 429, `Too many failed sign-ins: try again in ${Math.ceil(wait / 60)} minute(s).`);
      return;
    }
    if (!user || !(await checkPassword(users, user, password))) {
      limiter.fail(limitKeys, nowMs);
      deps.log.warn({ user, ip: req.socket.remoteAddress }, 'console sign-in failed');
      loginForm(res, 401, 'User name or password is wrong.');
      return;
    }
    limiter.succeed(limitKeys);
    const { cookie: value } = keys.issue(user, deps.now());
    res.setHeader('Set-Cookie', [cookie(SESSION, value, keys.ttl), cookie(PRE, '', 0)]);
    deps.log.info({ user }, 'console sign-in');
    res.redirect(303, '/console/orders');
  });

  // ---- everything else needs a session; every POST a CSRF token -------------------------------
  router.use((req, res, next) => {
    const session = keys.read(parseCookies(req.headers.cookie)[SESSION], deps.now());
    if (!session) {
      if (req.method === 'GET') res.redirect(303, '/console/login');
      else res.status(403).type('text/plain').send('sign in first');
      return;
    }
    res.locals.session = session;
    next();
  });
  router.use((req, res, next) => {
    if (req.method !== 'POST') { next(); return; }
    form(req, res, (err?: unknown) => { if (err) next(err); else checkCsrf(req, res, next); });
  });
  const checkCsrf = (req: Request, res: Response, next: NextFunction) => {
    const session = res.locals.session as Session;
    if (!keys.checkCsrf(session.nonce, (req.body as Record<string, unknown> | undefined)?._csrf)) {
      res.status(403).type('text/plain').send('missing or wrong CSRF token: reload the page and try again');
      return;
    }
    next();
  };
  const ctx = (req: Request, res: Response): PageContext => {
    const s = res.locals.session as Session;
    return { user: s.user, csrf: keys.csrf(s.nonce), path: req.path.startsWith('/') ? `/console${req.path}` : req.path };
  };
  const flash = (req: Request) => DONE[String(req.query.done ?? '')];
  const wrap = (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: NextFunction) => { fn(req, res).catch(next); };

  router.post('/logout', (_req, res) => {
    res.setHeader('Set-Cookie', cookie(SESSION, '', 0));
    res.redirect(303, '/console/login');
  });
  router.get('/', (_req, res) => res.redirect(303, '/console/orders'));

  router.get('/orders', wrap(async (req, res) => {
    const q = typeof req.query.q === 'string' ? req.query.q : '';
    const results = await searchInvoices(deps.store, deps.invoices, deps.clients, q);
    const clients = new Map<number, Client>();
    for (const id of new Set(results.map((r) => r.clientId))) {
      const c = await deps.clients.find(deps.store, id);
      if (c) clients.set(id, c);
    }
    send(res, ctx(req, res), 'Orders & invoices', ordersPage(q, results, clients, deps.locale));
  }));

  const invoiceId = (req: Request) => (/^\d{1,15}$/.test(String(req.params.id)) ? Number(req.params.id) : undefined);
  router.get('/invoices/:file', wrap(async (req, res) => {
    const m = /^(\d{1,15})\.(pdf|html)$/.exec(String(req.params.file));
    if (!m) { await invoiceView(req, res, String(req.params.file)); return; }
    const format = m[2];
    const src = await deps.documents.source(Number(m[1]));
    if (!src) { send(res, ctx(req, res), 'Not found', html`<p>No such invoice document.</p>`, 404); return; }
    const name = pdfFileName(src.invoice.number);
    if (format === 'pdf') { const pdf = await deps.documents.pdf(src); documentHeaders(res, 'pdf', name); res.send(pdf); return; }
    documentHeaders(res, 'html', name);
    res.send(deps.documents.html(src));
  }));
  const invoiceView = async (req: Request, res: Response, param: string) => {
    const id = /^\d{1,15}$/.test(param) ? Number(param) : undefined;
    const src = id === undefined ? undefined : await deps.documents.source(id);
    if (!src) { send(res, ctx(req, res), 'Invoice not found', html`<p>No invoice ${param}. <a href="/console/orders">Search again</a>.</p>`, 404); return; }
    const inv: Invoice = src.invoice;
    const mails = await deps.store.findBy<OutboxMessage>(OUTBOX, 'invoiceId', inv.id);
    const outcomes = inv.jobId === undefined ? [] : await deps.promotions.redemptions({ orderId: inv.jobId, limit: 100 });
    send(res, ctx(req, res), `Invoice ${inv.number}`, invoicePage({
      invoice: inv, doc: deps.documents.document(src), mails: mails.sort((a, b) => a.id - b.id), outcomes, clientLink: deps.documents.clientLink(inv.id),
    }));
  };

  router.get('/promotions', wrap(async (req, res) => {
    const list = await Promise.all((await deps.promotions.list()).map((p) => deps.promotions.show(p.id)));
    const { records } = await deps.store.list<PromoRedemptionRow>(PROMO_REDEMPTION, { sort: { field: 'id', dir: 'desc' }, limit: OUTCOME_SAMPLE });
    const c = ctx(req, res);
    send(res, c, 'Promotions', promotionsPage(list.sort((a, b) => a.promotion.id - b.promotion.id), records, deps.now(), c.csrf!), 200, flash(req));
  }));
  const promoAction = (action: 'enable' | 'disable') => wrap(async (req, res) => {
    const id = invoiceId(req);
    try {
      if (id === undefined) throw new DomainError('not_found', 'no such promotion');
      await (action === 'enable' ? deps.promotions.enable(id) : deps.promotions.disable(id));
      deps.log.info({ user: (res.locals.session as Session).user, promotionId: id, action }, 'console: promotion changed');
      res.redirect(303, `/console/promotions?done=${action}d`);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      deps.log.info({ err: err.message, promotionId: id }, 'console: promotion change refused');
      res.redirect(303, `/console/promotions?done=${err.kind === 'conflict' ? 'conflict' : 'refused'}`);
    }
  });
  router.post('/promotions/:id/disable', promoAction('disable'));
  router.post('/promotions/:id/enable', promoAction('enable'));

  router.get('/outbox', wrap(async (req, res) => {
    const [queued, sending, failed] = await Promise.all(['queued', 'sending', 'failed'].map((s) => deps.store.findBy<OutboxMessage>(OUTBOX, 'state', s)));
    const c = ctx(req, res);
    const byId = (a: OutboxMessage, b: OutboxMessage) => a.id - b.id;
    send(res, c, 'Mail outbox', outboxPage([...queued, ...sending].sort(byId), failed.sort(byId), c.csrf!, deps.delivering), 200, flash(req));
  }));
  router.post('/outbox/:id/retry', wrap(async (req, res) => {
    const id = invoiceId(req);
    try {
      if (id === undefined) throw new DomainError('not_found', 'no such message');
      await retryFailedMail(deps.store, id);
      deps.log.info({ user: (res.locals.session as Session).user, outboxId: id }, 'console: mail retried');
      res.redirect(303, '/console/outbox?done=retried');
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      res.redirect(303, '/console/outbox?done=refused');
    }
  }));

  router.get('/radar', (req, res) => send(res, ctx(req, res), 'Compatibility radar', radarPage(deps.radar.list())));
  router.get('/subscriptions', (req, res) => send(res, ctx(req, res), 'Subscriptions', html`<p>This gateway does not bill subscriptions yet:
placeOrder accepts subscription plan lines as order lines, but no recurring billing, next bill dates or retries exist, so there is nothing to show here.
See docs/console.md.</p>`));
  return router;
}
