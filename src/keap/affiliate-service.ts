// APIAffiliateService (the five reports) and AffiliateService.getRedirectLinksForAffiliate, over the
// ledger in src/affiliates (docs/affiliates.md). Member names and XML types follow the archived
// docs' samples (affRunningTotals, affSummary) and Keap's commission report fields; amounts are
// <double>, dates Keap wall-clock dateTime, every row charged to the request's budget.
import type { CallContext, MethodSpec } from '../xmlrpc/handler.js';
import { struct, XmlDouble, type XmlRpcStruct, type XmlRpcValue } from '../xmlrpc/types.js';
import { toDateTime, toInt, toIntArray } from '../xmlrpc/coerce.js';
import type { Big } from '../money/money.js';
import type { ClawbackRecord, CommissionRecord } from '../affiliates/records.js';
import { clawbacksIn, commissionsIn, payoutsIn, redirectsOf, totalsOf, type Range } from '../affiliates/reports.js';
import { fromKeapDateTime, toKeapDateTime } from './dates.js';
import { faults } from './faults.js';
import { toMethodSpecs, type KeapMethod } from './method-table.js';
import type { KeapDeps } from './deps.js';

/** Like an Id IN list (keap-xmlrpc.md §4.2): at most this many affiliates per call. */
const MAX_AFFILIATES = 1000;

const money = (b: Big) => new XmlDouble(b.toFixed(2));
const amount = (text: string) => new XmlDouble(text);

function range(deps: KeapDeps, start: XmlRpcValue, end: XmlRpcValue): Range {
  const tz = deps.config.timeZone;
  const r = { start: fromKeapDateTime(toDateTime(start, 'filterStartDate'), tz), end: fromKeapDateTime(toDateTime(end, 'filterEndDate'), tz) };
  if (r.start > r.end) throw faults.invalidParameter('filterStartDate is after filterEndDate');
  return r;
}

function affiliateIds(v: XmlRpcValue): number[] {
  const ids = toIntArray(Array.isArray(v) ? v : [v], 'affiliateIds');
  if (ids.length > MAX_AFFILIATES) throw faults.invalidParameter(`affiliateIds holds at most ${MAX_AFFILIATES} ids, got ${ids.length}`);
  return [...new Set(ids)];
}

/** Stored records a report reads count against the request's budget like rows a query examines. */
const meter = (ctx: CallContext) => (n: number) => ctx.state.budget.examine(n);

async function delivered(rows: XmlRpcStruct[], ctx: CallContext): Promise<XmlRpcValue[]> {
  for (const s of rows) {
    ctx.state.budget.deliver(s);
    await ctx.state.budget.pace();
  }
  return rows;
}

/** A commission (or clawback) row as Keap's commission report shows it. */
function commissionStruct(c: CommissionRecord | ClawbackRecord, tz: string): XmlRpcStruct {
  return struct({
    AffiliateId: c.AffiliateId, AmtEarned: amount(c.Amount), ContactFirstName: c.ContactFirstName, ContactId: c.ContactId,
    ContactLastName: c.ContactLastName, DateEarned: toKeapDateTime(c.DateEarned, tz), Description: c.Description,
    InvoiceId: c.InvoiceId, ProductName: c.ProductName, SaleAffId: c.SaleAffId,
    SoldByFirstName: c.SoldByFirstName, SoldByLastName: c.SoldByLastName,
  });
}

const RANGE_PARAMS = ['affiliateId', 'filterStartDate', 'filterEndDate'];

/** affCommissions and affClawbacks: the same row shape over two ledgers. */
function commissionReport(rows: typeof commissionsIn | typeof clawbacksIn, help: string): KeapMethod {
  return {
    params: RANGE_PARAMS, returns: 'array', help,
    async run(deps, a, ctx) {
      const found = await rows(deps.store, toInt(a[0], 'affiliateId'), range(deps, a[1], a[2]), meter(ctx));
      return delivered(found.map((c) => commissionStruct(c, deps.config.timeZone)), ctx);
    },
  };
}

const REPORTS: Record<string, KeapMethod> = {
  affCommissions: commissionReport(commissionsIn,
    'commissions earned in the range: AffiliateId, AmtEarned, ContactId, ContactFirstName, ContactLastName, DateEarned, Description, InvoiceId, ProductName, SaleAffId, SoldByFirstName, SoldByLastName'),
  affClawbacks: commissionReport(clawbacksIn,
    'commissions taken back in the range (deleted or refunded invoices), as affCommissions rows; AmtEarned is the amount taken back, DateEarned when'),
  affPayouts: {
    params: RANGE_PARAMS, returns: 'array',
    help: 'payments made to the affiliate in the range: AffiliateId, PayAmt, PayDate, PayType, PayNote',
    async run(deps, a, ctx) {
      const id = toInt(a[0], 'affiliateId');
      const rows = await payoutsIn(deps.store, id, range(deps, a[1], a[2]), meter(ctx));
      return delivered(rows.map((p) => struct({
        AffiliateId: p.AffiliateId, PayAmt: amount(p.PayAmt), PayDate: toKeapDateTime(p.PayDate, deps.config.timeZone), PayType: p.PayType, PayNote: p.PayNote,
      })), ctx);
    },
  },
  affRunningTotals: {
    params: ['affiliateIds'], returns: 'array',
    help: 'per affiliate, ever: AffiliateId, AmountEarned, Clawbacks, Payments, RunningBalance (= earned − clawbacks − payments)',
    async run(deps, a, ctx) {
      const rows: XmlRpcStruct[] = [];
      for (const id of affiliateIds(a[0])) {
        const t = await totalsOf(deps.store, id, undefined, meter(ctx));
        rows.push(struct({ AffiliateId: id, AmountEarned: money(t.earned), Clawbacks: money(t.clawbacks), Payments: money(t.payments), RunningBalance: money(t.balance) }));
      }
      return delivered(rows, ctx);
    },
  },
  affSummary: {
    params: ['affiliateIds', 'filterStartDate', 'filterEndDate'], returns: 'array',
    help: 'per affiliate, in the range: AffiliateId, AmountEarned, Clawbacks, Balance (= earned − clawbacks − payouts in the range)',
    async run(deps, a, ctx) {
      const ids = affiliateIds(a[0]);
      const r = range(deps, a[1], a[2]);
      const rows: XmlRpcStruct[] = [];
      for (const id of ids) {
        const t = await totalsOf(deps.store, id, r, meter(ctx));
        rows.push(struct({ AffiliateId: id, AmountEarned: money(t.earned), Clawbacks: money(t.clawbacks), Balance: money(t.balance) }));
      }
      return delivered(rows, ctx);
    },
  },
};

const LINKS: Record<string, KeapMethod> = {
  getRedirectLinksForAffiliate: {
    params: ['affiliateId'], returns: 'array',
    help: 'the affiliate\'s redirect links (`keap-gateway affiliate link`): Id, AffiliateId, Name, LocalUrlCode, RedirectUrl',
    async run(deps, a, ctx) {
      const links = await redirectsOf(deps.store, toInt(a[0], 'affiliateId'), meter(ctx));
      return delivered(links.map((l) => struct({ Id: l.id, AffiliateId: l.AffiliateId, Name: l.Name, LocalUrlCode: l.LocalUrlCode, RedirectUrl: l.RedirectUrl })), ctx);
    },
  },
};

export function affiliateServiceMethods(deps: KeapDeps): MethodSpec[] {
  return [...toMethodSpecs('APIAffiliateService', REPORTS, deps), ...toMethodSpecs('AffiliateService', LINKS, deps)];
}
