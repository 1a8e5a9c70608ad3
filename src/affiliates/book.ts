// AffiliateBook: affiliates (Keap's Affiliate table), their payouts and redirect links, and the
// operator's clawback for a refund made outside the gateway. DataService and the CLI both write
// affiliates through prepareAffiliate, so the same rules hold whichever door is used.
import type { Store, Tx } from '../store/port.js';
import { invalid, notFound, quoted } from '../errors.js';
import { formatMoney } from '../money/money.js';
import { hashCredential, keapPasswordHash } from '../services/users.js';
import { checkAmount, checkPercent, CommissionLedger, requireAffiliate } from './ledger.js';
import {
  ACTIVE, AFFILIATE, PAYOUT, PAYOUT_TYPE, REDIRECT,
  type AffiliateRecord, type PayoutRecord, type RedirectRecord,
} from './records.js';

const CLIENT = 'Client';
const INVOICE = 'Invoice';
const MAX_TEXT = 255;
const PERCENTS = ['LeadPercent', 'SalePercent'] as const;
const AMOUNTS = ['LeadAmt', 'SaleAmt'] as const;

/**
 * Affiliate values (Keap field names, as DataService parsed them) → the record to store. ContactId
 * must be an existing contact, ParentId an existing other affiliate; percents 0–100, amounts ≥ 0;
 * Password is kept only as a salted scrypt of its MD5 (it is write-only). New affiliates are
 * active (Status 1) and earn on customer payment (PayoutType 5) unless told otherwise.
 */
export async function prepareAffiliate(tx: Tx, values: Record<string, unknown>, currency: string, existing?: AffiliateRecord): Promise<Omit<AffiliateRecord, 'id'>> {
  const { Password, ...rest } = values;
  const next: Record<string, unknown> = existing ? { ...existing, ...rest } : { Status: ACTIVE, PayoutType: PAYOUT_TYPE.onPayment, ...rest };
  const contactId = Number(next.ContactId ?? 0);
  if (!Number.isSafeInteger(contactId) || contactId <= 0) throw invalid('ContactId is required: the contact who is the affiliate', 'ContactId');
  if (!(await tx.get(CLIENT, contactId))) throw notFound(`Contact ${contactId} was not found`, 'ContactId');
  const parent = Number(next.ParentId ?? 0);
  if (parent) {
    if (parent === existing?.id) throw invalid('ParentId cannot be the affiliate itself', 'ParentId');
    await requireAffiliate(tx, parent);
  }
  for (const f of PERCENTS) if (next[f] !== undefined) next[f] = checkPercent(String(next[f]), f).toString();
  for (const f of AMOUNTS) if (next[f] !== undefined) next[f] = formatMoney(checkAmount(String(next[f]), currency, f), currency);
  for (const f of ['AffName', 'AffCode'] as const) {
    if (typeof next[f] === 'string' && (next[f] as string).length > MAX_TEXT) throw invalid(`${f} is longer than ${MAX_TEXT} characters`, f);
  }
  if (typeof next.AffCode === 'string') next.AffCode = next.AffCode.trim();
  if (Password !== undefined) {
    const pw = String(Password);
    if (pw.length > MAX_TEXT) throw invalid(`Password is longer than ${MAX_TEXT} characters`, 'Password');
    next.passwordHash = await hashCredential(keapPasswordHash(pw));
  }
  delete next.id;
  return next as Omit<AffiliateRecord, 'id'>;
}

export interface PayoutInput { affiliateId: number; amount: string; date?: string; type?: string; note?: string }
export interface RedirectInput { affiliateId: number; name: string; url: string; code?: string }

export class AffiliateBook {
  private readonly ledger: CommissionLedger;

  constructor(private readonly store: Store, private readonly opts: { currency: string; now: () => Date }) {
    this.ledger = new CommissionLedger(opts.now);
  }

  add(values: Record<string, unknown>): Promise<AffiliateRecord> {
    return this.store.transact(async (tx) => {
      const rec = { ...(await prepareAffiliate(tx, values, this.opts.currency)), id: await tx.nextId(AFFILIATE) } as AffiliateRecord;
      tx.put(AFFILIATE, rec);
      return rec;
    });
  }

  async list(): Promise<AffiliateRecord[]> {
    return (await this.store.list<AffiliateRecord>(AFFILIATE)).records;
  }

  /** A payment made to the affiliate (affPayouts); reduces its running balance. */
  payout(input: PayoutInput): Promise<PayoutRecord> {
    return this.store.transact(async (tx) => {
      await requireAffiliate(tx, input.affiliateId);
      const amount = checkAmount(input.amount, this.opts.currency, 'amount');
      if (amount.lte(0)) throw invalid('a payout amount must be greater than 0', 'amount');
      const date = input.date?.trim() ? isoDate(input.date) : this.opts.now().toISOString();
      const rec: PayoutRecord = {
        id: await tx.nextId(PAYOUT), AffiliateId: input.affiliateId, PayAmt: formatMoney(amount, this.opts.currency),
        PayDate: date, PayType: text(input.type, 'type') || 'Check', PayNote: text(input.note, 'note'),
      };
      tx.put(PAYOUT, rec);
      return rec;
    });
  }

  /** A redirect link of the affiliate (getRedirectLinksForAffiliate). */
  addRedirect(input: RedirectInput): Promise<RedirectRecord> {
    return this.store.transact(async (tx) => {
      await requireAffiliate(tx, input.affiliateId);
      const url = input.url.trim();
      if (!/^https?:\/\/[^\s]+$/i.test(url) || url.length > 2048) throw invalid(`redirect URL must be an http(s) URL: ${quoted(url)}`, 'url');
      const rec: RedirectRecord = {
        id: await tx.nextId(REDIRECT), AffiliateId: input.affiliateId, Name: text(input.name, 'name'),
        LocalUrlCode: text(input.code, 'code'), RedirectUrl: url,
      };
      tx.put(REDIRECT, rec);
      return rec;
    });
  }

  /** An invoice refunded outside the gateway: its commissions are taken back. Returns how many. */
  clawBack(invoiceId: number, reason: string): Promise<number> {
    return this.store.transact(async (tx) => {
      if (!(await tx.get(INVOICE, invoiceId))) throw notFound(`Invoice ${invoiceId} was not found`, 'invoiceId');
      return this.ledger.clawBack(tx, invoiceId, text(reason, 'reason') || 'refunded');
    });
  }
}

function text(v: string | undefined, field: string): string {
  const t = (v ?? '').trim();
  if (t.length > MAX_TEXT) throw invalid(`${field} is longer than ${MAX_TEXT} characters`, field);
  return t;
}

function isoDate(v: string): string {
  const t = Date.parse(v.trim());
  if (!/^\d{4}-\d{2}-\d{2}/.test(v.trim()) || Number.isNaN(t)) throw invalid(`date must be YYYY-MM-DD or an ISO-8601 time: ${quoted(v)}`, 'date');
  return new Date(t).toISOString();
}
