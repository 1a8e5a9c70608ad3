// Contact is a VIEW of the domain Client (collection 'Client'): the Keap fields with a Client slot
// map onto it, every other field (custom `_Name` included) lives in `client.extra`.
// EmailAddress2/3 are indexed through the small 'ContactEmail' collection so findByEmail never scans.
import type { Store, StoredRecord, Tx } from '../../store/port.js';
import type { Client } from '../../invoicing/model.js';
import { emailKey, type ClientInput } from '../../services/clients.js';
import { defineTable, scanChunk, type Row, type TableDef, type TableSource } from './types.js';

type StoredClient = Client & StoredRecord & { emailKey?: string };

/** Keap Contact field → Client slot. */
const SLOTS: Record<string, keyof Client> = {
  FirstName: 'firstName', LastName: 'lastName', Company: 'organization', Email: 'email',
  Phone1: 'workPhone', StreetAddress1: 'address', Country: 'country',
};
const STAMPS: Record<string, keyof Client> = { DateCreated: 'createdAt', LastUpdated: 'updatedAt' };
/** Secondary addresses indexed in 'ContactEmail'. */
const ALIAS_FIELDS = ['EmailAddress2', 'EmailAddress3'];


function contactRow(c: StoredClient): Row {
  const row: Row = { Id: c.id };
  for (const [k, v] of Object.entries(c.extra ?? {})) row[k] = v;
  for (const [field, slot] of Object.entries({ ...SLOTS, ...STAMPS })) {
    const v = c[slot];
    if (v !== undefined && v !== '') row[field] = v;
  }
  return row;
}

/** Keap values → ClientBook input: slotted fields by name, the rest into `extra`. */
function clientInput(values: Record<string, unknown>): ClientInput & { extra: Client['extra'] } {
  const input: ClientInput & { extra: Client['extra'] } = { extra: {} };
  for (const [field, v] of Object.entries(values)) {
    const slot = SLOTS[field];
    if (slot) (input as Record<string, unknown>)[slot] = v === undefined || v === null ? '' : String(v);
    else input.extra[field] = v as string | number | boolean;
  }
  return input;
}

async function syncAliases(tx: Tx, c: Client): Promise<void> {
  for (const old of await tx.findBy('ContactEmail', 'ContactId', c.id)) tx.delete('ContactEmail', old.id);
  for (const f of ALIAS_FIELDS) {
    const v = c.extra[f];
    if (typeof v === 'string' && v.trim()) {
      tx.put('ContactEmail', { id: await tx.nextId('ContactEmail'), email: emailKey(v), ContactId: c.id });
    }
  }
}

/** Contacts whose Email, EmailAddress2 or EmailAddress3 is `email` (case-insensitive), ascending by id. */
export async function contactsByEmail(s: Store | Tx, email: string): Promise<Row[]> {
  const key = emailKey(email);
  const primary = await s.findBy<StoredClient>('Client', 'emailKey', key);
  const aliasIds = (await s.findBy('ContactEmail', 'email', key)).map((a) => Number(a.ContactId));
  const byId = new Map(primary.map((c) => [c.id, c]));
  for (const id of aliasIds) {
    if (!byId.has(id)) {
      const c = await s.get<StoredClient>('Client', id);
      if (c) byId.set(id, c);
    }
  }
  return [...byId.values()].sort((a, b) => a.id - b.id).map(contactRow);
}

const contactSource: TableSource = {
  indexed: new Set(['Id', 'Email']),
  async get(_d, s, id) {
    const c = await s.get<StoredClient>('Client', id);
    return c && contactRow(c);
  },
  async findBy(_d, s, _field, value) {
    const key = emailKey(String(value));
    return (await s.findBy<StoredClient>('Client', 'emailKey', key)).map(contactRow);
  },
  idOrdered: true,
  async scan(_d, s, after, limit) {
    return scanChunk<StoredClient>(s, 'Client', after, limit, (recs) => recs.map(contactRow));
  },
  async insert(deps, tx, values) {
    const c = await deps.clients.create(tx, { currency: deps.config.currency, ...clientInput(values) });
    await syncAliases(tx, c);
    return c.id;
  },
  async update(deps, tx, id, values) {
    const c = await deps.clients.update(tx, id, clientInput(values));
    if (ALIAS_FIELDS.some((f) => f in values)) await syncAliases(tx, c);
  },
  async remove(deps, tx, id) {
    for (const old of await tx.findBy('ContactEmail', 'ContactId', id)) tx.delete('ContactEmail', old.id);
    // Its tag assignments go with it (ContactGroupAssign, src/keap/tables/tags.ts).
    for (const a of await tx.findBy('ContactGroupAssign', 'ContactId', id)) tx.delete('ContactGroupAssign', a.id);
    await deps.clients.delete(tx, id);
  },
};

const S = 'String';
const phone = (n: number) => ({ [`Phone${n}`]: S, [`Phone${n}Ext`]: S, [`Phone${n}Type`]: S });

export const CONTACT_TABLE: TableDef = defineTable('Contact', 'EDAR', {
  Id: 'Int', FirstName: S, MiddleName: S, LastName: S, Nickname: S, Title: S, Suffix: S, JobTitle: S,
  Company: S, CompanyID: 'Int', AccountId: 'Int', Email: S, EmailAddress2: S, EmailAddress3: S,
  ...phone(1), ...phone(2), ...phone(3), ...phone(4), ...phone(5), Fax1: S, Fax1Type: S, Fax2: S, Fax2Type: S,
  StreetAddress1: S, StreetAddress2: S, City: S, State: S, PostalCode: S, ZipFour1: S, Country: S,
  Address2Street1: S, Address2Street2: S, City2: S, State2: S, PostalCode2: S, ZipFour2: S, Country2: S,
  Address3Street1: S, Address3Street2: S, City3: S, State3: S, PostalCode3: S, ZipFour3: S, Country3: S,
  Address1Type: S, Address2Type: S, Address3Type: S, Birthday: 'Date', Anniversary: 'Date', SpouseName: S,
  AssistantName: S, AssistantPhone: S, Website: S, ContactNotes: S, ContactType: S, ReferralCode: S,
  Username: S, Password: S, OwnerID: 'Int', LeadSourceId: 'Int:EAR', Leadsource: 'String:EAR', Groups: 'String:R',
  Validated: 'Int:R', CreatedBy: 'Int:R', DateCreated: 'Date:R', LastUpdated: 'Date:R', LastUpdatedBy: 'Int:R',
}, contactSource, true);
