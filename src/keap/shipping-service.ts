// Keap ShippingService (keap-xmlrpc.md §5, the archived docs' shippingservice.html samples) over the
// shipping options the operator configured (keap-gateway shipping …, the shipping & tax file).
// Shapes as the samples show them: structs whose values are all untyped strings — ids "7", doubles
// as Java prints them ("1.0"), booleans "true"/"false". An id that is not an option of the asked
// kind answers an empty array, as the docs sample of getOrderTotalShippingOption(1) does (option 1
// there is a flat rate). UPS is a documented stub: no UPS option can exist, so
// getUpsShippingOption always answers that empty set (docs/shipping-and-tax.md).
import type { MethodSpec } from '../xmlrpc/handler.js';
import { struct, type XmlRpcStruct, type XmlRpcValue } from '../xmlrpc/types.js';
import { toInt } from '../xmlrpc/coerce.js';
import type { ShippingOption, ShippingRange, ShippingType } from '../shipping/options.js';
import { allShippingOptions, SHIPPING_OPTION, toShippingOption, type ShippingOptionRow } from '../services/shipping-tax/records.js';
import type { KeapDeps } from './deps.js';
import { javaDouble } from './discount-service.js';
import { toMethodSpecs, type KeapMethod } from './method-table.js';

const NONE: XmlRpcValue = [];
const bool = (b: boolean) => (b ? 'true' : 'false');

/** The members every option answers (the samples' common ones). */
function common(o: ShippingOption): Record<string, string> {
  return {
    id: String(o.id), name: o.name, description: o.description, orderBased: bool(o.orderBased),
    international: bool(o.international), active: bool(o.active), type: o.rule.type,
  };
}

/** An option as its get*ShippingOption answers it (and as getAllShippingOptions lists it). */
function optionStruct(o: ShippingOption): XmlRpcStruct {
  const r = o.rule;
  if (r.type === 'Flat') return struct({ ...common(o), price: javaDouble(r.price) });
  if (r.type === 'Quantity') {
    return struct({
      ...common(o), baseShippingPrice: javaDouble(r.baseShippingPrice), pricePerItem: javaDouble(r.pricePerItem),
      minimumShippingPrice: javaDouble(r.minimumShippingPrice),
    });
  }
  return struct(common(o));
}

/** getProductBasedShippingOption's sample carries only these three members. */
const productStruct = (o: ShippingOption): XmlRpcStruct => struct({ id: String(o.id), description: o.description, name: o.name });

function rangeStruct(o: ShippingOption, r: ShippingRange): XmlRpcStruct {
  // Keap omits null fields: an open-ended range has no maximum member.
  return struct({ optionId: String(o.id), minimum: javaDouble(r.minimum), ...(r.maximum !== undefined ? { maximum: javaDouble(r.maximum) } : {}), price: javaDouble(r.price) });
}

async function ofType(deps: KeapDeps, id: XmlRpcValue, type: ShippingType): Promise<ShippingOption | undefined> {
  const row = await deps.store.get<ShippingOptionRow>(SHIPPING_OPTION, toInt(id, 'optionId'));
  return row && row.rule.type === type ? toShippingOption(row) : undefined;
}

const getter = (type: ShippingType, answer: (o: ShippingOption) => XmlRpcValue = optionStruct): KeapMethod => ({
  params: ['optionId'], returns: 'struct',
  help: `the ${type} option's struct of strings, or an empty array when optionId is not a ${type} option`,
  async run(deps, a) {
    const o = await ofType(deps, a[0], type);
    return o ? answer(o) : NONE;
  },
});

const ranges = (type: 'OrderTotal' | 'Weight'): KeapMethod => ({
  params: ['optionId'], returns: 'array',
  help: `the ${type} option's ranges (minimum, maximum, price), or an empty array`,
  async run(deps, a) {
    const o = await ofType(deps, a[0], type);
    return o && (o.rule.type === 'OrderTotal' || o.rule.type === 'Weight') ? o.rule.ranges.map((r) => rangeStruct(o, r)) : NONE;
  },
});

/** Shared by ShippingService and InvoiceService (Keap serves the same list on both). */
export const getAllShippingOptions: KeapMethod = {
  params: [], returns: 'array',
  help: 'every configured option (active or not), by id, each as its get*ShippingOption struct',
  async run(deps) {
    return (await allShippingOptions(deps.store)).map(optionStruct);
  },
};

const METHODS: Record<string, KeapMethod> = {
  getAllShippingOptions,
  getFlatRateShippingOption: getter('Flat'),
  getOrderTotalShippingOption: getter('OrderTotal'),
  getOrderTotalShippingRanges: ranges('OrderTotal'),
  getProductBasedShippingOption: getter('Product', productStruct),
  getOrderQuantityShippingOption: getter('Quantity'),
  getWeightBasedShippingOption: getter('Weight'),
  getWeightBasedShippingRanges: ranges('Weight'),
  getUpsShippingOption: {
    params: ['optionId'], returns: 'struct',
    help: 'always an empty array: UPS rating is not offered, so no UPS option exists',
    async run(_deps, a) {
      toInt(a[0], 'optionId');
      return NONE;
    },
  },
};

export function shippingServiceMethods(deps: KeapDeps): MethodSpec[] {
  return toMethodSpecs('ShippingService', METHODS, deps);
}
