// Custom field definitions (Keap table DataFormField) and DataService.addCustomField /
// updateCustomField. Custom `_Name` fields are accepted on Contact, Company and Job even when not
// defined here; defining them lets clients that set up fields first (and read DataFormField) work.
import type { MethodSpec } from '../../xmlrpc/handler.js';
import { struct, type XmlRpcStruct } from '../../xmlrpc/types.js';
import { toInt, toStr, toStruct } from '../../xmlrpc/coerce.js';
import { checkArity, faults } from '../faults.js';
import { quoted } from '../../errors.js';
import type { KeapDeps } from '../deps.js';
import { nativeSource } from './native.js';
import { defineTable, type TableDef } from './types.js';

const COLLECTION = 'DataFormField';

/** addCustomField "type" → DataFormField.FormId (Keap: negative ids for the built-in forms). */
export const FORM_IDS: Record<string, number> = {
  Contact: -1, Affiliate: -3, Opportunity: -4, 'Task/Appt/Note': -5, Company: -6, Order: -9, Subscription: -10,
};

/** addCustomField "dataType" → DataFormField.DataType code. */
export const DATA_TYPES: Record<string, number> = {
  Phone: 1, SSN: 2, Currency: 3, Percent: 4, State: 5, YesNo: 6, Year: 7, Month: 8, DayOfWeek: 9, Name: 10,
  DecimalNumber: 11, WholeNumber: 12, DateTime: 13, Date: 14, Text: 15, TextArea: 16, ListBox: 17, Website: 18,
  Email: 19, Radio: 20, Dropdown: 21, User: 22, Drilldown: 23,
};

/** Fields updateCustomField may change. */
const UPDATABLE = ['Label', 'DefaultValue', 'Values', 'ListRows', 'GroupId'];

export const DATA_FORM_FIELD_TABLE: TableDef = defineTable('DataFormField', 'R', {
  Id: 'Int', DataType: 'Int', FormId: 'Int', GroupId: 'Int', Name: 'String', Label: 'String',
  DefaultValue: 'String', Values: 'String', ListRows: 'Int',
}, nativeSource(COLLECTION, { indexed: ['FormId'] }));

/** Keap derives the field name from the label: letters and digits only ("Awesomeness Level" → AwesomenessLevel). */
export const fieldNameOf = (label: string) => label.replace(/[^A-Za-z0-9]/g, '');

export function customFieldMethods(deps: KeapDeps): MethodSpec[] {
  return [
    {
      name: 'DataService.addCustomField',
      help: `addCustomField(key, type (${Object.keys(FORM_IDS).join(', ')}), displayName, dataType (Text, TextArea, Dropdown, …), headerId) → new field Id; the field is then _<displayName without spaces>`,
      signatures: [['int', 'string', 'string', 'string', 'string', 'int']],
      handler: async (p) => {
        checkArity(p, 5, 5, 'DataService.addCustomField');
        const type = toStr(p[1], 'customFieldType');
        const label = toStr(p[2], 'displayName').trim();
        const dataType = toStr(p[3], 'dataType');
        const groupId = toInt(p[4], 'headerId');
        const formId = FORM_IDS[type];
        if (formId === undefined) throw faults.invalidParameter(`customFieldType must be one of ${Object.keys(FORM_IDS).join(', ')}, got ${quoted(type)}`);
        if (DATA_TYPES[dataType] === undefined) throw faults.invalidParameter(`dataType must be one of ${Object.keys(DATA_TYPES).join(', ')}, got ${quoted(dataType)}`);
        const name = fieldNameOf(label);
        if (!/^[A-Za-z]/.test(name)) throw faults.invalidParameter('displayName must start with a letter');
        return deps.store.transact(async (tx) => {
          const same = (await tx.findBy(COLLECTION, 'FormId', formId)).find((f) => String(f.Name).toLowerCase() === name.toLowerCase());
          if (same) throw faults.invalidParameter(`custom field _${name} already exists for ${type} (Id ${same.id})`);
          const id = await tx.nextId(COLLECTION);
          tx.put(COLLECTION, { id, FormId: formId, GroupId: groupId, Name: name, Label: label, DataType: DATA_TYPES[dataType] });
          return id;
        });
      },
    },
    {
      name: 'DataService.updateCustomField',
      help: `updateCustomField(key, fieldId, values {${UPDATABLE.join(', ')}}) → true; fault 5 when the field does not exist`,
      signatures: [['boolean', 'string', 'int', 'struct']],
      handler: async (p) => {
        checkArity(p, 3, 3, 'DataService.updateCustomField');
        const id = toInt(p[1], 'customFieldId');
        const values: XmlRpcStruct = toStruct(p[2], 'values');
        const patch = struct();
        for (const [k, v] of Object.entries(values)) {
          if (!UPDATABLE.includes(k)) throw faults.noFieldAccess('DataFormField', k, 'edit');
          patch[k] = k === 'ListRows' || k === 'GroupId' ? toInt(v, k) : toStr(v, k);
        }
        if (Object.keys(patch).length === 0) throw faults.noFields('DataFormField');
        return deps.store.transact(async (tx) => {
          const field = await tx.get(COLLECTION, id);
          if (!field) throw faults.recordNotFound('DataFormField', id);
          tx.put(COLLECTION, { ...field, ...patch, id });
          return true;
        });
      },
    },
  ];
}
