// Affiliate and Referral (keap-xmlrpc.md §4.3; Affiliate's letters from the typed field-access
// lists: EDAR, Id read-only). Writes go through src/affiliates (prepareAffiliate), so DataService
// and `keap-gateway affiliate add` apply the same rules. Password is write-only here (Keap serves
// it back; we keep only a salted hash of it, so reading it is fault 8).
import { prepareAffiliate } from '../../affiliates/book.js';
import { requireAffiliate } from '../../affiliates/ledger.js';
import { AFFILIATE, REFERRAL, type AffiliateRecord } from '../../affiliates/records.js';
import { faults } from '../faults.js';
import { CONTACT_TABLE } from './contact.js';
import { nativeSource } from './native.js';
import { defineTable, type TableDef, type TableSource } from './types.js';

function affiliateSource(): TableSource {
  // AffCode is unique in the store, but queried like any text (case-insensitive), so not as an index here.
  const native = nativeSource(AFFILIATE, { indexed: ['ContactId'] });
  return {
    ...native,
    async insert(deps, tx, values) {
      const id = await tx.nextId(AFFILIATE);
      tx.put(AFFILIATE, { ...(await prepareAffiliate(tx, values, deps.config.currency)), id });
      return id;
    },
    async update(deps, tx, id, values) {
      const existing = await tx.get<AffiliateRecord>(AFFILIATE, id);
      if (!existing) throw faults.recordNotFound(AFFILIATE, id);
      tx.put(AFFILIATE, { ...(await prepareAffiliate(tx, values, deps.config.currency, existing)), id });
    },
  };
}

/** A referral names an existing contact and affiliate; DateSet defaults to now. */
function referralSource(): TableSource {
  const native = nativeSource(REFERRAL, { indexed: ['ContactId', 'AffiliateId'] });
  return {
    ...native,
    async insert(deps, tx, values) {
      const contactId = Number(values.ContactId ?? 0);
      if (!contactId || !(await CONTACT_TABLE.source.get(deps, tx, contactId))) throw faults.recordNotFound('Contact', contactId);
      await requireAffiliate(tx, Number(values.AffiliateId ?? 0));
      return native.insert!(deps, tx, { DateSet: deps.now().toISOString(), ...values });
    },
    update: undefined,
    remove: undefined,
  };
}

const S = 'String';
const D = 'Double';
export const AFFILIATE_TABLES: TableDef[] = [
  defineTable(AFFILIATE, 'EDAR', {
    Id: 'Int', ContactId: 'Int', ParentId: 'Int', LeadAmt: D, LeadPercent: D, SaleAmt: D, SalePercent: D,
    PayoutType: 'Int', DefCommissionType: 'Int', Status: 'Int', AffName: S, Password: 'String:EA', AffCode: S,
    NotifyLead: 'Int', NotifySale: 'Int', LeadCookieFor: 'Int',
  }, affiliateSource()),
  defineTable(REFERRAL, 'AR', {
    Id: 'Int', ContactId: 'Int', AffiliateId: 'Int', DateSet: 'Date', DateExpires: 'Date', IPAddress: S,
    Source: S, Info: S, Type: 'Int',
  }, referralSource()),
];
