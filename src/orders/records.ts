// The order's stored shapes. Job (the order header) and OrderItem keep Keap's field names because
// they are stored as Keap-native records (DataService reads them as tables); only this module
// writes them. Amounts are decimal text; dates ISO-8601 UTC.
import type { StoredRecord } from '../store/port.js';

export const JOB = 'Job';
export const ORDER_ITEM = 'OrderItem';

export interface JobRecord extends StoredRecord {
  JobTitle: string;
  ContactId: number;
  StartDate: string;
  DueDate?: string;
  JobNotes: string;
  ProductId: number;
  JobStatus: string;
  DateCreated: string;
  LastUpdated: string;
  OrderType: string;
  OrderStatus: number;
  /** Affiliates of the order (Keap shows them on Invoice). */
  LeadAffiliateId: number;
  AffiliateId: number;
}

/** Projection of one invoice line of the order's invoice (see lines.ts): PPU negative on credit lines. */
export interface OrderItemRecord extends StoredRecord {
  OrderId: number;
  ProductId: number;
  SubscriptionPlanId: number;
  ItemName: string;
  Qty: number;
  CPU: string;
  PPU: string;
  ItemDescription: string;
  ItemType: number;
  Notes: string;
}

/** A new order's header. */
export interface JobInput {
  contactId: number;
  title: string;
  /** ISO instant of the order date. */
  startDate: string;
  /** The same day as YYYY-MM-DD in the app's time zone: the invoice date. */
  invoiceDate: string;
  orderType: string;
  leadAffiliateId: number;
  saleAffiliateId: number;
}

/** One order line as a front hands it over. */
export interface OrderLine {
  itemType: number;
  productId: number;
  subscriptionPlanId?: number;
  name: string;
  description: string;
  notes: string;
  /** Signed decimal text: a negative price is a credit whatever the type. */
  price: string;
  quantity: string;
  /** Decimal text cost per unit (Keap CPU); 0 when not given. */
  cost?: string;
  promotionId?: number;
}
