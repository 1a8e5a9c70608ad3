// Every collection the gateway stores, with the fields that get an index or a uniqueness check.
// Adapters are opened with this list; writing to a collection not listed here is an error.
// Owners add their collections here (one line each). `cacheable`: rarely written configuration
// that placeOrder caches in process (src/store/generation-cache.ts).
import type { CollectionSpec } from './port.js';

export const SCHEMA: CollectionSpec[] = [
  // Invoicing core (src/invoicing, src/invoicera-api)
  { name: 'Client', indexes: ['emailKey'] },
  { name: 'Invoice', indexes: ['clientId', 'jobId', 'itemIds', 'paymentIds', 'status'], unique: ['number'] },
  { name: 'Outbox', indexes: ['invoiceId', 'state'] },
  // Keap-native tables (src/keap/tables/commerce.ts)
  { name: 'Product', indexes: ['Sku'], cacheable: true },
  { name: 'ProductCategory' },
  { name: 'ProductCategoryAssign', indexes: ['ProductId', 'ProductCategoryId'], cacheable: true },
  { name: 'SubscriptionPlan', indexes: ['ProductId'] },
  { name: 'Job', indexes: ['ContactId'] },
  { name: 'OrderItem', indexes: ['OrderId'] },
  { name: 'CreditCard', indexes: ['ContactId'] },
  { name: 'CCharge', indexes: ['PaymentId'] },
  // Card charge in flight, id = invoice id: the invoice's money guard (src/orders/pending.ts)
  { name: 'PendingCharge' },
  // Deleted invoices that had payments, kept whole as an audit trail (src/orders/book.ts)
  { name: 'DeletedInvoice' },
  { name: 'Company' },
  { name: 'DataFormField', indexes: ['FormId'] },
  // Promo code outcomes per order (src/services/order-pricing.ts NoPromotionsStep; promotion engine)
  { name: 'PromoRedemption', indexes: ['OrderId', 'InvoiceId', 'ContactId'] },
  { name: 'Promotion', indexes: ['autoActive', 'kind'], cacheable: true },
  { name: 'PromoCode', indexes: ['folded', 'promotionId'], unique: ['activeFolded'], cacheable: true },
  { name: 'ContactEmail', indexes: ['email', 'ContactId'] },
  // Users who log in through DataService.authenticateUser (src/services/users.ts)
  { name: 'User', indexes: ['login'], unique: ['login'] },
  // Subscriptions and payment plans (src/billing): `dueOn` is the engine's ordered due-day index
  { name: 'RecurringOrder', indexes: ['ContactId', 'OriginatingOrderId', 'Status', 'retrying'], ordered: ['dueOn'] },
  { name: 'JobRecurringInstance', indexes: ['RecurringId', 'invoiceId'], unique: ['periodKey'] },
  { name: 'PayPlan', indexes: ['InvoiceId'] },
  { name: 'PayPlanItem', indexes: ['PayPlanId', 'invoiceId'], ordered: ['dueOn'] },
  // placeOrder's payPlanId catalogue (src/billing/plan-templates.ts)
  { name: 'PayPlanTemplate' },
  // Tags (src/keap/tables/tags.ts)
  { name: 'ContactGroup' },
  { name: 'ContactGroupCategory' },
  { name: 'ContactGroupAssign', indexes: ['ContactId', 'GroupId'] },
  // Affiliates and their commission ledger (src/affiliates, docs/affiliates.md)
  { name: 'Affiliate', indexes: ['ContactId'], unique: ['AffCode'] },
  { name: 'Referral', indexes: ['ContactId', 'AffiliateId'] },
  { name: 'AffCommission', indexes: ['AffiliateId', 'InvoiceId'] },
  { name: 'AffClawback', indexes: ['AffiliateId', 'InvoiceId'] },
  { name: 'AffPayout', indexes: ['AffiliateId'] },
  { name: 'AffRedirect', indexes: ['AffiliateId'] },
  { name: 'CommissionOverride', indexes: ['InvoiceId'] },
  { name: 'RecurringCommissionOverride', indexes: ['RecurringOrderId'] },
  { name: 'CommissionAccrual' },
  // Email templates and emails attached to contacts (src/keap/email/)
  { name: 'Template' },
  { name: 'AttachedEmail', indexes: ['ContactId'] },
  // Shipping options and tax rates (src/services/shipping-tax/records.ts)
  { name: 'ShippingOption', indexes: ['activeFlag'], cacheable: true },
  { name: 'TaxRate', indexes: ['countryKey'], cacheable: true },
];

/**
 * Sequences whose values must increase across every gateway on one shared store (invoice numbers
 * are "increasing and never reused", docs/invoicera-api.md). Any other sequence only promises
 * unique values, so a shared Redis store hands those out in per-instance blocks (docs/storage.md).
 */
export const ORDERED_SEQUENCES: readonly string[] = ['InvoiceNumber'];
