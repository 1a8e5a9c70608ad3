// The promotion model (Keap "promotion = discount + criteria", Stripe/Saleor "many codes per
// promotion"). Plain data only: the store keeps these records as JSON and the pure pipeline
// (pipeline.ts) reads them. Amounts and percents are decimal TEXT; nothing here is a JS float.

import { ITEM_TYPE } from '../invoicing/item-types.js';

/** Percent ("10" = 10 %) or a fixed amount in the order currency. */
export type DiscountMode = 'PERCENT' | 'AMOUNT';

/** GROSS = computed on the order before any discount; NET = after earlier discounts (Keap help page). */
export type DiscountStrategy = 'GROSS' | 'NET';

export type Discount =
  | { kind: 'ORDER_TOTAL'; mode: DiscountMode; value: string; strategy: DiscountStrategy }
  /** Per product line: PERCENT of the line, or AMOUNT off each unit. */
  | { kind: 'PRODUCT'; mode: DiscountMode; value: string; productIds: number[] }
  /** Keap category discounts are percent only. */
  | { kind: 'CATEGORY'; mode: 'PERCENT'; value: string; categoryIds: number[] }
  /** Only when the order has shipping lines (item type 1). */
  | { kind: 'SHIPPING'; mode: DiscountMode; value: string }
  /** The subscription plan line is not charged on this order; the plan starts after `days`. */
  | { kind: 'FREE_TRIAL'; days: number; subscriptionPlanId: number; hidePrice: boolean };

export type DiscountKind = Discount['kind'];

/**
 * Criteria (all must hold), after Keap v2 DiscountCriteria. A promotion with a PROMO_CODE criterion
 * applies only when one of its codes was given; without one it is an automatic "special".
 */
export type Criterion =
  /** Inclusive wall-clock bounds in an explicit IANA zone: "2026-11-01" or "2026-11-01T09:00:00". */
  | { type: 'DATE_RANGE'; start?: string; end?: string; timeZone: string }
  | { type: 'PROMO_CODE' }
  | { type: 'PRODUCT'; productId: number; minQuantity?: string; maxQuantity?: string }
  | { type: 'SUBSCRIPTION_PLAN'; planId: number; minQuantity?: string }
  /** Compared with the product subtotal before discounts, excluding shipping and tax. */
  | { type: 'ORDER_TOTAL'; operator: 'GREATER_THAN' | 'LESS_THAN'; amount: string };

export type CriterionType = Criterion['type'];

/** Absent limit = unlimited. */
export interface PromotionLimits {
  totalUses?: number;
  perContact?: number;
  perCode?: number;
}

export interface PromoCodeRecord {
  id: number;
  promotionId: number;
  /** As the operator typed it (trimmed). */
  code: string;
  /** foldCode(code): what requests are matched on. */
  folded: string;
  active: boolean;
}

export interface Promotion {
  id: number;
  name: string;
  description: string;
  active: boolean;
  discount: Discount;
  criteria: Criterion[];
  limits: PromotionLimits;
  /** Keap applyDiscountToCommission: kept for DiscountService round trips. */
  applyToCommissions: boolean;
}

/** Why a code did or did not apply (Salesforce CouponStatusCodes style). */
export type Outcome =
  | 'APPLIED' | 'UNKNOWN' | 'INACTIVE' | 'NOT_STARTED' | 'EXPIRED' | 'NOT_APPLICABLE'
  | 'LIMIT_REACHED' | 'CONTACT_LIMIT_REACHED' | 'DUPLICATE' | 'IGNORED';

/** One order line as the pipeline sees it (same shape as the order-pricing seam's OrderLineInput). */
export interface CartLine {
  /** Keap item type: 1 shipping, 2 tax (passed through), 4 product, 9 subscription plan… */
  itemType: number;
  productId: number;
  subscriptionPlanId?: number;
  name: string;
  unitPrice: string;
  quantity: string;
  taxable: boolean;
  shippable: boolean;
  categoryIds: number[];
}

/** Uses already counted in the store, read before pricing (the store bump is the real guard). */
export interface UsageCounts {
  promotion(promotionId: number): number;
  contact(promotionId: number, contactId: number): number;
  code(codeId: number): number;
}

export const NO_USAGE: UsageCounts = { promotion: () => 0, contact: () => 0, code: () => 0 };

export interface PricingInput {
  currency: string;
  contactId: number;
  lines: CartLine[];
  processSpecials: boolean;
  codes: string[];
  promotions: Promotion[];
  promoCodes: PromoCodeRecord[];
  usage: UsageCounts;
  now: Date;
  /** Percent applied to taxable lines after discounts; absent = no tax. */
  taxRate?: string;
}

/** Keap OrderItem.ItemType of the special line each discount kind produces. */
export const SPECIAL_ITEM_TYPE: Record<DiscountKind, 10 | 11 | 12 | 13 | 14> = {
  FREE_TRIAL: ITEM_TYPE.freeTrial, ORDER_TOTAL: ITEM_TYPE.orderTotal, PRODUCT: ITEM_TYPE.productSpecial,
  CATEGORY: ITEM_TYPE.categorySpecial, SHIPPING: ITEM_TYPE.shippingSpecial,
};

export interface PricedLine {
  index: number;
  /** unitPrice × quantity, rounded to the currency. */
  gross: string;
  discount: string;
  /** gross − discount, never below zero. */
  net: string;
  tax: string;
  /** net + tax. */
  total: string;
}

export interface Special {
  itemType: 10 | 11 | 12 | 13 | 14;
  name: string;
  /** Positive; subtracted from the order. */
  amount: string;
  promotionId: number;
  code?: string;
  /** The one line it discounts, when it touches exactly one. */
  lineIndex?: number;
  /** This discount's share of each line (same length as the input lines); adds up to amount. */
  shares: string[];
}

export interface CodeResult {
  /** As given, trimmed. */
  code: string;
  /** The stored code it matched, as the operator wrote it (what the invoice shows). */
  matched?: string;
  outcome: Outcome;
  promotionId?: number;
  codeId?: number;
  amount?: string;
}

/** A promotion that produced a discount (coded or automatic): what the store step counts. */
export interface Redemption {
  promotionId: number;
  codeId?: number;
  code?: string;
  amount: string;
}

export interface PricingTotals {
  subtotal: string;
  discount: string;
  tax: string;
  total: string;
}

export interface PricedOrder {
  lines: PricedLine[];
  specials: Special[];
  codes: CodeResult[];
  redemptions: Redemption[];
  totals: PricingTotals;
}
