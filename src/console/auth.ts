// Console credentials and sessions. Users: GATEWAY_CONSOLE_USERS = "name:scrypt$<salt hex>$<hash hex>,…"
// (hashPassword below makes an entry). A session is a signed cookie, no server state, so several
// gateway instances with the same GATEWAY_CONSOLE_SECRET share sessions:
//   gw_console = <user>.<exp unix s>.<nonce hex>.<hex HMAC-SHA256(secret, "session:user:exp:nonce")>
// Its CSRF token is HMAC(secret, "csrf:nonce"); every POST carries it in the _csrf field. The
// login form gets the same protection from a short-lived pre-session nonce cookie.
import { createHmac, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

export interface ConsoleUser { name: string; salt: Buffer; hash: Buffer }

export function parseUsers(entries: readonly string[]): Map<string, ConsoleUser> {
  const users = new Map<string, ConsoleUser>();
  for (const e of entries) {
    const m = /^([^:]+):scrypt\$([0-9a-f]+)\$([0-9a-f]+)$/.exec(e);
    if (m) users.set(m[1], { name: m[1], salt: Buffer.from(m[2], 'hex'), hash: Buffer.from(m[3], 'hex') });
  }
  return users;
}

/** A GATEWAY_CONSOLE_USERS entry for `name` with `password` (scrypt N=16384, r=8, p=1, 16-byte salt, 32-byte key). */
export async function hashPassword(name: string, password: string): Promise<string> {
  const salt = randomBytes(16);
  return `${name}:scrypt$${salt.toString('hex')}$${(await scrypt(password, salt, 32)).toString('hex')}`;
}

const DUMMY: ConsoleUser = { name: '', salt: Buffer.alloc(16), hash: Buffer.alloc(32) };

/** Constant work whether or not the user exists (an unknown name still costs one scrypt). */
export async function checkPassword(users: Map<string, ConsoleUser>, name: string, password: string): Promise<boolean> {
  const user = users.get(name) ?? DUMMY;
  const got = await scrypt(password.slice(0, 1024), user.salt, user.hash.length);
  return timingSafeEqual(got, user.hash) && user !== DUMMY;
}

export interface Session { user: string; nonce: string; exp: number }

const HEX = /^[0-9a-f]+$/;

export class SessionKeys {
  private readonly secret: Buffer;

  constructor(secret: string, private readonly ttlSeconds: number) {
    // Without a configured secret, sessions last as long as this process (documented).
    this.secret = secret ? Buffer.from(secret, 'utf8') : randomBytes(32);
  }

  private mac(text: string): string { return createHmac('sha256', this.secret).update(text).digest('hex'); }

  private same(a: string, b: string): boolean {
    return a.length === b.length && HEX.test(a) && timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));
  }

  issue(user: string, now: Date): { cookie: string; session: Session } {
    const nonce = randomBytes(16).toString('hex');
    const exp = Math.floor(now.getTime() / 1000) + this.ttlSeconds;
    return { cookie: `${user}.${exp}.${nonce}.${this.mac(`session:${user}:${exp}:${nonce}`)}`, session: { user, nonce, exp } };
  }

  read(cookie: string | undefined, now: Date): Session | undefined {
    const m = /^([A-Za-z0-9_@-][A-Za-z0-9._@-]{0,63})\.(\d{1,12})\.([0-9a-f]{32})\.([0-9a-f]{64})$/.exec(cookie ?? '');
    if (!m) return undefined;
    const [, user, exp, nonce, mac] = m;
    if (!this.same(mac, this.mac(`session:${user}:${exp}:${nonce}`))) return undefined;
    if (Number(exp) * 1000 < now.getTime()) return undefined;
    return { user, nonce, exp: Number(exp) };
  }

  get ttl(): number { return this.ttlSeconds; }

  newNonce(): string { return randomBytes(16).toString('hex'); }

  csrf(nonce: string): string { return this.mac(`csrf:${nonce}`); }

  checkCsrf(nonce: string | undefined, token: unknown): boolean {
    return !!nonce && typeof token === 'string' && this.same(token, this.csrf(nonce));
  }
}

/**
 * Failed logins per client address and per user name: after `max` failures within `windowMs`
 * further attempts are refused until the window passes. Bounded: at most `maxKeys` keys are kept.
 */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly max = 5, private readonly windowMs = 15 * 60_000, private readonly maxKeys = 10_000) {}

  /** Seconds to wait before another attempt, or 0. */
  retryAfter(keys: string[], nowMs: number): number {
    let wait = 0;
    for (const k of keys) {
      const recent = (this.failures.get(k) ?? []).filter((t) => t > nowMs - this.windowMs);
      if (recent.length >= this.max) wait = Math.max(wait, Math.ceil((recent[0] + this.windowMs - nowMs) / 1000));
    }
    return wait;
  }

  fail(keys: string[], nowMs: number): void {
    for (const k of keys) {
      const recent = (this.failures.get(k) ?? []).filter((t) => t > nowMs - this.windowMs);
      recent.push(nowMs);
      this.failures.delete(k);
      this.failures.set(k, recent.slice(-this.max));
      if (this.failures.size > this.maxKeys) this.failures.delete(this.failures.keys().next().value!);
    }
  }

  succeed(keys: string[]): void { for (const k of keys) this.failures.delete(k); }
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const part of (header ?? '').split(';').slice(0, 50)) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    try { out[name] = decodeURIComponent(value); } catch { /* ignore a malformed cookie */ }
  }
  return out;
}
