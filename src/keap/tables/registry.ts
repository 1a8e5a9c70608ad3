// Every table the gateway serves, and the access rules (keap-xmlrpc.md §4.3) enforced on them:
// fault 9 unknown table, 7 table letter missing, 10 unknown field, 8 field letter missing, 11 no fields.
import { Fault, struct, type XmlRpcStruct, type XmlRpcValue } from '../../xmlrpc/types.js';
import { faults } from '../faults.js';
import { COMMERCE_TABLES } from './commerce.js';
import { CONTACT_TABLE } from './contact.js';
import { INVOICE_VIEWS } from './invoice-views.js';
import { DATA_FORM_FIELD_TABLE } from './data-form-field.js';
import { tagTables } from './tags.js';
import { USER_TABLE } from './users.js';
import { AFFILIATE_TABLES } from './affiliates.js';
import { TEMPLATE_TABLE } from '../email/templates.js';
import { SUBSCRIPTION_TABLES } from './subscriptions.js';
import { INCOMING, OUTGOING } from './values.js';
import type { FieldDef, Row, TableDef } from './types.js';
import { own } from '../../own.js';

export const TABLES: ReadonlyMap<string, TableDef> = new Map(
  [CONTACT_TABLE, ...COMMERCE_TABLES, ...INVOICE_VIEWS, DATA_FORM_FIELD_TABLE, ...tagTables(), USER_TABLE, TEMPLATE_TABLE, ...AFFILIATE_TABLES, ...SUBSCRIPTION_TABLES].map((t) => [t.name, t]),
);

/** Access letter → the word used in fault messages. */
export const ACCESS_WORD: Record<string, string> = { E: 'edit', D: 'delete', A: 'add', R: 'read' };

export function tableDef(name: string): TableDef {
  const t = TABLES.get(name);
  if (!t) throw faults.noTableFound(name);
  return t;
}

/**
 * Extra guidance appended to access faults where clients predictably try the wrong path: a promo
 * code cannot be put on an existing invoice or order (docs/keap-orders.md).
 */
export const PROMO_HINT = 'promo codes are applied by OrderService.placeOrder(key, contactId, cardId, planId, productIds, subscriptionIds, true, [codes]); find its invoice by Invoice.JobId = OrderId';
const WRITE_HINTS: Record<string, string> = { Invoice: PROMO_HINT, InvoiceItem: PROMO_HINT, 'Job.PromoCode': PROMO_HINT };

const withHint = (fault: Fault, key: string): Fault => {
  const hint = own(WRITE_HINTS, key);
  return hint ? new Fault(fault.faultCode, `${fault.faultString}; ${hint}`) : fault;
};

/** Table-level access: fault 7 without the letter. */
export function requireTableAccess(t: TableDef, letter: 'E' | 'D' | 'A' | 'R'): void {
  if (!t.access.includes(letter)) {
    const fault = faults.noTableAccess(t.name, ACCESS_WORD[letter]);
    throw letter === 'R' ? fault : withHint(fault, t.name);
  }
}

const CUSTOM_FIELD = /^_[A-Za-z][A-Za-z0-9_]{0,63}$/;

export function fieldDef(t: TableDef, name: string): FieldDef {
  const f = t.fields.get(name);
  if (f) return f;
  if (t.customFields && CUSTOM_FIELD.test(name)) return { name, type: 'String', access: t.access };
  throw withHint(faults.noFieldFound(t.name, name), `${t.name}.${name}`);
}

/** Field-level access: fault 10 unknown, 8 without the letter. */
export function requireField(t: TableDef, name: string, letter: 'E' | 'A' | 'R'): FieldDef {
  const f = fieldDef(t, name);
  if (!f.access.includes(letter)) throw faults.noFieldAccess(t.name, name, ACCESS_WORD[letter]);
  return f;
}

/** Check a selected-fields list before any read. */
export function readableFields(t: TableDef, names: string[]): FieldDef[] {
  return names.map((n) => requireField(t, n, 'R'));
}

/** A row as the struct Keap returns: only the requested fields, nulls omitted. */
export function rowToStruct(row: Row, fields: FieldDef[], timeZone: string): XmlRpcStruct {
  const out = struct();
  for (const f of fields) {
    const v = row[f.name];
    if (v === undefined || v === null) continue;
    out[f.name] = OUTGOING[f.type](v, timeZone);
  }
  return out;
}

/**
 * Wire values for add ('A') or update ('E') → stored values. Members whose value is nil are
 * skipped; nothing left → fault 11.
 */
export function parseWriteValues(t: TableDef, values: XmlRpcStruct, letter: 'A' | 'E', timeZone: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(values)) {
    const f = requireField(t, name, letter);
    if (v === null || v === undefined) continue;
    out[name] = INCOMING[f.type](v as XmlRpcValue, name, timeZone);
  }
  if (Object.keys(out).length === 0) throw faults.noFields(t.name);
  return out;
}
