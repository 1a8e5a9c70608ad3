// ContactService (keap-xmlrpc.md §5): contacts are domain clients seen through the Contact table,
// so the same field names, access letters and faults apply as in DataService.
import type { MethodSpec } from '../xmlrpc/handler.js';
import type { XmlRpcStruct } from '../xmlrpc/types.js';
import { toInt, toStr, toStrArray, toStruct } from '../xmlrpc/coerce.js';
import { checkArity, faults } from './faults.js';
import { quoted } from '../errors.js';
import { parseWriteValues, readableFields, rowToStruct, tableDef } from './tables/registry.js';
import { contactsByEmail } from './tables/contact.js';
import type { Row } from './tables/types.js';
import type { KeapDeps } from './deps.js';

const same = (a: unknown, b: unknown) => String(a ?? '').trim().toLowerCase() === String(b ?? '').trim().toLowerCase();

/** addWithDupCheck modes: which fields, besides Email, must also match for a duplicate. */
export const DUP_CHECKS: Record<string, string[]> = {
  Email: [],
  EmailAndName: ['FirstName', 'LastName'],
  EmailAndNameAndCompany: ['FirstName', 'LastName', 'Company'],
};

/** Contact.Groups is Keap's comma-separated tag id list; ids kept unique and ascending. */
function withGroup(groups: unknown, tagId: number, add: boolean): string {
  const ids = new Set(String(groups ?? '').split(',').map((g) => Number(g.trim())).filter((n) => Number.isSafeInteger(n) && n > 0));
  if (add) ids.add(tagId); else ids.delete(tagId);
  return [...ids].sort((a, b) => a - b).join(',');
}

export function contactServiceMethods(deps: KeapDeps): MethodSpec[] {
  const contact = tableDef('Contact');
  const tz = () => deps.config.timeZone;
  const source = contact.source;

  async function add(values: XmlRpcStruct): Promise<number> {
    const parsed = parseWriteValues(contact, values, 'A', tz());
    return deps.store.transact((tx) => source.insert!(deps, tx, parsed));
  }

  /** addToGroup / removeFromGroup: any positive tag id is accepted (there is no ContactGroup table). */
  const groupMethod = (name: string, add: boolean): MethodSpec => ({
    name: `ContactService.${name}`,
    help: `${name}(key, contactId, tagId) → true; fault 5 when the contact does not exist`,
    signatures: [['boolean', 'string', 'int', 'int']],
    handler: async (p) => {
      checkArity(p, 3, 3, `ContactService.${name}`);
      const id = toInt(p[1], 'contactId');
      const tagId = toInt(p[2], 'groupId');
      if (tagId <= 0) throw faults.invalidParameter(`groupId must be a positive tag id, got ${tagId}`);
      return deps.store.transact(async (tx) => {
        const row = await source.get(deps, tx, id);
        if (!row) throw faults.recordNotFound('Contact', id);
        await source.update!(deps, tx, id, { Groups: withGroup(row.Groups, tagId, add) });
        return true;
      });
    },
  });

  return [
    groupMethod('addToGroup', true),
    groupMethod('removeFromGroup', false),
    {
      name: 'ContactService.add',
      help: 'add(key, data) → new contact Id',
      signatures: [['int', 'string', 'struct']],
      handler: async (p) => {
        checkArity(p, 2, 2, 'ContactService.add');
        return add(toStruct(p[1], 'data'));
      },
    },
    {
      name: 'ContactService.update',
      help: 'update(key, contactId, data) → contact Id; fault 5 when it does not exist',
      signatures: [['int', 'string', 'int', 'struct']],
      handler: async (p) => {
        checkArity(p, 3, 3, 'ContactService.update');
        const id = toInt(p[1], 'contactId');
        const values = parseWriteValues(contact, toStruct(p[2], 'data'), 'E', tz());
        return deps.store.transact(async (tx) => {
          if (!(await source.get(deps, tx, id))) throw faults.recordNotFound('Contact', id);
          await source.update!(deps, tx, id, values);
          return id;
        });
      },
    },
    {
      name: 'ContactService.load',
      help: 'load(key, contactId, selectedFields[]) → struct; fault 5 when it does not exist',
      signatures: [['struct', 'string', 'int', 'array']],
      handler: async (p) => {
        checkArity(p, 3, 3, 'ContactService.load');
        const id = toInt(p[1], 'contactId');
        const fields = readableFields(contact, toStrArray(p[2], 'selectedFields'));
        const row = await source.get(deps, deps.store, id);
        if (!row) throw faults.recordNotFound('Contact', id);
        return rowToStruct(row, fields, tz());
      },
    },
    {
      name: 'ContactService.findByEmail',
      help: 'findByEmail(key, email, selectedFields[]) → array of contacts whose Email, EmailAddress2 or EmailAddress3 matches (case-insensitive)',
      signatures: [['array', 'string', 'string', 'array']],
      handler: async (p) => {
        checkArity(p, 3, 3, 'ContactService.findByEmail');
        const email = toStr(p[1], 'email');
        const fields = readableFields(contact, toStrArray(p[2], 'selectedFields'));
        if (!email.trim()) return [];
        return (await contactsByEmail(deps.store, email)).map((r) => rowToStruct(r, fields, tz()));
      },
    },
    {
      name: 'ContactService.addWithDupCheck',
      help: 'addWithDupCheck(key, data, "Email" | "EmailAndName" | "EmailAndNameAndCompany") → Id of the updated duplicate or the new contact',
      signatures: [['int', 'string', 'struct', 'string']],
      handler: async (p) => {
        checkArity(p, 3, 3, 'ContactService.addWithDupCheck');
        const data = toStruct(p[1], 'data');
        const mode = toStr(p[2], 'dupCheckType');
        const extraFields = DUP_CHECKS[mode];
        if (!extraFields) throw faults.invalidParameter(`dupCheckType must be one of ${Object.keys(DUP_CHECKS).join(', ')}, got ${quoted(mode)}`);
        const values = parseWriteValues(contact, data, 'A', tz());
        const email = typeof values.Email === 'string' ? values.Email : '';
        return deps.store.transact(async (tx) => {
          const candidates: Row[] = email.trim() ? await contactsByEmail(tx, email) : [];
          const dup = candidates.find((c) => same(c.Email, email) && extraFields.every((f) => same(c[f], values[f])));
          if (!dup) return source.insert!(deps, tx, values);
          await source.update!(deps, tx, dup.Id, values);
          return dup.Id;
        });
      },
    },
  ];
}
