// ClientBook: clients (= Keap Contacts) in collection 'Client', through the store port only.
// The stored record carries `emailKey` (lower-cased, trimmed email) so look-ups by email use an index.
import type { ReadOps, Store, StoredRecord, Tx } from '../store/port.js';
import { compareValues } from '../store/records.js';
import { scanMatching, UNMETERED, type WorkMeter } from './paced-scan.js';
import { sortPaced } from './paced-sort.js';
import { invalid, notFound, quoted } from '../errors.js';
import type { Client, CustomField } from '../invoicing/model.js';

export const CLIENT = 'Client';

export type ClientInput = Partial<Omit<Client, 'id' | 'createdAt' | 'updatedAt'>>;
export interface ClientFilters { email?: string; organization?: string; name?: string }
export type ClientSortField = 'id' | 'firstName' | 'lastName' | 'organization' | 'email' | 'createdAt';

type ClientRecord = Client & StoredRecord & { emailKey: string };

export const emailKey = (email: string) => email.trim().toLowerCase();

// Loose check: refuse what cannot be an address, accept anything a mail server might.
const EMAIL = /^[^\s@]+@[^\s@]+$/;

const TEXT_FIELDS = ['firstName', 'lastName', 'organization', 'email', 'workPhone', 'address', 'country', 'language', 'currency'] as const;

function checkClient(c: Client): Client {
  if (c.email && !EMAIL.test(c.email)) throw invalid(`email is not an email address: ${quoted(c.email)}`, 'email');
  if (c.currency && !/^[A-Z]{3}$/.test(c.currency)) throw invalid(`currency must be an ISO 4217 code such as USD (got ${quoted(c.currency)})`, 'currency');
  for (const f of c.customFields) {
    if (!f.label?.trim()) throw invalid('custom_field label must not be empty', 'custom_field');
  }
  return c;
}

function toRecord(c: Client): ClientRecord {
  return { ...c, emailKey: emailKey(c.email) };
}

function fromRecord(rec: ClientRecord): Client {
  const { emailKey: _key, ...client } = rec;
  return client;
}

function applyInput(base: Client, input: ClientInput): Client {
  const next: Client = { ...base };
  for (const f of TEXT_FIELDS) {
    const v = input[f];
    if (v !== undefined) next[f] = String(v).trim();
  }
  next.currency = next.currency.toUpperCase();
  if (input.customFields !== undefined) next.customFields = input.customFields.map((f: CustomField) => ({ label: f.label.trim(), value: f.value }));
  if (input.extra !== undefined) next.extra = { ...input.extra };
  return checkClient(next);
}

export class ClientBook {
  constructor(private readonly store: Store, private readonly opts: { now: () => Date }) {}

  async create(tx: Tx, input: ClientInput): Promise<Client> {
    const stamp = this.opts.now().toISOString();
    const empty: Client = {
      id: await tx.nextId(CLIENT), firstName: '', lastName: '', organization: '', email: '', workPhone: '',
      address: '', country: '', language: '', currency: '', customFields: [], extra: {}, createdAt: stamp, updatedAt: stamp,
    };
    const client = applyInput(empty, input);
    tx.put(CLIENT, toRecord(client));
    return client;
  }

  async find(reader: ReadOps, id: number): Promise<Client | undefined> {
    const rec = await reader.get<ClientRecord>(CLIENT, id);
    return rec ? fromRecord(rec) : undefined;
  }

  /** Whether the client exists (read, not copied into a Client). */
  async exists(reader: ReadOps, id: number): Promise<boolean> {
    return (await reader.get<ClientRecord>(CLIENT, id)) !== undefined;
  }

  /** The client; DomainError not_found (field clientId) when missing. */
  async get(reader: ReadOps, id: number): Promise<Client> {
    const c = await this.find(reader, id);
    if (!c) throw notFound(`client ${id} not found`, 'clientId');
    return c;
  }

  /** Fields given replace the stored ones; `extra` is merged key by key. */
  async update(tx: Tx, id: number, input: ClientInput): Promise<Client> {
    const current = await this.get(tx, id);
    const merged: ClientInput = { ...input, extra: input.extra ? { ...current.extra, ...input.extra } : undefined };
    const client = { ...applyInput(current, merged), updatedAt: this.opts.now().toISOString() };
    tx.put(CLIENT, toRecord(client));
    return client;
  }

  async delete(tx: Tx, id: number): Promise<void> {
    await this.get(tx, id);
    tx.delete(CLIENT, id);
  }

  /** Clients with this email, compared case-insensitively, ascending by id. */
  async findByEmail(reader: ReadOps, email: string): Promise<Client[]> {
    return (await reader.findBy<ClientRecord>(CLIENT, 'emailKey', emailKey(email))).map(fromRecord);
  }

  /** Clients matching the filters, sorted (ties by id) and paged; every record read is charged to `meter`. */
  async list(store: Store, filters: ClientFilters = {}, paging: { offset?: number; limit?: number } = {},
    sort: { field: ClientSortField; dir?: 'asc' | 'desc' } = { field: 'id' }, meter: WorkMeter = UNMETERED): Promise<{ total: number; clients: Client[] }> {
    const org = filters.organization?.trim().toLowerCase();
    const name = filters.name?.trim().toLowerCase();
    const matched = await scanMatching<ClientRecord>(store, CLIENT, {
      where: filters.email ? { emailKey: emailKey(filters.email) } : undefined,
      filter: (r) => (!org || r.organization.toLowerCase().includes(org))
        && (!name || `${r.firstName} ${r.lastName}`.toLowerCase().includes(name)),
    }, meter);
    const sign = sort.dir === 'desc' ? -1 : 1;
    // The scan gives id order: only another field needs a sort.
    const sorted = sort.field === 'id'
      ? (sign === 1 ? matched : matched.reverse())
      : await sortPaced(matched, (a, b) => sign * (compareValues(a[sort.field], b[sort.field]) || a.id - b.id), () => meter.pace());
    const offset = paging.offset ?? 0;
    const page = sorted.slice(offset, paging.limit === undefined ? undefined : offset + paging.limit);
    return { total: matched.length, clients: page.map(fromRecord) };
  }
}
