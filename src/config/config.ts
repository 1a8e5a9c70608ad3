// Gateway configuration: config/default.json, overridden by environment variables.
// Only src/main.ts and src/cli read configuration; everything else receives values.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageInfo } from './package-root.js';
import { checkCredentials, readSecretFiles } from './credentials.js';

export interface Limits {
  bodyBytes: number;
  inflatedBytes: number;
  nestingDepth: number;
  elementCount: number;
  multicallEntries: number;
  /** Per HTTP request, shared by a multicall's calls (src/xmlrpc/budget.ts). */
  rowsExamined: number;
  rowsReturned: number;
  replyBytes: number;
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  shutdownGraceMs: number;
  /** Open connections at once (node's server.maxConnections); beyond, new sockets are closed. */
  maxConnections: number;
  maxConnectionsPerIp: number;
  /** Body bytes reserved across all requests in flight; beyond, 503 + Retry-After. */
  inFlightBodyBytes: number;
  keepAliveTimeoutMs: number;
  maxHeaderBytes: number;
}

export interface GatewayConfig {
  port: number;
  host: string;
  apiKeys: string[];
  store: string;
  logLevel: string;
  limits: Limits;
  xmlrpc: { i8: boolean };
  keap: { timeZone: string; currency: string; invoiceIdOffset: number; promoOutcomeMembers: boolean };
  invoicera: { tokens: string[]; numberPrefix: string; numberWidth: number };
  idempotencyTtlSeconds: number;
  /** On SIGTERM, how long /readyz answers 503 while the gateway still serves, before it stops accepting. */
  drainMs: number;
  promotionsFile: string;
  /** JSON file of shipping options and tax rates loaded at start (docs/shipping-and-tax.md); '' = none. */
  shippingTaxFile: string;
  mail: MailConfig;
  /** Subscriptions and payment plans (docs/subscriptions.md): how often each instance runs the engine; 0 = never. */
  billing: { intervalMs: number };
  documents: DocumentsConfig;
  console: ConsoleConfig;
}

/** Invoice documents (docs/invoice-documents.md): the seller block and the client's signed links. */
export interface DocumentsConfig {
  seller: { name: string; address: string[]; email: string; phone: string; taxId: string };
  /** BCP 47 locale for amounts and dates, e.g. en-US. */
  locale: string;
  /** HMAC-SHA256 key of the client links; empty = no links are made or accepted. */
  linkSecret: string;
  linkTtlSeconds: number;
  /** Base URL the client reaches the gateway at (for links in mails), e.g. https://billing.example.com */
  publicUrl: string;
}

/** Operator console (docs/console.md). */
export interface ConsoleConfig {
  /** user:scrypt$saltHex$hashHex entries; none = the console is off. */
  users: string[];
  /** Secure flag on the session cookie; off only for plain-http loopback tests. */
  secureCookie: boolean;
  /** HMAC key of session cookies and CSRF tokens; empty = random per process. */
  sessionSecret: string;
  sessionTtlSeconds: number;
}

/** Delivery of sendInvoiceMail messages; without smtpUrl they stay queued in the outbox. */
export interface MailConfig {
  smtpUrl: string;
  from: string;
  pollMs: number;
  maxAttempts: number;
  retryBaseMs: number;
}

export class ConfigError extends Error {}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Environment variable → config path and parser. Documented in README "Configuration". */
const ENV: Array<[string, string, (v: string, name: string) => unknown]> = [
  ['PORT', 'port', int],
  ['HOST', 'host', str],
  ['GATEWAY_API_KEYS', 'apiKeys', list],
  ['GATEWAY_STORE', 'store', str],
  ['LOG_LEVEL', 'logLevel', str],
  ['GATEWAY_BODY_LIMIT', 'limits.bodyBytes', int],
  ['GATEWAY_INFLATED_LIMIT', 'limits.inflatedBytes', int],
  ['GATEWAY_MAX_DEPTH', 'limits.nestingDepth', int],
  ['GATEWAY_MAX_ELEMENTS', 'limits.elementCount', int],
  ['GATEWAY_MULTICALL_MAX', 'limits.multicallEntries', int],
  ['GATEWAY_ROWS_EXAMINED_MAX', 'limits.rowsExamined', int],
  ['GATEWAY_ROWS_RETURNED_MAX', 'limits.rowsReturned', int],
  ['GATEWAY_REPLY_LIMIT', 'limits.replyBytes', int],
  ['GATEWAY_REQUEST_TIMEOUT_MS', 'limits.requestTimeoutMs', int],
  ['GATEWAY_HEADERS_TIMEOUT_MS', 'limits.headersTimeoutMs', int],
  ['GATEWAY_SHUTDOWN_GRACE_MS', 'limits.shutdownGraceMs', int],
  ['GATEWAY_MAX_CONNECTIONS', 'limits.maxConnections', int],
  ['GATEWAY_MAX_CONNECTIONS_PER_IP', 'limits.maxConnectionsPerIp', int],
  ['GATEWAY_IN_FLIGHT_BODY_LIMIT', 'limits.inFlightBodyBytes', int],
  ['GATEWAY_KEEP_ALIVE_TIMEOUT_MS', 'limits.keepAliveTimeoutMs', int],
  ['GATEWAY_MAX_HEADER_BYTES', 'limits.maxHeaderBytes', int],
  ['GATEWAY_I8', 'xmlrpc.i8', bool],
  ['GATEWAY_TIME_ZONE', 'keap.timeZone', str],
  ['GATEWAY_CURRENCY', 'keap.currency', str],
  ['GATEWAY_INVOICE_ID_OFFSET', 'keap.invoiceIdOffset', int],
  ['GATEWAY_PROMO_OUTCOME_MEMBERS', 'keap.promoOutcomeMembers', bool],
  ['INVOICERA_TOKENS', 'invoicera.tokens', list],
  ['GATEWAY_IDEMPOTENCY_TTL', 'idempotencyTtlSeconds', int],
  ['GATEWAY_DRAIN_MS', 'drainMs', int],
  ['GATEWAY_PROMOTIONS_FILE', 'promotionsFile', str],
  ['GATEWAY_SHIPPING_TAX_FILE', 'shippingTaxFile', str],
  ['GATEWAY_SMTP_URL', 'mail.smtpUrl', str],
  ['GATEWAY_MAIL_FROM', 'mail.from', str],
  ['GATEWAY_MAIL_POLL_MS', 'mail.pollMs', int],
  ['GATEWAY_MAIL_MAX_ATTEMPTS', 'mail.maxAttempts', int],
  ['GATEWAY_MAIL_RETRY_MS', 'mail.retryBaseMs', int],
  ['GATEWAY_BILLING_INTERVAL_MS', 'billing.intervalMs', int],
  ['GATEWAY_SELLER_NAME', 'documents.seller.name', str],
  ['GATEWAY_SELLER_ADDRESS', 'documents.seller.address', lines],
  ['GATEWAY_SELLER_EMAIL', 'documents.seller.email', str],
  ['GATEWAY_SELLER_PHONE', 'documents.seller.phone', str],
  ['GATEWAY_SELLER_TAX_ID', 'documents.seller.taxId', str],
  ['GATEWAY_DOCUMENT_LOCALE', 'documents.locale', str],
  ['GATEWAY_LINK_SECRET', 'documents.linkSecret', str],
  ['GATEWAY_LINK_TTL', 'documents.linkTtlSeconds', int],
  ['GATEWAY_PUBLIC_URL', 'documents.publicUrl', str],
  ['GATEWAY_CONSOLE_USERS', 'console.users', list],
  ['GATEWAY_CONSOLE_SECURE_COOKIE', 'console.secureCookie', bool],
  ['GATEWAY_CONSOLE_SECRET', 'console.sessionSecret', str],
  ['GATEWAY_CONSOLE_SESSION_TTL', 'console.sessionTtlSeconds', int],
];

/** Every variable that sets a config value, with its path (the docs' tables are checked against it). */
export const ENV_VARIABLES: ReadonlyArray<{ name: string; path: string }> = ENV.map(([name, path]) => ({ name, path }));
/** Variables read besides those: the extra JSON file, the credential files, the production switch. */
export const OTHER_VARIABLES = ['GATEWAY_CONFIG', 'GATEWAY_API_KEYS_FILE', 'INVOICERA_TOKENS_FILE', 'NODE_ENV'] as const;

function int(v: string, name: string): number {
  if (!/^-?\d+$/.test(v.trim())) throw new ConfigError(`${name} must be an integer, got "${v}"`);
  return Number(v.trim());
}
function str(v: string): string { return v; }
function list(v: string): string[] { return v.split(',').map((s) => s.trim()).filter(Boolean); }
/** Address lines: separated by newlines or " | ". */
function lines(v: string): string[] { return v.split(/\r?\n|\s\|\s/).map((s) => s.trim()).filter(Boolean); }
function bool(v: string, name: string): boolean {
  if (/^(1|true|yes|on)$/i.test(v)) return true;
  if (/^(0|false|no|off)$/i.test(v)) return false;
  throw new ConfigError(`${name} must be true or false, got "${v}"`);
}

function setPath(obj: Record<string, any>, path: string, value: unknown): void {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) o = o[k];
  o[keys[keys.length - 1]] = value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const base = JSON.parse(readFileSync(join(packageInfo().root, 'config', 'default.json'), 'utf8'));
  if (env.GATEWAY_CONFIG) {
    let extra: unknown;
    try { extra = JSON.parse(readFileSync(env.GATEWAY_CONFIG, 'utf8')); } catch (e) {
      throw new ConfigError(`GATEWAY_CONFIG: cannot read ${env.GATEWAY_CONFIG}: ${(e as Error).message}`);
    }
    if (!extra || typeof extra !== 'object' || Array.isArray(extra)) throw new ConfigError('GATEWAY_CONFIG: must hold a JSON object');
    deepMerge(base, extra as Record<string, unknown>, 'GATEWAY_CONFIG');
  }
  for (const [name, path, parse] of ENV) {
    const v = env[name];
    if (v !== undefined && v !== '') setPath(base, path, parse(v, name));
  }
  readSecretFiles(base as GatewayConfig, env);
  validate(base as GatewayConfig);
  checkCredentials(base as GatewayConfig, env);
  return base as GatewayConfig;
}

/**
 * Overlays a config file on the defaults. Only settings the defaults know are accepted: a typo is
 * reported, and a name like "__proto__" or "constructor" can never reach (and change) a prototype.
 */
function deepMerge(into: Record<string, any>, from: Record<string, any>, where: string): void {
  for (const [k, v] of Object.entries(from)) {
    if (!Object.hasOwn(into, k)) throw new ConfigError(`${where}: unknown setting "${k}"`);
    if (v && typeof v === 'object' && !Array.isArray(v) && into[k] && typeof into[k] === 'object') deepMerge(into[k], v, `${where}.${k}`);
    else into[k] = v;
  }
}

function validate(c: GatewayConfig): void {
  const fail = (name: string, why: string) => { throw new ConfigError(`${name}: ${why}`); };
  if (!Number.isInteger(c.port) || c.port < 0 || c.port > 65535) fail('PORT', `must be 0..65535, got ${c.port}`);
  if (!c.host) fail('HOST', 'must not be empty');
  if (!Array.isArray(c.apiKeys) || c.apiKeys.length === 0) fail('GATEWAY_API_KEYS', 'at least one API key is required');
  if (c.apiKeys.some((k) => typeof k !== 'string' || k.length < 8)) fail('GATEWAY_API_KEYS', 'each key must be at least 8 characters');
  if (!/^(memory|sqlite:.+|rediss?(-cluster)?:\/\/.+)$/.test(c.store)) fail('GATEWAY_STORE', `must be memory, sqlite:<path>, redis://host:port/db or redis-cluster://host:port[,host:port…], got "${c.store}"`);
  if (!LOG_LEVELS.includes(c.logLevel)) fail('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  for (const [k, v] of Object.entries(c.limits)) {
    if (!Number.isInteger(v) || v <= 0) fail(`limits.${k}`, `must be a positive integer, got ${v}`);
  }
  if (!Number.isInteger(c.keap.invoiceIdOffset) || c.keap.invoiceIdOffset < 0) fail('GATEWAY_INVOICE_ID_OFFSET', 'must be a non-negative integer');
  try { new Intl.DateTimeFormat('en-US', { timeZone: c.keap.timeZone }); } catch { fail('GATEWAY_TIME_ZONE', `unknown time zone "${c.keap.timeZone}"`); }
  if (!/^[A-Z]{3}$/.test(c.keap.currency)) fail('GATEWAY_CURRENCY', 'must be an ISO 4217 code such as USD');
  if (!Number.isInteger(c.idempotencyTtlSeconds) || c.idempotencyTtlSeconds <= 0) fail('GATEWAY_IDEMPOTENCY_TTL', 'must be a positive integer');
  if (!Number.isInteger(c.drainMs) || c.drainMs < 0) fail('GATEWAY_DRAIN_MS', `must be a non-negative integer, got ${c.drainMs}`);
  validateMail(c.mail, fail);
  if (!Number.isInteger(c.billing.intervalMs) || c.billing.intervalMs < 0) fail('GATEWAY_BILLING_INTERVAL_MS', `must be a non-negative integer (0 = off), got ${c.billing.intervalMs}`);
  validateDocuments(c.documents, fail);
  validateConsole(c.console, fail);
}

function validateDocuments(d: DocumentsConfig, fail: (name: string, why: string) => never): void {
  try { new Intl.NumberFormat(d.locale); } catch { fail('GATEWAY_DOCUMENT_LOCALE', `unknown locale "${d.locale}"`); }
  if (d.linkSecret && d.linkSecret.length < 16) fail('GATEWAY_LINK_SECRET', 'must be at least 16 characters');
  if (!Number.isInteger(d.linkTtlSeconds) || d.linkTtlSeconds <= 0) fail('GATEWAY_LINK_TTL', 'must be a positive number of seconds');
  if (d.publicUrl && !/^https?:\/\/[^\s/]+(\/\S*)?$/.test(d.publicUrl)) fail('GATEWAY_PUBLIC_URL', `must be an http(s) URL, got "${d.publicUrl}"`);
}

function validateConsole(c: ConsoleConfig, fail: (name: string, why: string) => never): void {
  for (const u of c.users) {
    if (!/^[A-Za-z0-9._@-]{1,64}:scrypt\$[0-9a-f]{16,128}\$[0-9a-f]{32,256}$/.test(u)) fail('GATEWAY_CONSOLE_USERS', 'each entry must be user:scrypt$<salt hex>$<hash hex> (see docs/console.md)');
  }
  if (c.sessionSecret && c.sessionSecret.length < 16) fail('GATEWAY_CONSOLE_SECRET', 'must be at least 16 characters');
  if (!Number.isInteger(c.sessionTtlSeconds) || c.sessionTtlSeconds <= 0) fail('GATEWAY_CONSOLE_SESSION_TTL', 'must be a positive number of seconds');
}

function validateMail(m: MailConfig, fail: (name: string, why: string) => never): void {
  const positive: Array<[string, number]> = [['GATEWAY_MAIL_POLL_MS', m.pollMs], ['GATEWAY_MAIL_MAX_ATTEMPTS', m.maxAttempts], ['GATEWAY_MAIL_RETRY_MS', m.retryBaseMs]];
  for (const [name, v] of positive) if (!Number.isInteger(v) || v <= 0) fail(name, `must be a positive integer, got ${v}`);
  if (!m.smtpUrl) return;
  let url: URL | undefined;
  try { url = new URL(m.smtpUrl); } catch { /* reported below */ }
  if (!url || !['smtp:', 'smtps:'].includes(url.protocol) || !url.hostname) fail('GATEWAY_SMTP_URL', 'must be smtp://[user:pass@]host[:port] or smtps://…');
  if (!/^[^@\s<>]+@[^@\s<>]+$/.test(m.from.replace(/^.*<(.*)>\s*$/, '$1').trim())) fail('GATEWAY_MAIL_FROM', `must be an email address (needed with GATEWAY_SMTP_URL), got "${m.from}"`);
}
