// DataService (keap-xmlrpc.md §4.1): generic table access through the table registry, declared
// as a method table (method-table.ts: arity, help, signatures).
import { struct, XmlDateTime, XmlDouble, type XmlRpcValue } from '../xmlrpc/types.js';
import type { CallContext, MethodSpec } from '../xmlrpc/handler.js';
import type { FieldDef, Row, TableDef } from './tables/types.js';
import { optional, toBool, toInt, toStr, toStrArray, toStruct } from '../xmlrpc/coerce.js';
import { faults } from './faults.js';
import { toMethodSpecs, type KeapMethod } from './method-table.js';
import { countRows, queryRows } from './query.js';
import {
  parseWriteValues, readableFields, requireField, requireTableAccess, rowToStruct, tableDef,
} from './tables/registry.js';
import { CUSTOM_FIELD_METHODS } from './tables/data-form-field.js';
import { loadRecord, updateRecord } from './tables/record-ops.js';
import { USER_METHODS } from './user-methods.js';
import type { KeapDeps } from './deps.js';

/**
 * getAppSetting answers, by module and setting (lower-cased). `Application.enabled` is the iSDK's
 * connect probe: any reply without "ERROR" passes. Unknown settings answer an empty string.
 */
type Setting = (deps: KeapDeps) => string;
export const APP_SETTINGS: ReadonlyMap<string, ReadonlyMap<string, Setting>> = new Map(Object.entries({
  application: { enabled: () => 'yes' },
  // optiontypes: the contact types of the docs sample, a comma-separated list like the others.
  contact: {
    optiontitles: () => 'Mr.,Mrs.,Ms.,Dr.', optionsuffixes: () => 'Jr.,Sr.,II,III',
    optiontypes: () => 'Prospect,Customer,Partner,Personal Contact,Vendor',
  },
  order: { defaultcurrency: (d) => d.config.currency },
  invoice: { timezone: (d) => d.config.timeZone },
} satisfies Record<string, Record<string, Setting>>).map(([module, settings]) => [module, new Map(Object.entries(settings))]));

function fieldsParam(v: XmlRpcValue, name: string): string[] {
  const fields = toStrArray(v, name);
  if (fields.length === 0) throw faults.invalidParameter(`${name} must name at least one field`);
  return fields;
}

const tz = (deps: KeapDeps) => deps.config.timeZone;

/** The table a call names (argument 0), refused unless it grants `access` (E, D, A or R). */
function tableArg(v: XmlRpcValue, access: 'E' | 'D' | 'A' | 'R'): TableDef {
  const t = tableDef(toStr(v, 'table'));
  requireTableAccess(t, access);
  return t;
}

/** Rows as reply structs, each charged to the request's budget (rows and reply bytes). */
async function delivered(deps: KeapDeps, rows: Row[], fields: FieldDef[], ctx: CallContext): Promise<XmlRpcValue[]> {
  const out = [];
  for (const r of rows) {
    const s = rowToStruct(r, fields, tz(deps));
    ctx.state.budget.deliver(s);
    out.push(s);
    await ctx.state.budget.pace();
  }
  return out;
}

const METHODS: Record<string, KeapMethod> = {
  add: {
    params: ['table', 'values'], returns: 'int', help: 'the new record Id',
    async run(deps, a) {
      const t = tableArg(a[0], 'A');
      const values = parseWriteValues(t, toStruct(a[1], 'values'), 'A', tz(deps));
      const insert = t.source.insert;
      if (!insert) throw faults.noTableAccess(t.name, 'add');
      return deps.store.transact((tx) => insert(deps, tx, values));
    },
  },
  load: {
    params: ['table', 'recordId', 'selectedFields'], returns: 'struct', help: 'the non-empty requested fields; fault 5 when the id does not exist',
    async run(deps, a) {
      const t = tableArg(a[0], 'R');
      const id = toInt(a[1], 'id');
      return loadRecord(deps, t, id, readableFields(t, fieldsParam(a[2], 'selectedFields')));
    },
  },
  update: {
    params: ['table', 'recordId', 'values'], returns: 'int', help: 'the Id; fault 5 when the id does not exist',
    async run(deps, a) {
      const t = tableArg(a[0], 'E');
      const id = toInt(a[1], 'id');
      return updateRecord(deps, t, id, parseWriteValues(t, toStruct(a[2], 'values'), 'E', tz(deps)));
    },
  },
  delete: {
    params: ['table', 'recordId'], returns: 'boolean', help: 'true when deleted, false when there was no such record',
    async run(deps, a) {
      const t = tableArg(a[0], 'D');
      const id = toInt(a[1], 'id');
      const remove = t.source.remove;
      if (!remove) throw faults.noTableAccess(t.name, 'delete');
      return deps.store.transact(async (tx) => {
        if (!(await t.source.get(deps, tx, id))) return false;
        await remove(deps, tx, id);
        return true;
      });
    },
  },
  findByField: {
    params: ['table', 'limit', 'page', 'fieldName', 'fieldValue', 'returnFields'], returns: 'array', help: 'array of structs',
    async run(deps, a, ctx) {
      const limit = toInt(a[1], 'limit');
      const page = toInt(a[2], 'page');
      const fieldName = toStr(a[3], 'fieldName');
      const value = a[4] === null || a[4] === undefined ? '~null~' : a[4];
      if (typeof value === 'object' && !(value instanceof XmlDouble) && !(value instanceof XmlDateTime)) {
        throw faults.invalidParameter('fieldValue must be a single value (string, number or date)');
      }
      const selected = toStrArray(a[5], 'returnFields');
      const t = tableArg(a[0], 'R');
      requireField(t, fieldName, 'R');
      const fields = readableFields(t, fieldsParam(selected, 'returnFields'));
      const rows = await queryRows(deps, deps.store, t, struct({ [fieldName]: value }), { limit, page }, ctx.state.budget);
      return delivered(deps, rows, fields, ctx);
    },
  },
  query: {
    params: ['table', 'limit', 'page', 'queryData', 'selectedFields', 'orderBy', 'ascending'], min: 5, returns: 'array',
    help: 'array of structs, default order Id ascending',
    async run(deps, a, ctx) {
      const t = tableArg(a[0], 'R');
      const fields = readableFields(t, fieldsParam(a[4], 'selectedFields'));
      const orderBy = optional(a[5]);
      const ascending = optional(a[6]);
      const rows = await queryRows(deps, deps.store, t, toStruct(a[3], 'queryData'), {
        limit: toInt(a[1], 'limit'),
        page: toInt(a[2], 'page'),
        orderBy: orderBy === undefined || orderBy === '' ? undefined : toStr(orderBy, 'orderBy'),
        ascending: ascending === undefined ? true : toBool(ascending, 'ascending'),
      }, ctx.state.budget);
      return delivered(deps, rows, fields, ctx);
    },
  },
  count: {
    params: ['table', 'queryData'], returns: 'int', help: 'number of matching records',
    async run(deps, a, ctx) {
      const t = tableArg(a[0], 'R');
      return countRows(deps, deps.store, t, toStruct(a[1], 'queryData'), ctx.state.budget);
    },
  },
  getAppSetting: {
    params: ['module', 'setting'], returns: 'string', help: '"" when unknown',
    async run(deps, a) {
      const module = toStr(a[0], 'module').toLowerCase();
      const setting = toStr(a[1], 'setting').toLowerCase();
      return APP_SETTINGS.get(module)?.get(setting)?.(deps) ?? '';
    },
  },
  ...CUSTOM_FIELD_METHODS,
  ...USER_METHODS,
};

export function dataServiceMethods(deps: KeapDeps): MethodSpec[] {
  return toMethodSpecs('DataService', METHODS, deps);
}
