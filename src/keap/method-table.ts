// THE way to declare a Keap method: a service is a table, method name → parameter names (after
// the key slot), return type and a runner. toMethodSpecs turns every table into dispatcher
// MethodSpecs with the one arity rule, help and signatures, so no method can escape them.
//
// The fault rule (keap-xmlrpc.md §1.6, docs/faults.md): a parameter list of the wrong length is
// the Java layer's "No method matching arguments" — fault 0, no tag, as Keap's Apache XML-RPC
// servlet answers before any service code runs; a value of the right position that cannot be
// coerced is fault 12 [InvalidParameter] (src/xmlrpc/coerce.ts InvalidParam → src/keap/faults.ts).
import type { CallContext, MethodSpec } from '../xmlrpc/handler.js';
import type { XmlRpcValue } from '../xmlrpc/types.js';
import { arity, optional, toBool, toInt, toStr } from '../xmlrpc/coerce.js';
import { Fault } from '../xmlrpc/types.js';
import { INVALID_REQUEST } from '../xmlrpc/fault-codes.js';
import type { KeapDeps } from './deps.js';

export interface KeapMethod {
  /** Parameter names after the key slot. */
  params: string[];
  /** Fewest parameters accepted after the key (default: all). */
  min?: number;
  /**
   * The only counts accepted (after the key) when not every count from min to all is a form of the
   * method: sendEmail takes 2 (template) or 9 (raw). Other counts are fault 0, like a wrong arity.
   */
  forms?: number[];
  /** XML-RPC return type, for system.methodSignature. */
  returns: string;
  /** What the method answers, for system.methodHelp (after the generated parameter list). */
  help?: string;
  /**
   * The key slot may be left out (DataService.getUserInfo, which OAuth-era clients call with no
   * parameters and the credential in the HTTP header); the auth wrapper still demands a credential.
   */
  keyOptional?: boolean;
  /**
   * The accepted parameter lists when they are not prefixes of `params` (addRecurringOrder's 7- and
   * 10-argument forms): system.methodSignature lists these, and run() refuses other lengths.
   */
  signatures?: string[][];
  /** Receives the parameters AFTER the key. */
  run: (deps: KeapDeps, args: XmlRpcValue[], ctx: CallContext) => Promise<XmlRpcValue>;
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
  // DataService, ContactService, APIEmailService, ProductService.
  table: ['string'], values: ['struct'], recordId: ['int'], selectedFields: ['array'], returnFields: ['array'],
  limit: ['int'], page: ['int'], fieldName: ['string'], fieldValue: ['string'], queryData: ['struct'],
  orderBy: ['string'], ascending: ['boolean'], module: ['string'], setting: ['string'],
  customFieldType: ['string'], displayName: ['string'], dataType: ['string'], headerId: ['int'], customFieldId: ['int'],
  data: ['struct'], email: ['string'], dupCheckType: ['string'], groupId: ['int'], reason: ['string'],
  username: ['string'], passwordHash: ['string'], vendorKey: ['string'],
  // APIAffiliateService, AffiliateService and the InvoiceService commission overrides.
  affiliateId: ['int'], affiliateIds: ['array'], filterStartDate: ['dateTime.iso8601'], filterEndDate: ['dateTime.iso8601'],
  recurringOrderId: ['int'], percentage: ['int'], amount: ['double'], payoutType: ['int'], date: ['dateTime.iso8601'],
  // APIEmailService (src/keap/api-email-service.ts; the Ruby gem's recordings, the iSDK).
  contactList: ['array'], templateId: ['int'], fromName: ['string'], fromAddress: ['string'], toAddress: ['string'],
  ccAddress: ['string'], bccAddress: ['string'], ccAddresses: ['string'], bccAddresses: ['string'], contentType: ['string'],
  subject: ['string'], htmlBody: ['string'], textBody: ['string'], pieceTitle: ['string'], categories: ['string'],
  mergeContext: ['string'], header: ['string'], receivedDate: ['string', 'dateTime.iso8601'],
  sentDate: ['string', 'dateTime.iso8601'], emailSentType: ['int'],
  // ShippingService (src/keap/shipping-service.ts).
  optionId: ['int'],
  // Subscriptions and payment plans (src/keap/subscription-methods.ts).
  nextBillDate: ['dateTime.iso8601'], autoCharge: ['boolean'], daysBetweenRetry: ['int'],
  maxRetry: ['int'], initialPmtAmt: ['double'], initialPmtDate: ['dateTime.iso8601'], planStartDate: ['dateTime.iso8601'],
  numPmts: ['int'], daysBetweenPmts: ['int'],
};
/** A parameter nobody typed is documented as a string rather than breaking registration. */
const UNTYPED = ['string'];

/** Every combination of the parameters' alternative types, for each accepted length (min..all). */
function signatures(returns: string, params: string[], min: number, forms?: number[]): string[][] {
  const accepted = (n: number) => n >= min && (!forms || forms.includes(n));
  let sigs: string[][] = [[returns, 'string']];
  const out: string[][] = accepted(0) ? [...sigs] : [];
  params.forEach((p, i) => {
    const types = PARAM_TYPES[p] ?? UNTYPED;
    sigs = sigs.flatMap((sig) => types.map((t) => [...sig, t]));
    if (accepted(i + 1)) out.push(...sigs);
  });
  return out;
}

export function toMethodSpecs(service: string, methods: Record<string, KeapMethod>, deps: KeapDeps): MethodSpec[] {
  return Object.entries(methods).map(([method, m]) => {
    const name = `${service}.${method}`;
    const max = m.params.length;
    const min = m.min ?? max;
    const list = m.params.map((p, i) => (i < min ? `, ${p}` : `[, ${p}]`)).join('');
    return {
      name,
      help: `${name}(key${list}) → ${m.returns}${m.help ? `: ${m.help}` : ''}`,
      signatures: m.signatures?.map((sig) => [m.returns, 'string', ...sig])
        ?? (m.keyOptional ? [[m.returns], ...signatures(m.returns, m.params, min)] : signatures(m.returns, m.params, min, m.forms)),
      handler: async (params, ctx) => {
        const keyless = m.keyOptional === true && params.length === max;
        arity(params, keyless ? min : 1 + min, 1 + max, name);
        if (m.forms && !m.forms.includes(params.length - 1)) {
          throw new Fault(INVALID_REQUEST, `No method matching arguments: ${name} takes ${m.forms.map((n) => n + 1).join(' or ')} parameters, got ${params.length}`);
        }
        return m.run(deps, keyless ? params : params.slice(1), ctx);
      },
    };
  });
}

// Optional trailing parameters: absent or <nil/> → the default.
export const optStr = (v: XmlRpcValue, name: string): string => (optional(v) === undefined ? '' : toStr(v, name));
export const optInt = (v: XmlRpcValue, name: string): number => (optional(v) === undefined ? 0 : toInt(v, name));
export const optBool = (v: XmlRpcValue, name: string): boolean => (optional(v) === undefined ? false : toBool(v, name));
