// Subscription and payment-plan tables (keap-xmlrpc.md §4.3). RecurringOrder, JobRecurringInstance,
// PayPlan and PayPlanItem are stored records (src/billing owns every write: DataService writes on
// RecurringOrder go through SubscriptionBook so the due index follows); RecurringOrderWithContact
// and CProgram are views (a subscription with its contact's name and email; a subscription plan
// with its product, as the legacy CProgram table showed them).
import type { Store, StoredRecord, Tx } from '../../store/port.js';
import type { Client } from '../../invoicing/model.js';
import { invalid, notFound } from '../../errors.js';
import { nativeSource } from './native.js';
import { defineTable, scanChunk, type Row, type TableDef, type TableSource } from './types.js';
import type { KeapDeps } from '../deps.js';

const RECURRING_FIELDS = {
  ContactId: 'Int', OriginatingOrderId: 'Int:R', ProgramId: 'Int', SubscriptionPlanId: 'Int', ProductId: 'Int',
  StartDate: 'Date', EndDate: 'Date', LastBillDate: 'Date', NextBillDate: 'Date:R', PaidThruDate: 'Date',
  BillingCycle: 'String', Frequency: 'Int', BillingAmt: 'Double', Status: 'String', ReasonStopped: 'String',
  AutoCharge: 'Int', CC1: 'Int', CC2: 'Int', NumDaysBetweenRetry: 'Int', MaxRetry: 'Int', MerchantAccountId: 'Int',
  AffiliateId: 'Int', PromoCode: 'String', LeadAffiliateId: 'Int', Qty: 'Int', ShippingOptionId: 'Int',
};

function recurringSource(): TableSource {
  const native = nativeSource('RecurringOrder', { indexed: ['ContactId', 'OriginatingOrderId', 'Status'] });
  return {
    ...native,
    insert: (deps, tx, values) => deps.billing.subscriptions.addRow(tx, values),
    update: (deps, tx, id, values) => deps.billing.subscriptions.updateRow(tx, id, values),
    remove: undefined,
  };
}

type Reader = Store | Tx;
type StoredClient = Client & StoredRecord;

/** RecurringOrderWithContact: the subscription's fields, its id as RecurringOrderId too, and the contact's. */
function withContactSource(): TableSource {
  const base = nativeSource('RecurringOrder', { indexed: ['ContactId'] });
  const join = async (store: Reader, rows: Row[]): Promise<Row[]> => Promise.all(rows.map(async (r) => {
    const c = await store.get<StoredClient>('Client', Number(r.ContactId));
    return {
      ...r, RecurringOrderId: r.Id, FirstName: c?.firstName, LastName: c?.lastName, Email: c?.email,
      Company: c?.organization, Phone1: c?.workPhone,
    };
  }));
  return {
    indexed: new Set(['Id', 'ContactId']),
    idOrdered: true,
    async get(deps, store, id) { const r = await base.get(deps, store, id); return r && (await join(store, [r]))[0]; },
    async findBy(deps, store, field, value) { return join(store, await base.findBy(deps, store, field, value)); },
    async scan(deps, store, after, limit) { const chunk = await base.scan(deps, store, after, limit); return { ...chunk, rows: await join(store, chunk.rows) }; },
  };
}

function instanceSource(): TableSource {
  const native = nativeSource('JobRecurringInstance', { indexed: ['RecurringId'] });
  return {
    ...native,
    // A period exists only with its invoice: the billing engine and createInvoiceForRecurring make them.
    insert: async () => { throw invalid('JobRecurringInstance rows are made by billing: use InvoiceService.createInvoiceForRecurring', 'JobRecurringInstance'); },
    remove: undefined,
  };
}

interface PlanRecord extends StoredRecord { ProductId?: number; Cycle?: string; Frequency?: number; PlanPrice?: string; Active?: boolean }
interface ProductRecord extends StoredRecord { ProductName?: string; Sku?: string; ShortDescription?: string; Description?: string; HideInStore?: number; Status?: number; Taxable?: number }

/** CProgram field → SubscriptionPlan field (the writable ones; the rest are the product's). */
const PLAN_SLOTS: Record<string, string> = { DefaultPrice: 'PlanPrice', DefaultCycle: 'Cycle', DefaultFrequency: 'Frequency', Active: 'Active', ProductId: 'ProductId' };

async function programRow(store: Reader, plan: PlanRecord): Promise<Row> {
  const p = plan.ProductId ? await store.get<ProductRecord>('Product', plan.ProductId) : undefined;
  return {
    Id: plan.id, ProgramName: p?.ProductName, DefaultPrice: plan.PlanPrice, DefaultCycle: plan.Cycle, DefaultFrequency: plan.Frequency,
    Sku: p?.Sku, ShortDescription: p?.ShortDescription, BillingType: 'Subscription', Description: p?.Description,
    HideInStore: p?.HideInStore, Status: p?.Status, Active: plan.Active, Taxable: p?.Taxable, Family: '', ProductId: plan.ProductId,
  };
}

function planValues(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) if (Object.hasOwn(PLAN_SLOTS, k)) out[PLAN_SLOTS[k]] = v;
  return out;
}

function programSource(): TableSource {
  const plans = nativeSource('SubscriptionPlan', { indexed: ['ProductId'] });
  const rows = (store: Reader, recs: PlanRecord[]) => Promise.all(recs.map((r) => programRow(store, r)));
  return {
    indexed: new Set(['Id', 'ProductId']),
    idOrdered: true,
    async get(_deps, store, id) { const p = await store.get<PlanRecord>('SubscriptionPlan', id); return p && programRow(store, p); },
    async findBy(_deps, store, field, value) { return rows(store, await store.findBy<PlanRecord>('SubscriptionPlan', field, value)); },
    async scan(_deps, store, after, limit) { return scanChunk<PlanRecord>(store, 'SubscriptionPlan', after, limit, (recs) => rows(store, recs)); },
    insert: (deps: KeapDeps, tx: Tx, values) => plans.insert!(deps, tx, planValues(values)),
    async update(deps: KeapDeps, tx: Tx, id, values) {
      if (!(await tx.get('SubscriptionPlan', id))) throw notFound(`CProgram ${id} was not found`, 'Id');
      await plans.update!(deps, tx, id, planValues(values));
    },
  };
}

export const SUBSCRIPTION_TABLES: TableDef[] = [
  defineTable('RecurringOrder', 'EAR', { Id: 'Int', ...RECURRING_FIELDS }, recurringSource()),
  defineTable('RecurringOrderWithContact', 'R', {
    Id: 'Int', RecurringOrderId: 'Int', ...RECURRING_FIELDS, FirstName: 'String', LastName: 'String', Email: 'String',
    Company: 'String', Phone1: 'String',
  }, withContactSource()),
  defineTable('JobRecurringInstance', 'EAR', {
    Id: 'Int', RecurringId: 'Int:R', InvoiceItemId: 'Int:R', Status: 'Int', AutoCharge: 'Int', StartDate: 'Date:R',
    EndDate: 'Date:R', DateCreated: 'Date:R', Description: 'String',
  }, instanceSource()),
  defineTable('CProgram', 'EAR', {
    Id: 'Int', ProgramName: 'String:R', DefaultPrice: 'Double', DefaultCycle: 'String', DefaultFrequency: 'Int',
    Sku: 'String:R', ShortDescription: 'String:R', BillingType: 'String:R', Description: 'String:R', HideInStore: 'Int:R',
    Status: 'Int:R', Active: 'Bool', Taxable: 'Int:R', Family: 'String:R', ProductId: 'Int',
  }, programSource()),
  defineTable('PayPlan', 'R', {
    Id: 'Int', InvoiceId: 'Int', DateDue: 'Date', AmtDue: 'Double', Type: 'Int', InitDate: 'Date', StartDate: 'Date', FirstPayAmt: 'Double',
  }, nativeSource('PayPlan', { indexed: ['InvoiceId'] })),
  defineTable('PayPlanItem', 'R', {
    Id: 'Int', PayPlanId: 'Int', DateDue: 'Date', AmtDue: 'Double', Status: 'Int', AmtPaid: 'Double',
  }, nativeSource('PayPlanItem', { indexed: ['PayPlanId'] })),
];
