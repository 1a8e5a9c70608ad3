// ContactService (keap-xmlrpc.md §5): contacts are domain clients seen through the Contact table,
// so the same field names, access letters and faults apply as in DataService.
import type { MethodSpec } from '../xmlrpc/handler.js';
import type { XmlRpcStruct } from '../xmlrpc/types.js';
import { toInt, toStr, toStrArray, toStruct } from '../xmlrpc/coerce.js';
import { faults } from './faults.js';
import { quoted } from '../errors.js';
import { toMethodSpecs, type KeapMethod } from './method-table.js';
import { parseWriteValues, readableFields, rowToStruct, tableDef } from './tables/registry.js';
import { contactsByEmail } from './tables/contact.js';
import { loadRecord, updateRecord } from './tables/record-ops.js';
import { setTag } from './tables/tags.js';
import type { Row } from './tables/types.js';
import { own } from '../own.js';
import type { KeapDeps } from './deps.js';

const same = (a: unknown, b: unknown) => String(a ?? '').trim().toLowerCase() === String(b ?? '').trim().toLowerCase();

/** addWithDupCheck modes: which fields, besides Email, must also match for a duplicate. */
export const DUP_CHECKS: Record<string, string[]> = {
  Email: [],
  EmailAndName: ['FirstName', 'LastName'],
  EmailAndNameAndCompany: ['FirstName', 'LastName', 'Company'],
};

const contact = () => tableDef('Contact');
const tz = (deps: KeapDeps) => deps.config.timeZone;

async function add(deps: KeapDeps, values: XmlRpcStruct): Promise<number> {
  const parsed = parseWriteValues(contact(), values, 'A', tz(deps));
  return deps.store.transact((tx) => contact().source.insert!(deps, tx, parsed));
}

/** addToGroup / removeFromGroup: the tag must exist (DataService.add('ContactGroup', …)). */
const groupMethod = (adding: boolean): KeapMethod => ({
  params: ['contactId', 'groupId'], returns: 'boolean', help: 'true; fault 5 when the contact or the tag does not exist',
  async run(deps, a) {
    const id = toInt(a[0], 'contactId');
    const tagId = toInt(a[1], 'groupId');
    if (tagId <= 0) throw faults.invalidParameter(`groupId must be a positive tag id, got ${tagId}`);
    await deps.store.transact((tx) => setTag(deps, tx, id, tagId, adding));
    return true;
  },
});

const METHODS: Record<string, KeapMethod> = {
  addToGroup: groupMethod(true),
  removeFromGroup: groupMethod(false),
  add: {
    params: ['data'], returns: 'int', help: 'new contact Id',
    run: (deps, a) => add(deps, toStruct(a[0], 'data')),
  },
  update: {
    params: ['contactId', 'data'], returns: 'int', help: 'contact Id; fault 5 when it does not exist',
    async run(deps, a) {
      const id = toInt(a[0], 'contactId');
      return updateRecord(deps, contact(), id, parseWriteValues(contact(), toStruct(a[1], 'data'), 'E', tz(deps)));
    },
  },
  load: {
    params: ['contactId', 'selectedFields'], returns: 'struct', help: 'fault 5 when it does not exist',
    async run(deps, a) {
      const id = toInt(a[0], 'contactId');
      // Members in alphabetical order, as the recorded Keap answer has them (not request order).
      const fields = readableFields(contact(), toStrArray(a[1], 'selectedFields')).sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
      return loadRecord(deps, contact(), id, fields);
    },
  },
  findByEmail: {
    params: ['email', 'selectedFields'], returns: 'array',
    help: 'contacts whose Email, EmailAddress2 or EmailAddress3 matches (case-insensitive)',
    async run(deps, a) {
      const email = toStr(a[0], 'email');
      const fields = readableFields(contact(), toStrArray(a[1], 'selectedFields'));
      if (!email.trim()) return [];
      return (await contactsByEmail(deps.store, email)).map((r) => rowToStruct(r, fields, tz(deps)));
    },
  },
  addWithDupCheck: {
    params: ['data', 'dupCheckType'], returns: 'int',
    help: 'Id of the updated duplicate or the new contact; dupCheckType is Email, EmailAndName or EmailAndNameAndCompany',
    async run(deps, a) {
      const data = toStruct(a[0], 'data');
      const mode = toStr(a[1], 'dupCheckType');
      const extraFields = own(DUP_CHECKS, mode);
      if (!extraFields) throw faults.invalidParameter(`dupCheckType must be one of ${Object.keys(DUP_CHECKS).join(', ')}, got ${quoted(mode)}`);
      const values = parseWriteValues(contact(), data, 'A', tz(deps));
      const email = typeof values.Email === 'string' ? values.Email : '';
      const source = contact().source;
      return deps.store.transact(async (tx) => {
        const candidates: Row[] = email.trim() ? await contactsByEmail(tx, email) : [];
        const dup = candidates.find((c) => same(c.Email, email) && extraFields.every((f) => same(c[f], values[f])));
        if (!dup) return source.insert!(deps, tx, values);
        await source.update!(deps, tx, dup.Id, values);
        return dup.Id;
      });
    },
  },
};

export function contactServiceMethods(deps: KeapDeps): MethodSpec[] {
  return toMethodSpecs('ContactService', METHODS, deps);
}
