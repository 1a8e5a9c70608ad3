// Result structs of InvoiceService/OrderService, and view rows turned into wire structs with the
// table's XML types (Payment rows for getPayments come from keap-data's invoice views).
import { struct, type XmlRpcStruct, type XmlRpcValue } from '../../xmlrpc/types.js';
import { OUTGOING } from '../tables/values.js';
import type { Row, TableDef } from '../tables/types.js';
import type { ChargeOutcome } from '../../orders/charge.js';

/** A row as Keap sends it: typed by the table's field types, null/undefined members omitted. */
export function rowStruct(table: TableDef, row: Row, timeZone: string): XmlRpcStruct {
  const s = struct();
  for (const [name, def] of table.fields) {
    const v = row[name];
    if (v !== undefined && v !== null) s[name] = OUTGOING[def.type](v, timeZone);
  }
  return s;
}

/**
 * getPayments members, in the docs sample's order: the Payment row without Commission, PayNote ""
 * and ChargeId 0 when there are none (the sample shows both members present, empty).
 */
const PAYMENT_MEMBERS = ['Id', 'PayDate', 'UserId', 'PayAmt', 'PayType', 'ContactId', 'PayNote', 'InvoiceId', 'RefundId', 'ChargeId', 'Synced'];

export function paymentStruct(paymentView: TableDef, row: Row, timeZone: string): XmlRpcStruct {
  const full: Row = { ...row, PayNote: row.PayNote ?? '', ChargeId: row.ChargeId ?? 0 };
  const s = struct();
  for (const name of PAYMENT_MEMBERS) {
    const def = paymentView.fields.get(name)!;
    const v = full[name];
    if (v !== undefined && v !== null) s[name] = OUTGOING[def.type](v, timeZone);
  }
  return s;
}

/** chargeInvoice's answer: Successful is a real boolean, the rest untyped strings (docs sample). */
export function chargeStruct(c: ChargeOutcome): XmlRpcStruct {
  return struct({ Successful: c.successful, Code: c.code, RefNum: c.refNum, Message: c.message });
}

export interface PlaceOrderAnswer {
  successful: boolean;
  message: string;
  refNum: string;
  orderId: number;
  invoiceId: number;
  code: string;
  /** Optional extension members (config keap.promoOutcomeMembers), already strings. */
  extra?: Record<string, string>;
}

/** placeOrder's answer: every value a string, booleans as "true"/"false" (docs sample, .NET client). */
export function placeOrderStruct(a: PlaceOrderAnswer): XmlRpcStruct {
  const s: Record<string, XmlRpcValue> = {
    Successful: String(a.successful), Message: a.message, RefNum: a.refNum,
    OrderId: String(a.orderId), InvoiceId: String(a.invoiceId), Code: a.code,
  };
  return struct({ ...s, ...(a.extra ?? {}) });
}
