// The client's link to an invoice document: no login, a signature and an expiry in the query.
//   /invoices/{id}.html?exp={unix seconds}&sig={hex HMAC-SHA256(secret, "invoice:{id}:{exp}")}
// The same exp+sig opens the .pdf. Checked in constant time; an expired or altered link is refused.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface LinkSigner {
  /** Query string "exp=…&sig=…" valid until now + ttl. */
  sign(invoiceId: number, now: Date): string;
  verify(invoiceId: number, exp: unknown, sig: unknown, now: Date): 'valid' | 'expired' | 'invalid';
}

export function linkSigner(secret: string, ttlSeconds: number): LinkSigner {
  const mac = (id: number, exp: number) => createHmac('sha256', secret).update(`invoice:${id}:${exp}`).digest();
  return {
    sign(id, now) {
      const exp = Math.floor(now.getTime() / 1000) + ttlSeconds;
      return `exp=${exp}&sig=${mac(id, exp).toString('hex')}`;
    },
    verify(id, exp, sig, now) {
      if (typeof exp !== 'string' || !/^\d{1,12}$/.test(exp) || typeof sig !== 'string' || !/^[0-9a-f]{64}$/.test(sig)) return 'invalid';
      const expiry = Number(exp);
      if (!timingSafeEqual(mac(id, expiry), Buffer.from(sig, 'hex'))) return 'invalid';
      return expiry * 1000 < now.getTime() ? 'expired' : 'valid';
    },
  };
}
