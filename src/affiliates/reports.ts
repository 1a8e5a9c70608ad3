// The affiliate reports over the ledger (APIAffiliateService): rows in a date range and totals.
// Reads go through the AffiliateId index; a range is inclusive at both ends.
import type { ReadOps } from '../store/port.js';
import { Big, sum } from '../money/money.js';
import { notFound } from '../errors.js';
import {
  AFFILIATE, CLAWBACK, COMMISSION, PAYOUT, REDIRECT,
  type ClawbackRecord, type CommissionRecord, type PayoutRecord, type RedirectRecord,
} from './records.js';

export interface Range { start: Date; end: Date }
/** Told how many stored records a report read (the request's work budget counts them). */
export type ReadMeter = (records: number) => void;
const unmetered: ReadMeter = () => undefined;

async function read<T extends { id: number }>(db: ReadOps, collection: string, affiliateId: number, meter: ReadMeter): Promise<T[]> {
  const rows = await db.findBy<T & { id: number }>(collection, 'AffiliateId', affiliateId);
  meter(rows.length);
  return rows;
}

const within = (iso: string, r: Range) => {
  const t = Date.parse(iso);
  return t >= r.start.getTime() && t <= r.end.getTime();
};
const byDate = <T extends { id: number }>(date: (x: T) => string) => (a: T, b: T) => Date.parse(date(a)) - Date.parse(date(b)) || a.id - b.id;

export async function commissionsIn(db: ReadOps, affiliateId: number, r: Range, meter = unmetered): Promise<CommissionRecord[]> {
  await requireKnown(db, affiliateId);
  return (await read<CommissionRecord>(db, COMMISSION, affiliateId, meter)).filter((c) => within(c.DateEarned, r)).sort(byDate((c) => c.DateEarned));
}

export async function clawbacksIn(db: ReadOps, affiliateId: number, r: Range, meter = unmetered): Promise<ClawbackRecord[]> {
  await requireKnown(db, affiliateId);
  return (await read<ClawbackRecord>(db, CLAWBACK, affiliateId, meter)).filter((c) => within(c.DateEarned, r)).sort(byDate((c) => c.DateEarned));
}

export async function payoutsIn(db: ReadOps, affiliateId: number, r: Range, meter = unmetered): Promise<PayoutRecord[]> {
  await requireKnown(db, affiliateId);
  return (await read<PayoutRecord>(db, PAYOUT, affiliateId, meter)).filter((p) => within(p.PayDate, r)).sort(byDate((p) => p.PayDate));
}

export async function redirectsOf(db: ReadOps, affiliateId: number, meter = unmetered): Promise<RedirectRecord[]> {
  await requireKnown(db, affiliateId);
  return read<RedirectRecord>(db, REDIRECT, affiliateId, meter);
}

export interface AffiliateTotals { affiliateId: number; earned: Big; clawbacks: Big; payments: Big; balance: Big }

/**
 * Earned, clawed back and paid out, in the range or (no range) ever; balance = earned − clawbacks −
 * payments. A commission later clawed back still counts as earned; its clawback counts separately.
 */
export async function totalsOf(db: ReadOps, affiliateId: number, r?: Range, meter = unmetered): Promise<AffiliateTotals> {
  const all: Range = r ?? { start: new Date(-8.64e15), end: new Date(8.64e15) };
  const earned = sum((await commissionsIn(db, affiliateId, all, meter)).map((c) => new Big(c.Amount)));
  const clawbacks = sum((await clawbacksIn(db, affiliateId, all, meter)).map((c) => new Big(c.Amount)));
  const payments = sum((await payoutsIn(db, affiliateId, all, meter)).map((p) => new Big(p.PayAmt)));
  return { affiliateId, earned, clawbacks, payments, balance: earned.minus(clawbacks).minus(payments) };
}

/** An affiliate id that names no affiliate (and never earned) is a typo: fault 5, not zeros. */
async function requireKnown(db: ReadOps, affiliateId: number): Promise<void> {
  if (await db.get(AFFILIATE, affiliateId)) return;
  if ((await db.findBy(COMMISSION, 'AffiliateId', affiliateId)).length > 0) return; // deleted, with history
  throw notFound(`Affiliate ${affiliateId} was not found`, 'affiliateId');
}
