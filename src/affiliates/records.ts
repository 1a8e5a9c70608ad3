// The affiliate program's stored shapes (src/affiliates owns them). Affiliate and Referral keep
// Keap's field names because DataService serves them as tables; the ledger's records (commissions,
// clawbacks, payouts, overrides) are read only through APIAffiliateService reports and the CLI.
// Amounts are decimal text in the invoice's currency; dates ISO-8601 UTC.
import type { StoredRecord } from '../store/port.js';

export const AFFILIATE = 'Affiliate';
export const REFERRAL = 'Referral';
export const COMMISSION = 'AffCommission';
export const CLAWBACK = 'AffClawback';
export const PAYOUT = 'AffPayout';
export const REDIRECT = 'AffRedirect';
export const ORDER_OVERRIDE = 'CommissionOverride';
export const RECURRING_OVERRIDE = 'RecurringCommissionOverride';
/** One per invoice whose commissions were recorded (id = invoice id): accrual happens once. */
export const ACCRUAL = 'CommissionAccrual';

/** Keap PayoutType codes (keap-xmlrpc.md §2): 4 paid up front, 5 earned on customer payment. */
export const PAYOUT_TYPE = { upFront: 4, onPayment: 5 } as const;
/** Affiliate.Status: 1 active (earns), anything else inactive. */
export const ACTIVE = 1;

export interface AffiliateRecord extends StoredRecord {
  ContactId: number;
  ParentId?: number;
  LeadAmt?: string;
  LeadPercent?: string;
  SaleAmt?: string;
  SalePercent?: string;
  PayoutType?: number;
  DefCommissionType?: number;
  Status?: number;
  AffName?: string;
  AffCode?: string;
  NotifyLead?: number;
  NotifySale?: number;
  LeadCookieFor?: number;
  /** Salted scrypt of the MD5 of Affiliate.Password (write-only, never served). */
  passwordHash?: string;
}

export type CommissionKind = 'sale' | 'lead' | 'override' | 'recurring';

/** What a commission row shows (names copied at accrual, so a report needs no look-ups). */
export interface CommissionFacts {
  AffiliateId: number;
  InvoiceId: number;
  ContactId: number;
  ContactFirstName: string;
  ContactLastName: string;
  SaleAffId: number;
  SoldByFirstName: string;
  SoldByLastName: string;
  ProductId: number;
  ProductName: string;
  Description: string;
  Amount: string;
  Currency: string;
}

export interface CommissionRecord extends StoredRecord, CommissionFacts {
  Kind: CommissionKind;
  DateEarned: string;
  OverrideId?: number;
  /** 1 once clawed back (its AffClawback row exists). */
  ClawedBack: 0 | 1;
}

export interface ClawbackRecord extends StoredRecord, CommissionFacts {
  CommissionId: number;
  /** When the commission was taken back (the report's date). */
  DateEarned: string;
  Reason: string;
}

export interface PayoutRecord extends StoredRecord {
  AffiliateId: number;
  PayAmt: string;
  PayDate: string;
  PayType: string;
  PayNote: string;
}

export interface RedirectRecord extends StoredRecord {
  AffiliateId: number;
  Name: string;
  LocalUrlCode: string;
  RedirectUrl: string;
}

export interface OrderOverrideRecord extends StoredRecord {
  InvoiceId: number;
  AffiliateId: number;
  /** 0 = the whole invoice's commissionable amount. */
  ProductId: number;
  Percent: string;
  Amount: string;
  PayoutType: number;
  Description: string;
  Date: string;
}

export interface RecurringOverrideRecord extends StoredRecord {
  RecurringOrderId: number;
  AffiliateId: number;
  Amount: string;
  PayoutType: number;
  Description: string;
}

export interface AccrualRecord extends StoredRecord {
  /** 'accrued' once recorded; 'clawed' once taken back (no later accrual). */
  state: 'accrued' | 'clawed';
  at: string;
}
