// Keap DiscountService (keap-doc-signatures.md): the 12 legacy add*/get* methods mapped onto
// promotions, so old admin scripts keep working. add* create automatic promotions (Keap specials:
// criteria and codes are added in the Keap UI; here with `keap-gateway promo add-code`); get* answer
// structs whose values are all strings, with the member names the docs samples show (amount,
// pctOrAmt, payType) rather than the add* parameter names (amt, percentOrAmt).
import type { MethodSpec } from '../xmlrpc/handler.js';
import { struct, type XmlRpcStruct, type XmlRpcValue } from '../xmlrpc/types.js';
import { toDecimal, toInt, toStr } from '../xmlrpc/coerce.js';
import { invalid, notFound, quoted } from '../errors.js';
import { dec } from '../money/money.js';
import type { Discount, DiscountKind, DiscountMode } from '../promo/model.js';
import { PromotionAdmin, PROMOTION, type PromotionRow } from '../services/promotions.js';
import type { KeapDeps } from './deps.js';
import { toMethodSpecs, type KeapMethod } from './method-table.js';

/**
 * percentOrAmt: 1 = percent; 0 = amount. The docs' get* samples show 3 and 5 stored (meaning
 * undocumented), so any other non-negative value is accepted as an amount and answered back as
 * given by get* (docs/promotions.md). Negative → fault 12.
 */
function modeOf(v: XmlRpcValue): 'PERCENT' | 'AMOUNT' {
  const n = toInt(v, 'percentOrAmt');
  if (n < 0) throw invalid(`percentOrAmt must be 1 (percent) or 0 (amount), got ${n}`, 'percentOrAmt');
  return n === 1 ? 'PERCENT' : 'AMOUNT';
}

const flag = (v: XmlRpcValue, name: string): boolean => toInt(v, name) !== 0;
/** Keap answers amounts as Java doubles print: "5.0", "12.5". */
export const javaDouble = (text: string): string => { const s = dec(text).toString(); return s.includes('.') ? s : `${s}.0`; };

/** A promotion whose discount is of kind K. */
type PromotionOf<K extends DiscountKind> = PromotionRow & { discount: Extract<Discount, { kind: K }> };

async function load<K extends DiscountKind>(deps: KeapDeps, id: XmlRpcValue, kind: K, label: string): Promise<PromotionOf<K>> {
  const n = toInt(typeof id === 'string' ? id.trim() : id, 'id'); // getProductTotalDiscount's id is typed string in the table
  const p = await deps.store.get<PromotionRow>(PROMOTION, n);
  if (!p || p.discount.kind !== kind) throw notFound(`${label} ${n} was not found`, 'id');
  return p as PromotionOf<K>;
}

const common = (p: PromotionRow): Record<string, string> => ({
  description: p.description, name: p.name, applyDiscountToCommission: p.applyToCommissions ? '1' : '0',
});

/** The first three parameters of every add* but addFreeTrial: name, description, applyDiscountToCommission. */
const named = (a: XmlRpcValue[]) => ({
  name: toStr(a[0], 'name'), description: toStr(a[1], 'description'), applyToCommissions: flag(a[2], 'applyDiscountToCommission'),
});

/** percentOrAmt as add* stored it (any non-negative value is answered back), else from the mode. */
const pctOrAmtOf = (p: PromotionRow, mode: DiscountMode): string => p.legacy?.pctOrAmt ?? (mode === 'PERCENT' ? '1' : '0');
/** What add* keeps of percentOrAmt for get* to answer. */
const legacyPctOrAmt = (v: XmlRpcValue) => ({ pctOrAmt: String(toInt(v, 'percentOrAmt')) });

const strings = (o: Record<string, string>): XmlRpcStruct => struct(o);

function methods(admin: PromotionAdmin): Record<string, KeapMethod> {
  const create = (def: object, legacy?: Record<string, string>) => admin.create(def, legacy);
  return {
    addFreeTrial: {
      params: ['name', 'description', 'freeTrialDays', 'hidePrice', 'subscriptionPlanId'], returns: 'int',
      run: (_d, a) => create({
        name: toStr(a[0], 'name'), description: toStr(a[1], 'description'),
        discount: { kind: 'FREE_TRIAL', days: toInt(a[2], 'freeTrialDays'), hidePrice: flag(a[3], 'hidePrice'), subscriptionPlanId: toInt(a[4], 'subscriptionPlanId') },
      }),
    },
    getFreeTrial: {
      params: ['trialId'], returns: 'struct',
      async run(deps, a) {
        const p = await load(deps, a[0], 'FREE_TRIAL', 'FreeTrial');
        return strings({
          freeTrialDays: String(p.discount.days), subscriptionPlanId: String(p.discount.subscriptionPlanId),
          ...common(p), hidePrice: p.discount.hidePrice ? '1' : '0',
        });
      },
    },
    addOrderTotalDiscount: {
      params: ['name', 'description', 'applyDiscountToCommission', 'percentOrAmt', 'amt', 'payType'], returns: 'int',
      run: (_d, a) => {
        const payType = toStr(a[5], 'payType').trim();
        if (!/^(gross|net)$/i.test(payType)) throw invalid(`payType must be Gross or Net, got ${quoted(payType)}`, 'payType');
        return create({
          ...named(a), discount: { kind: 'ORDER_TOTAL', mode: modeOf(a[3]), value: toDecimal(a[4], 'amt'), strategy: payType.toUpperCase() },
        }, { ...legacyPctOrAmt(a[3]), payType });
      },
    },
    getOrderTotalDiscount: {
      params: ['id'], returns: 'struct',
      async run(deps, a) {
        const p = await load(deps, a[0], 'ORDER_TOTAL', 'OrderTotalDiscount');
        const d = p.discount;
        return strings({
          amount: javaDouble(d.value), ...common(p), pctOrAmt: pctOrAmtOf(p, d.mode),
          payType: p.legacy?.payType ?? (d.strategy === 'GROSS' ? 'Gross' : 'Net'),
        });
      },
    },
    addCategoryDiscount: {
      params: ['name', 'description', 'applyDiscountToCommission', 'amt'], returns: 'int',
      run: (_d, a) => create({ ...named(a), discount: { kind: 'CATEGORY', mode: 'PERCENT', value: toDecimal(a[3], 'amt'), categoryIds: [] } }),
    },
    getCategoryDiscount: {
      params: ['id'], returns: 'struct',
      async run(deps, a) { return strings(common(await load(deps, a[0], 'CATEGORY', 'CategoryDiscount'))); },
    },
    addCategoryAssignmentToCategoryDiscount: {
      // The docs table calls the second parameter "Id of product"; the get answer names it productCategoryId.
      params: ['id', 'productCategoryId'], returns: 'int',
      run: (_d, a) => admin.addCategory(toInt(a[0], 'id'), toInt(a[1], 'productCategoryId')),
    },
    getCategoryAssignmentsForCategoryDiscount: {
      params: ['id'], returns: 'array',
      async run(deps, a) {
        const p = await load(deps, a[0], 'CATEGORY', 'CategoryDiscount');
        return (p.categoryAssignments ?? []).map((c) => strings({ id: String(c.id), specialItemId: String(p.id), productCategoryId: String(c.categoryId) }));
      },
    },
    addProductTotalDiscount: {
      params: ['name', 'description', 'applyDiscountToCommission', 'productId', 'percentOrAmt', 'amt'], returns: 'int',
      run: (_d, a) => create({
        ...named(a), discount: { kind: 'PRODUCT', productIds: [toInt(a[3], 'productId')], mode: modeOf(a[4]), value: toDecimal(a[5], 'amt') },
      }, legacyPctOrAmt(a[4])),
    },
    getProductTotalDiscount: {
      params: ['id'], returns: 'struct',
      async run(deps, a) {
        const p = await load(deps, a[0], 'PRODUCT', 'ProductTotalDiscount');
        return strings({ ...common(p), productId: String(p.discount.productIds[0]) });
      },
    },
    addShippingTotalDiscount: {
      params: ['name', 'description', 'applyDiscountToCommission', 'percentOrAmt', 'amt'], returns: 'int',
      run: (_d, a) => create({ ...named(a), discount: { kind: 'SHIPPING', mode: modeOf(a[3]), value: toDecimal(a[4], 'amt') } }, legacyPctOrAmt(a[3])),
    },
    getShippingTotalDiscount: {
      params: ['id'], returns: 'struct',
      async run(deps, a) {
        const p = await load(deps, a[0], 'SHIPPING', 'ShippingTotalDiscount');
        return strings({ amount: javaDouble(p.discount.value), ...common(p), pctOrAmt: pctOrAmtOf(p, p.discount.mode) });
      },
    },
  };
}

export function discountServiceMethods(deps: KeapDeps): MethodSpec[] {
  return toMethodSpecs('DiscountService', methods(new PromotionAdmin(deps.store, { now: deps.now, log: deps.log })), deps);
}
