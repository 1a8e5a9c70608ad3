// How promotions, codes and redemptions are stored, and the counter names that hold their uses.
// Collections: Promotion, PromoCode (unique folded code among active codes), PromoRedemption.
import type { ReadOps, StoredRecord } from '../../store/port.js';
import type { Promotion, PromoCodeRecord, Outcome } from '../../promo/model.js';
import { requiresCode } from '../../promo/criteria.js';

export const PROMOTION = 'Promotion';
export const PROMO_CODE = 'PromoCode';
export const PROMO_REDEMPTION = 'PromoRedemption';

export interface PromotionRow extends StoredRecord, Omit<Promotion, 'id'> {
  /** 1 for active promotions without a code: loaded for every order (indexed). */
  autoActive: 0 | 1;
  /** Discount kind, indexed for DiscountService get* look-ups. */
  kind: string;
  DateCreated: string;
  /** Keap DiscountService fields kept for its get* answers (pctOrAmt, payType…). */
  legacy?: Record<string, string>;
  /** DiscountService category assignments (ids from sequence 'PromoCategoryAssign'). */
  categoryAssignments?: Array<{ id: number; categoryId: number }>;
}

export interface PromoCodeRow extends StoredRecord, Omit<PromoCodeRecord, 'id'> {
  /** `folded` while active, '' once disabled: the store enforces uniqueness on it. */
  activeFolded: string;
  DateCreated: string;
}

/** Keap-style table of outcomes, readable through DataService.query('PromoRedemption', …). */
export interface PromoRedemptionRow extends StoredRecord {
  OrderId: number;
  InvoiceId: number;
  ContactId: number;
  /** The code as given ('' for an automatic special). */
  Code: string;
  PromotionId: number;
  PromoCodeId: number;
  Outcome: Outcome;
  Amount: string;
  DateCreated: string;
  /** 1 once its use was given back (failed initial charge, deleted invoice). */
  Released: 0 | 1;
}

export const counters = {
  promotion: (promotionId: number) => `promo:${promotionId}:uses`,
  contact: (promotionId: number, contactId: number) => `promo:${promotionId}:contact:${contactId}`,
  code: (codeId: number) => `promo-code:${codeId}:uses`,
};

export function toPromotion(row: PromotionRow): Promotion {
  return {
    id: row.id, name: row.name, description: row.description, active: row.active, discount: row.discount,
    criteria: row.criteria, limits: row.limits, applyToCommissions: row.applyToCommissions,
  };
}

export function toCodeRecord(row: PromoCodeRow): PromoCodeRecord {
  return { id: row.id, promotionId: row.promotionId, code: row.code, folded: row.folded, active: row.active };
}

/** The derived, indexed fields of a promotion row. */
export function promotionIndexFields(p: Pick<Promotion, 'active' | 'criteria' | 'discount'>): Pick<PromotionRow, 'autoActive' | 'kind'> {
  return { autoActive: p.active && !requiresCode(p.criteria) ? 1 : 0, kind: p.discount.kind };
}

export async function getPromotionRow(db: ReadOps, id: number): Promise<PromotionRow | undefined> {
  return db.get<PromotionRow>(PROMOTION, id);
}
