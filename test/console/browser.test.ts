// The operator console in a real browser: Debian's chromium driven by playwright-core (never a
// downloaded browser), against the whole gateway, a real SMTP server and orders placed over XML-RPC.
// Screenshots go to test-artifacts/ (and docs/img/ with WRITE_DOC_IMAGES=1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { startSmtp, type Smtp } from '../support/smtp.js';
import { pdfToText, saveArtifact } from '../support/poppler.js';
import { eventually } from '../support/eventually.js';
import { hashPassword } from '../../src/console/auth.js';
import { invoiceraOk } from '../invoicera-api/support.js';
import { keapClient } from '../support/rpc.js';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
  '--no-first-run', '--disable-component-update', '--disable-sync'];
const USER = 'operator';
const PASSWORD = 'correct horse battery staple';
const TOKEN = 'console-invoicera-token';

let gw: TestGateway;
let smtp: Smtp;
let refusing = true;
let profile: string;
let browser: BrowserContext;
let page: Page;
let call: <T = unknown>(method: string, ...args: unknown[]) => Promise<T>;
let contactId = 0;
let productId = 0;
let firstOrder: Record<string, string>;

const invoicera = (method: string, inner: string) => invoiceraOk(gw.base, TOKEN, method, inner);

async function screenshot(name: string): Promise<void> {
  await saveArtifact(`${name}.png`, await page.screenshot({ fullPage: false }));
}

/** a11y basics on the current page: lang, one h1, every visible control labelled, buttons named. */
async function checkA11y(): Promise<void> {
  const report = await page.evaluate(() => {
    const problems: string[] = [];
    if (!document.documentElement.lang) problems.push('no lang');
    const h1 = document.querySelectorAll('h1');
    if (h1.length !== 1) problems.push(`${h1.length} h1`);
    if (!document.querySelector('main')) problems.push('no main landmark');
    for (const el of Array.from(document.querySelectorAll('input, select, textarea'))) {
      const input = el as HTMLInputElement;
      if (input.type === 'hidden') continue;
      const labelled = (input.id && document.querySelector(`label[for="${input.id}"]`)) || input.getAttribute('aria-label') || input.closest('label');
      if (!labelled) problems.push(`unlabelled ${input.name}`);
    }
    for (const b of Array.from(document.querySelectorAll('button, a'))) if (!(b.textContent ?? '').trim() && !b.getAttribute('aria-label')) problems.push('unnamed control');
    for (const svg of Array.from(document.querySelectorAll('svg'))) if (!svg.getAttribute('aria-label')) problems.push('svg without label');
    return problems;
  });
  expect(report).toEqual([]);
}

beforeAll(async () => {
  smtp = await startSmtp({ refuse: { test: (address) => refusing && address.startsWith('bounce@') } });
  gw = await startGateway({
    env: {
      GATEWAY_CONSOLE_USERS: await hashPassword(USER, PASSWORD), GATEWAY_CONSOLE_SECURE_COOKIE: 'false',
      GATEWAY_PROMO_OUTCOME_MEMBERS: 'true', INVOICERA_TOKENS: TOKEN, GATEWAY_LINK_SECRET: 'console-link-secret-0123456789',
      GATEWAY_SELLER_NAME: 'Gateway Supplies Inc.', GATEWAY_SELLER_ADDRESS: '1 Harbour Road | Boston MA 02110',
      GATEWAY_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, GATEWAY_MAIL_FROM: 'billing@gateway.test', GATEWAY_MAIL_POLL_MS: '50',
    },
  });
  const keap = keapClient(gw.port);
  call = <T>(method: string, ...args: unknown[]): Promise<T> => keap(method, ...args);
  await gw.gateway.promotions.create({ name: 'Launch', discount: { kind: 'ORDER_TOTAL', mode: 'PERCENT', value: '10' }, codes: ['LAUNCH'], limits: { totalUses: 50 } });
  contactId = await call<number>('ContactService.add', { FirstName: 'Grace', LastName: 'Hopper <img src=x onerror=alert(1)>', Email: 'bounce@example.test', StreetAddress1: '1 Navy Way', City: 'Arlington' });
  productId = await call<number>('DataService.add', 'Product', { ProductName: 'Compiler manual', ProductPrice: '40.00', Shippable: 0, Taxable: 0 });
  firstOrder = await call<Record<string, string>>('OrderService.placeOrder', contactId, 0, 0, [productId], [], true, ['LAUNCH']);
  expect(firstOrder.PromoCodeOutcomes).toBe('LAUNCH:APPLIED');
  // A mail the SMTP server refuses: failed at once, for the retry below.
  await invoicera('sendInvoiceMail', `<invoice_id>${firstOrder.InvoiceId}</invoice_id><subject>Your order</subject>`);

  profile = await mkdtemp(join(tmpdir(), 'chromium-profile-'));
  browser = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, viewport: { width: 1200, height: 900 } });
  page = browser.pages()[0] ?? await browser.newPage();
  page.setDefaultTimeout(10_000);
  page.on('dialog', (d) => { throw new Error(`unexpected dialog: ${d.message()}`); });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
  await gw?.close();
  await smtp?.close();
});

describe('operator console in chromium', () => {
  it('signs in with the keyboard: labelled fields, visible focus, a skip link', async () => {
    await page.goto(`${gw.base}/console`);
    expect(page.url()).toMatch(/\/console\/login$/);
    await checkA11y();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('user'); // autofocus
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.type(USER);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('password');
    await page.keyboard.type(PASSWORD);
    await screenshot('console-login');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/console\/orders$/);
    const cookies = await browser.cookies(`${gw.base}/console/`);
    const session = cookies.find((c) => c.name === 'gw_console')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/console' });
  });

  it('finds the XML-RPC order by contact email and opens its invoice, PDF and promo outcome', async () => {
    await page.keyboard.press('Tab'); // the first stop of every page is the skip link
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.getByLabel(/Search by invoice id/).fill('BOUNCE@example.test');
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=/);
    await checkA11y();
    const row = page.locator('tbody tr').filter({ hasText: 'LAUNCH' });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('$36.00'); // 40.00 less 10 %
    // The same invoice by order id (JobId).
    await page.goto(`${gw.base}/console/orders?q=${firstOrder.OrderId}`);
    await row.getByRole('link').click();
    await page.waitForURL(/\/console\/invoices\/\d+$/);
    await checkA11y();
    expect(await page.locator('h1').textContent()).toMatch(/^Invoice INV\d+$/);
    const body = await page.locator('main').textContent();
    expect(body).toContain('Hopper <img src=x onerror=alert(1)>'); // shown as text, not markup
    expect(body).toMatch(/LAUNCH\s*APPLIED/);
    expect(body).toContain('Compiler manual');
    expect(body).toContain('mail to bounce@example.test failed');
    await screenshot('console');
    const href = await page.getByRole('link', { name: 'Open the PDF' }).getAttribute('href');
    const pdf = await page.request.get(`${gw.base}${href}`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const text = await pdfToText(Buffer.from(await pdf.body()));
    expect(text).toMatch(/Balance due\s+\$36\.00/);
    expect(text).toContain('LAUNCH');
  });

  it('disables the code: the next placeOrder no longer applies it', async () => {
    await page.getByRole('link', { name: 'Promotions' }).click();
    await checkA11y();
    const section = page.locator('section', { hasText: 'Launch' });
    expect(await section.textContent()).toMatch(/uses 1 of 50/);
    await page.getByRole('button', { name: 'Disable Launch' }).click();
    await page.waitForURL(/done=disabled/);
    expect(await page.getByRole('status').textContent()).toContain('Promotion disabled');
    const second = await call<Record<string, string>>('OrderService.placeOrder', contactId, 0, 0, [productId], [], true, ['LAUNCH']);
    expect(second.PromoCodeOutcomes).not.toBe('LAUNCH:APPLIED');
    expect(second.PromoCodeOutcomes).toMatch(/^LAUNCH:(UNKNOWN|INACTIVE)$/);
    await page.reload();
    expect(await page.locator('section', { hasText: 'Launch' }).textContent()).toMatch(/disabled/);
    await screenshot('console-promotions');
    await page.getByRole('button', { name: 'Enable Launch' }).click();
    await page.waitForURL(/done=enabled/);
    const third = await call<Record<string, string>>('OrderService.placeOrder', contactId, 0, 0, [productId], [], true, ['LAUNCH']);
    expect(third.PromoCodeOutcomes).toBe('LAUNCH:APPLIED');
  });

  it('retries a failed mail, which then goes out over SMTP', async () => {
    await page.getByRole('link', { name: 'Mail outbox' }).click();
    await checkA11y();
    const retry = page.getByRole('button', { name: /^Retry message \d+$/ });
    await expect.poll(() => retry.count()).toBe(1);
    expect(await page.locator('main').textContent()).toMatch(/refused/);
    await screenshot('console-outbox');
    refusing = false;
    await retry.click();
    await page.waitForURL(/done=retried/);
    await eventually(async () => expect(smtp.received.map((m) => m.to)).toEqual([['bounce@example.test']]), 10_000);
    await page.reload();
    expect(await page.getByRole('button', { name: /^Retry message/ }).count()).toBe(0);
  });

  it('shows refused legacy calls on the radar', async () => {
    await call('ContactService.mergeContacts', 1, 2).catch(() => undefined);
    await page.getByRole('link', { name: 'Compatibility radar' }).click();
    await checkA11y();
    expect(await page.locator('main').textContent()).toContain('ContactService.mergeContacts(string, int, int)');
    await page.getByRole('link', { name: 'Subscriptions' }).click();
    expect(await page.locator('main').textContent()).toMatch(/does not bill subscriptions yet/);
  });
});

describe('console protections (plain HTTP)', () => {
  it('refuses a change without the CSRF token, and signed-out visitors', async () => {
    const cookie = (await browser.cookies(`${gw.base}/console/`)).map((c) => `${c.name}=${c.value}`).join('; ');
    const noToken = await fetch(`${gw.base}/console/promotions/1/disable`, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: '_csrf=00', redirect: 'manual' });
    expect(noToken.status).toBe(403);
    expect((await gw.gateway.promotions.list())[0].active).toBe(true);
    const anonymous = await fetch(`${gw.base}/console/orders`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/console/login');
    expect((await fetch(`${gw.base}/console/outbox/1/retry`, { method: 'POST', redirect: 'manual' })).status).toBe(403);
  });

  it('limits failed sign-ins: the sixth within the window answers 429', async () => {
    const attempt = async (password: string) => {
      const form = await fetch(`${gw.base}/console/login`);
      const pre = /gw_console_login=([0-9a-f]+)/.exec(form.headers.get('set-cookie') ?? '')![1];
      const csrf = /name="_csrf" value="([0-9a-f]+)"/.exec(await form.text())![1];
      return fetch(`${gw.base}/console/login`, {
        method: 'POST', redirect: 'manual', headers: { cookie: `gw_console_login=${pre}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, user: 'intruder', password }).toString(),
      });
    };
    for (let i = 0; i < 5; i++) expect((await attempt('guess')).status).toBe(401);
    const limited = await attempt('guess');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
