// DataService (keap-xmlrpc.md §4.1): generic table access through the table registry. Every
// method receives the key slot at params[0] (checked by register.ts).
import { struct, type XmlRpcValue } from '../xmlrpc/types.js';
import type { CallContext, MethodSpec } from '../xmlrpc/handler.js';
import type { FieldDef, Row } from './tables/types.js';
import { optional, toBool, toInt, toStr, toStrArray, toStruct } from '../xmlrpc/coerce.js';
import { checkArity, faults } from './faults.js';
import { countRows, queryRows } from './query.js';
import {
  parseWriteValues, readableFields, requireField, requireTableAccess, rowToStruct, tableDef,
} from './tables/registry.js';
import { customFieldMethods } from './tables/data-form-field.js';
import type { KeapDeps } from './deps.js';

/**
 * getAppSetting answers, by module and setting (lower-cased). `Application.enabled` is the iSDK's
 * connect probe: any reply without "ERROR" passes. Unknown settings answer an empty string.
 */
type Setting = (deps: KeapDeps) => string;
export const APP_SETTINGS: ReadonlyMap<string, ReadonlyMap<string, Setting>> = new Map(Object.entries({
  application: { enabled: () => 'yes' },
  contact: { optiontitles: () => 'Mr.,Mrs.,Ms.,Dr.', optionsuffixes: () => 'Jr.,Sr.,II,III' },
  order: { defaultcurrency: (d) => d.config.currency },
  invoice: { timezone: (d) => d.config.timeZone },
} satisfies Record<string, Record<string, Setting>>).map(([module, settings]) => [module, new Map(Object.entries(settings))]));

function fieldsParam(v: XmlRpcValue, name: string): string[] {
  const fields = toStrArray(v, name);
  if (fields.length === 0) throw faults.invalidParameter(`${name} must name at least one field`);
  return fields;
}

export function dataServiceMethods(deps: KeapDeps): MethodSpec[] {
  const tz = () => deps.config.timeZone;
  /** Rows as reply structs, each charged to the request's budget (rows and reply bytes). */
  const delivered = async (rows: Row[], fields: FieldDef[], ctx: CallContext) => {
    const out = [];
    for (const r of rows) {
      const s = rowToStruct(r, fields, tz());
      ctx.state.budget.deliver(s);
      out.push(s);
      await ctx.state.budget.pace();
    }
    return out;
  };
  return [
    {
      name: 'DataService.add',
      help: 'add(key, table, values) → new record Id',
      signatures: [['int', 'string', 'string', 'struct']],
      handler: async (p) => {
        checkArity(p, 3, 3, 'DataService.add');
        const t = tableDef(toStr(p[1], 'table'));
        requireTableAccess(t, 'A');
        const values = parseWriteValues(t, toStruct(p[2], 'values'), 'A', tz());
        const insert = t.source.insert;
        if (!insert) throw faults.noTableAccess(t.name, 'add');
        return deps.store.transact((tx) => insert(deps, tx, values));
      },
    },
    {
      name: 'DataService.load',
      help: 'load(key, table, id, fields[]) → struct of the non-empty requested fields; fault 5 when the id does not exist',
      signatures: [['struct', 'string', 'string', 'int', 'array']],
      handler: async (p) => {
        checkArity(p, 4, 4, 'DataService.load');
        const t = tableDef(toStr(p[1], 'table'));
        requireTableAccess(t, 'R');
        const id = toInt(p[2], 'id');
        const fields = readableFields(t, fieldsParam(p[3], 'selectedFields'));
        const row = await t.source.get(deps, deps.store, id);
        if (!row) throw faults.recordNotFound(t.name, id);
        return rowToStruct(row, fields, tz());
      },
    },
    {
      name: 'DataService.update',
      help: 'update(key, table, id, values) → the Id; fault 5 when the id does not exist',
      signatures: [['int', 'string', 'string', 'int', 'struct']],
      handler: async (p) => {
        checkArity(p, 4, 4, 'DataService.update');
        const t = tableDef(toStr(p[1], 'table'));
        requireTableAccess(t, 'E');
        const id = toInt(p[2], 'id');
        const values = parseWriteValues(t, toStruct(p[3], 'values'), 'E', tz());
        const update = t.source.update;
        if (!update) throw faults.noTableAccess(t.name, 'edit');
        return deps.store.transact(async (tx) => {
          if (!(await t.source.get(deps, tx, id))) throw faults.recordNotFound(t.name, id);
          await update(deps, tx, id, values);
          return id;
        });
      },
    },
    {
      name: 'DataService.delete',
      help: 'delete(key, table, id) → true when deleted, false when there was no such record',
      signatures: [['boolean', 'string', 'string', 'int']],
      handler: async (p) => {
        checkArity(p, 3, 3, 'DataService.delete');
        const t = tableDef(toStr(p[1], 'table'));
        requireTableAccess(t, 'D');
        const id = toInt(p[2], 'id');
        const remove = t.source.remove;
        if (!remove) throw faults.noTableAccess(t.name, 'delete');
        return deps.store.transact(async (tx) => {
          if (!(await t.source.get(deps, tx, id))) return false;
          await remove(deps, tx, id);
          return true;
        });
      },
    },
    {
      name: 'DataService.findByField',
      help: 'findByField(key, table, limit, page, fieldName, fieldValue, returnFields[]) → array of structs',
      signatures: [['array', 'string', 'string', 'int', 'int', 'string', 'string', 'array']],
      handler: async (p, ctx) => {
        checkArity(p, 7, 7, 'DataService.findByField');
        const t = tableDef(toStr(p[1], 'table'));
        requireTableAccess(t, 'R');
        const fieldName = toStr(p[4], 'fieldName');
        requireField(t, fieldName, 'R');
        const fields = readableFields(t, fieldsParam(p[6], 'returnFields'));
        const value = p[5] === null || p[5] === undefined ? '~null~' : p[5];
        const rows = await queryRows(deps, deps.store, t, struct({ [fieldName]: value }), {
          limit: toInt(p[2], 'limit'), page: toInt(p[3], 'page'),
        }, ctx.state.budget);
        return delivered(rows, fields, ctx);
      },
    },
    {
      name: 'DataService.query',
      help: 'query(key, table, limit, page, queryData, selectedFields[] [, orderBy, ascending]) → array of structs, default order Id ascending',
      signatures: [
        ['array', 'string', 'string', 'int', 'int', 'struct', 'array'],
        ['array', 'string', 'string', 'int', 'int', 'struct', 'array', 'string', 'boolean'],
      ],
      handler: async (p, ctx) => {
        checkArity(p, 6, 8, 'DataService.query');
        const t = tableDef(toStr(p[1], 'table'));
        requireTableAccess(t, 'R');
        const fields = readableFields(t, fieldsParam(p[5], 'selectedFields'));
        const orderBy = optional(p[6]);
        const ascending = optional(p[7]);
        const rows = await queryRows(deps, deps.store, t, toStruct(p[4], 'queryData'), {
          limit: toInt(p[2], 'limit'),
          page: toInt(p[3], 'page'),
          orderBy: orderBy === undefined || orderBy === '' ? undefined : toStr(orderBy, 'orderBy'),
          ascending: ascending === undefined ? true : toBool(ascending, 'ascending'),
        }, ctx.state.budget);
        return delivered(rows, fields, ctx);
      },
    },
    {
      name: 'DataService.count',
      help: 'count(key, table, queryData) → number of matching records',
      signatures: [['int', 'string', 'string', 'struct']],
      handler: async (p, ctx) => {
        checkArity(p, 3, 3, 'DataService.count');
        const t = tableDef(toStr(p[1], 'table'));
        requireTableAccess(t, 'R');
        return countRows(deps, deps.store, t, toStruct(p[2], 'queryData'), ctx.state.budget);
      },
    },
    {
      name: 'DataService.getAppSetting',
      help: 'getAppSetting(key, module, setting) → string ("" when unknown)',
      signatures: [['string', 'string', 'string', 'string']],
      handler: (p) => {
        checkArity(p, 3, 3, 'DataService.getAppSetting');
        const module = toStr(p[1], 'module').toLowerCase();
        const setting = toStr(p[2], 'setting').toLowerCase();
        return APP_SETTINGS.get(module)?.get(setting)?.(deps) ?? '';
      },
    },
    ...customFieldMethods(deps),
  ];
}
