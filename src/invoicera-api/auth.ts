// HTTP Basic auth, Invoicera style: the API token is the user name, the password is ignored.
// Tokens are compared in constant time (hash both sides to equal length, then timingSafeEqual).
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** The token in an Authorization header, or undefined when absent or not Basic. */
export function basicUser(header: string | undefined): string | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? decoded : decoded.slice(0, colon);
}

/** True when `token` equals one of `tokens`; every token is compared, so timing says nothing. */
export function tokenAccepted(token: string | undefined, tokens: string[]): boolean {
  if (!token) return false;
  const given = digest(token);
  let ok = false;
  for (const t of tokens) ok = timingSafeEqual(given, digest(t)) || ok;
  return ok;
}
