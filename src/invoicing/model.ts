// The Invoicera-style invoice model: plain data, amounts as exact decimal TEXT (never JS numbers).
// Everything that reads totals (Invoicera XML, Keap tables, CLI) gets them from totals.ts.

export type DiscountType = 'Percent' | 'Fixed';
export type TaxType = 'Normal' | 'Compound';
export type ItemType = 'Product' | 'Service';
/** Workflow status. 'partial-paid' and 'paid' follow the balance; draft → sent → viewed by actions. */
export type InvoiceStatus = 'draft' | 'sent' | 'viewed' | 'partial-paid' | 'paid';
export type RecordStatus = 'Active' | 'Archived' | 'Cancel';

export interface Tax {
  name: string;
  /** Rate in percent as decimal text, e.g. "7.25". */
  percent: string;
  type: TaxType;
}

/** Keap-side identity of a line (InvoiceService.addOrderItem / placeOrder). */
export interface KeapLineRef {
  /** OrderItem.ItemType 0–14 (keap-xmlrpc.md §2.1). */
  itemType: number;
  productId: number;
  subscriptionPlanId?: number;
  /** OrderItem.Id this InvoiceItem came from. */
  orderItemId: number;
  notes?: string;
  /** Promotion that produced a special line (types 10–14). */
  promotionId?: number;
}

export interface LineItem {
  /** InvoiceItem id (unique across invoices). */
  id: number;
  name: string;
  type: ItemType;
  description: string;
  unitCost: string;
  quantity: string;
  discount: string;
  discountType: DiscountType;
  tax1?: Tax;
  tax2?: Tax;
  /**
   * A credit line (Keap special/discount types 7 and 10–14): its net amount is SUBTRACTED from
   * the invoice. unitCost stays non-negative; the sign lives here.
   */
  credit?: boolean;
  keap?: KeapLineRef;
}

export interface AdditionalCharge {
  name: string;
  type: DiscountType;
  /** Fixed amount, or percent of the items total (tax included), per Invoicera. */
  amount: string;
}

export interface InvoiceDiscount {
  /** Percent of the items total (tax included), or a fixed amount — Invoicera research A5. */
  type: DiscountType;
  value: string;
}

export interface Payment {
  /** Payment id (unique across invoices). */
  id: number;
  amount: string;
  /** Cash, Check, Credit Card, PayPal, … */
  method: string;
  /** ISO 8601 timestamp. */
  date: string;
  notes: string;
  transactionId?: string;
  /** Keap extras: the card charge behind it, the user, commissions. */
  keap?: { chargeId?: number; creditCardId?: number; bypassCommissions?: boolean; refNum?: string };
}

export interface CustomField { label: string; value: string }

export interface Invoice {
  id: number;
  /** Invoice number, e.g. INV137. Unique, never reused. */
  number: string;
  /** Client (= Keap Contact) id. */
  clientId: number;
  /** Address on this invoice when it differs from the client's (else the client's address is shown). */
  clientAddress?: string;
  /** Keap order (Job) id this invoice bills, if any. */
  jobId?: number;
  title: string;
  /** YYYY-MM-DD */
  date: string;
  dueDate?: string;
  scheduleDate?: string;
  poNumber: string;
  status: InvoiceStatus;
  recordStatus: RecordStatus;
  notes: string;
  terms: string;
  lateFee: string;
  currency: string;
  discount?: InvoiceDiscount;
  items: LineItem[];
  additionalCharges: AdditionalCharge[];
  customFields: CustomField[];
  payments: Payment[];
  /** Promo codes applied to the order this invoice bills (Keap Invoice.PromoCode, comma-joined). */
  promoCodes: string[];
  /** ISO timestamps. */
  createdAt: string;
  updatedAt: string;
}

/** A client in Invoicera terms; the same record is the Keap Contact. */
export interface Client {
  id: number;
  firstName: string;
  lastName: string;
  organization: string;
  email: string;
  workPhone: string;
  address: string;
  country: string;
  language: string;
  currency: string;
  customFields: CustomField[];
  /** Every other Keap Contact field, by its Keap name (Phone2, City, _Custom, …). */
  extra: Record<string, string | number | boolean>;
  createdAt: string;
  updatedAt: string;
}
