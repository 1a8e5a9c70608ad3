// A Keap service as a table: method name → parameter names (after the key) and a runner. One
// place turns the table into dispatcher MethodSpecs with arity checks, help and signatures.
import type { MethodSpec } from '../../xmlrpc/handler.js';
import type { XmlRpcValue } from '../../xmlrpc/types.js';
import { arity, optional, toBool, toInt, toStr } from '../../xmlrpc/coerce.js';
import type { KeapDeps } from '../deps.js';

export interface KeapMethod {
  /** Parameter names after the key slot. */
  params: string[];
  /** Fewest parameters accepted after the key (default: all). */
  min?: number;
  /** XML-RPC return type, for system.methodSignature. */
  returns: string;
  /** Receives the parameters AFTER the key. */
  run: (deps: KeapDeps, args: XmlRpcValue[]) => Promise<XmlRpcValue>;
}

/** XML-RPC type of each parameter name, for system.methodSignature (alternatives for either-or params). */
export const PARAM_TYPES: Record<string, string[]> = {
  contactId: ['int'], invoiceId: ['int'], orderId: ['int'], productId: ['int'], creditCardId: ['int'],
  merchantAccountId: ['int'], leadAffiliateId: ['int'], saleAffiliateId: ['int'], payPlanId: ['int'],
  type: ['int'], quantity: ['int'], price: ['double'], amt: ['double'],
  description: ['string'], notes: ['string'], paymentType: ['string'], paymentDescription: ['string'], last4: ['string'],
  orderDate: ['dateTime.iso8601'], paymentDate: ['dateTime.iso8601'],
  bypassCommissions: ['boolean'], processSpecials: ['boolean'],
  productIds: ['array'], subscriptionPlanIds: ['array'], promoCodes: ['array'],
  creditCardIdOrCard: ['int', 'struct'],
  // DiscountService (src/keap/discount-service.ts uses this table too; keap-doc-signatures.md).
  id: ['int'], trialId: ['int'], subscriptionPlanId: ['int'], productCategoryId: ['int'], freeTrialDays: ['int'],
  hidePrice: ['int'], applyDiscountToCommission: ['int'], percentOrAmt: ['int'], name: ['string'], payType: ['string'],
};
/** A parameter nobody typed is documented as a string rather than breaking registration. */
const UNTYPED = ['string'];

/** Every combination of the parameters' alternative types, for the full parameter list. */
function signatures(returns: string, params: string[]): string[][] {
  let sigs: string[][] = [[returns, 'string']];
  for (const p of params) {
    const types = PARAM_TYPES[p] ?? UNTYPED;
    sigs = sigs.flatMap((sig) => types.map((t) => [...sig, t]));
  }
  return sigs;
}

export function toMethodSpecs(service: string, methods: Record<string, KeapMethod>, deps: KeapDeps): MethodSpec[] {
  return Object.entries(methods).map(([method, m]) => {
    const name = `${service}.${method}`;
    const max = m.params.length;
    return {
      name,
      help: `${name}(key${m.params.map((p) => `, ${p}`).join('')}) → ${m.returns}`,
      signatures: signatures(m.returns, m.params),
      handler: async (params) => {
        arity(params, 1 + (m.min ?? max), 1 + max, name);
        return m.run(deps, params.slice(1));
      },
    };
  });
}

// Optional trailing parameters: absent or <nil/> → the default.
export const optStr = (v: XmlRpcValue, name: string): string => (optional(v) === undefined ? '' : toStr(v, name));
export const optInt = (v: XmlRpcValue, name: string): number => (optional(v) === undefined ? 0 : toInt(v, name));
export const optBool = (v: XmlRpcValue, name: string): boolean => (optional(v) === undefined ? false : toBool(v, name));
