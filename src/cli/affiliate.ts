// `keap-gateway affiliate <command>`: affiliates (the same rules as DataService.add('Affiliate')),
// the payouts and redirect links the affiliate reports show, and the clawback of an invoice
// refunded outside the gateway (the gateway has no refund call).
import type { AffiliateBook } from '../affiliates/book.js';
import type { AffiliateRecord } from '../affiliates/records.js';
import type { Flags } from './promo-flags.js';
import { UsageError } from './output.js';
import { JSON_OUT, listCommand, printRecord, type AdminCommand, type RecordPrinter } from './command.js';

export type AffiliateCommand = AdminCommand<AffiliateBook>;

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

function id(text: string, what: string): number {
  const n = Number(text);
  if (!/^\d{1,15}$/.test(text) || !Number.isSafeInteger(n) || n <= 0) throw new UsageError(`${what} must be a positive id, got "${text}"`);
  return n;
}

/** Only the flags given become fields (the rest keep their defaults). */
function rates(flags: Flags): Record<string, unknown> {
  const map: Record<string, string> = {
    code: 'AffCode', name: 'AffName', 'sale-percent': 'SalePercent', 'sale-amount': 'SaleAmt',
    'lead-percent': 'LeadPercent', 'lead-amount': 'LeadAmt', parent: 'ParentId',
  };
  const out: Record<string, unknown> = {};
  for (const [flag, field] of Object.entries(map)) if (str(flags[flag]) !== undefined) out[field] = field === 'ParentId' ? id(str(flags[flag])!, '--parent') : flags[flag];
  return out;
}

const AFFILIATE: RecordPrinter<AffiliateRecord> = {
  line: (a) => `#${a.id}  contact ${a.ContactId}  ${a.AffCode ?? ''}  sale ${a.SalePercent ?? '0'}% + ${a.SaleAmt ?? '0.00'}  lead ${a.LeadPercent ?? '0'}% + ${a.LeadAmt ?? '0.00'}`,
  json: (a) => ({
    id: a.id, contactId: a.ContactId, code: a.AffCode, name: a.AffName, status: a.Status,
    salePercent: a.SalePercent, saleAmount: a.SaleAmt, leadPercent: a.LeadPercent, leadAmount: a.LeadAmt,
  }),
};

export const AFFILIATE_COMMANDS: Record<string, AffiliateCommand> = {
  add: {
    description: 'make a contact an affiliate with its commission rates (percent of the commissionable amount plus a flat amount)',
    args: ['<contactId>'],
    options: [
      { flags: '--code <code>', description: 'affiliate code (unique)' },
      { flags: '--name <name>', description: 'affiliate name' },
      { flags: '--sale-percent <pct>', description: 'percent earned as the sale affiliate' },
      { flags: '--sale-amount <amount>', description: 'flat amount earned as the sale affiliate' },
      { flags: '--lead-percent <pct>', description: 'percent earned as the lead affiliate' },
      { flags: '--lead-amount <amount>', description: 'flat amount earned as the lead affiliate' },
      { flags: '--parent <affiliateId>', description: 'parent affiliate' },
      JSON_OUT,
    ],
    async run(book, flags, args, out) {
      const a = await book.add({ ContactId: id(args[0], 'contactId'), ...rates(flags) });
      printRecord(out, AFFILIATE, 'added affiliate ', a);
    },
  },
  list: listCommand('list the affiliates', AFFILIATE, 'no affiliates', (book) => book.list()),
  payout: {
    description: 'record a payment made to an affiliate (affPayouts; lowers its running balance)',
    args: ['<affiliateId>', '<amount>'],
    options: [
      { flags: '--date <date>', description: 'when it was paid (YYYY-MM-DD or ISO-8601; default now)' },
      { flags: '--type <type>', description: 'how it was paid (default Check)' },
      { flags: '--note <text>', description: 'a note' },
      JSON_OUT,
    ],
    async run(book, flags, args, out) {
      const p = await book.payout({ affiliateId: id(args[0], 'affiliateId'), amount: args[1], date: str(flags.date), type: str(flags.type), note: str(flags.note) });
      out.result(p, `payout #${p.id}: ${p.PayAmt} to affiliate ${p.AffiliateId} on ${p.PayDate}`);
    },
  },
  link: {
    description: 'add a redirect link of an affiliate (getRedirectLinksForAffiliate)',
    args: ['<affiliateId>', '<url>'],
    options: [{ flags: '--name <name>', description: 'link name' }, { flags: '--code <code>', description: 'local URL code' }, JSON_OUT],
    async run(book, flags, args, out) {
      const l = await book.addRedirect({ affiliateId: id(args[0], 'affiliateId'), url: args[1], name: str(flags.name) ?? '', code: str(flags.code) });
      out.result(l, `link #${l.id} of affiliate ${l.AffiliateId}: ${l.RedirectUrl}`);
    },
  },
  clawback: {
    description: "take back an invoice's commissions (an invoice refunded outside the gateway)",
    args: ['<invoiceId>'],
    options: [{ flags: '--reason <text>', description: 'why (default "refunded")' }, JSON_OUT],
    async run(book, flags, args, out) {
      const n = await book.clawBack(id(args[0], 'invoiceId'), str(flags.reason) ?? '');
      out.result({ invoiceId: Number(args[0]), clawedBack: n }, `${n} commission(s) of invoice ${args[0]} clawed back`);
    },
  },
};
