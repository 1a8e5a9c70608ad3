// Keap-native commerce tables (keap-xmlrpc.md §4.3), stored in collections of the same name.
import { prepareCreditCard } from '../../services/payments/cards.js';
import { nativeSource } from './native.js';
import { jobSource, orderItemSource } from './order-tables.js';
import { defineTable, type TableDef } from './types.js';

const ADDRESS = (prefix: string) => ({
  [`${prefix}Name`]: 'String', [`${prefix}Address1`]: 'String', [`${prefix}Address2`]: 'String',
  [`${prefix}City`]: 'String', [`${prefix}State`]: 'String', [`${prefix}Zip`]: 'String',
  [`${prefix}Country`]: 'String', [`${prefix}Phone`]: 'String',
});

export const COMMERCE_TABLES: TableDef[] = [
  defineTable('Product', 'EAR', {
    Id: 'Int', ProductName: 'String', ProductPrice: 'Double', Sku: 'String', ShortDescription: 'String',
    Description: 'String', TopHTML: 'String', BottomHTML: 'String', Taxable: 'Int', CountryTaxable: 'Int',
    StateTaxable: 'Int', CityTaxable: 'Int', Weight: 'Double', IsPackage: 'Int', NeedsDigitalDelivery: 'Int',
    ShippingTime: 'String', Shippable: 'Int', HideInStore: 'Int', Status: 'Int', InventoryNotifiee: 'String',
    InventoryLimit: 'Int',
  }, nativeSource('Product', { indexed: ['Sku'] })),
  defineTable('ProductCategory', 'EDAR', {
    Id: 'Int', CategoryDisplayName: 'String', CategoryImage: 'String', CategoryOrder: 'Int', ParentId: 'Int',
  }, nativeSource('ProductCategory')),
  defineTable('ProductCategoryAssign', 'EAR', {
    Id: 'Int', ProductId: 'Int', ProductCategoryId: 'Int',
  }, nativeSource('ProductCategoryAssign', { indexed: ['ProductId', 'ProductCategoryId'] })),
  defineTable('SubscriptionPlan', 'EAR', {
    Id: 'Int', ProductId: 'Int', Cycle: 'String', Frequency: 'Int', PreAuthorizeAmount: 'Double',
    Prorate: 'Bool', Active: 'Bool', PlanPrice: 'Double', NumberOfCycles: 'Int',
  }, nativeSource('SubscriptionPlan', { indexed: ['ProductId'] })),
  defineTable('Job', 'EAR', {
    Id: 'Int', JobTitle: 'String', ContactId: 'Int', StartDate: 'Date', DueDate: 'Date', JobNotes: 'String',
    ProductId: 'Int', JobStatus: 'String', DateCreated: 'Date:R', JobRecurringId: 'Int:R', OrderType: 'String',
    OrderStatus: 'Int', ShipFirstName: 'String', ShipMiddleName: 'String', ShipLastName: 'String',
    ShipCompany: 'String', ShipPhone: 'String', ShipStreet1: 'String', ShipStreet2: 'String', ShipCity: 'String',
    ShipState: 'String', ShipZip: 'String', ShipCountry: 'String', LastUpdated: 'Date:R',
    AffiliateId: 'Int', LeadAffiliateId: 'Int',
  }, jobSource(), true),
  defineTable('OrderItem', 'EAR', {
    Id: 'Int', OrderId: 'Int', ProductId: 'Int', SubscriptionPlanId: 'Int', ItemName: 'String', Qty: 'Int',
    CPU: 'Double', PPU: 'Double', ItemDescription: 'String', ItemType: 'Int', Notes: 'String',
  }, orderItemSource()),
  defineTable('CreditCard', 'EAR', {
    Id: 'Int', ContactId: 'Int:AR', ...ADDRESS('Bill'), BillAddress1: 'String', BillZip: 'String',
    ...ADDRESS('Ship'), FirstName: 'String', LastName: 'String', Email: 'String', PhoneNumber: 'String',
    NameOnCard: 'String', CardType: 'String', CardNumber: 'String:A', Last4: 'String:R',
    ExpirationMonth: 'String', ExpirationYear: 'String', CVV2: 'String:EA', Status: 'Int:R',
    StartDateMonth: 'String', StartDateYear: 'String', MaestroIssueNumber: 'String',
  }, nativeSource('CreditCard', { indexed: ['ContactId'], prepare: prepareCreditCard })),
  defineTable('CCharge', 'R', {
    Id: 'Int', CCId: 'Int', PaymentId: 'Int', MerchantId: 'Int', OrderNum: 'String', RefNum: 'String',
    ApprCode: 'String', Amt: 'Double',
  }, nativeSource('CCharge', { indexed: ['PaymentId'] })),
  // Outcome of every promo code given to placeOrder (written by the pricing step; read-only here).
  defineTable('PromoRedemption', 'R', {
    Id: 'Int', OrderId: 'Int', InvoiceId: 'Int', ContactId: 'Int', Code: 'String', PromotionId: 'Int',
    PromoCodeId: 'Int', Outcome: 'String', Amount: 'Double', DateCreated: 'Date', Released: 'Int',
  }, nativeSource('PromoRedemption', { indexed: ['OrderId', 'InvoiceId', 'ContactId'] })),
  // Company: the recorded Ruby traffic adds, loads, queries and deletes companies.
  defineTable('Company', 'EDAR', {
    Id: 'Int', AccountId: 'Int', Company: 'String', Email: 'String', Phone1: 'String', Fax1: 'String',
    StreetAddress1: 'String', StreetAddress2: 'String', City: 'String', State: 'String', PostalCode: 'String',
    Country: 'String', Website: 'String', Notes: 'String', DateCreated: 'Date:R', LastUpdated: 'Date:R',
  }, nativeSource('Company', { createdField: 'DateCreated', updatedField: 'LastUpdated' }), true),
];
