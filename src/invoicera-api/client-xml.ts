// Invoicera client fields ⇄ domain Client (research A3). `name` is split into first/last name at
// the first space; `first_name`/`last_name` are accepted too. username/password are not stored.
import type { Client } from '../invoicing/model.js';
import type { ClientInput } from '../services/clients.js';
import { has, optText, text } from './fields.js';
import { readCustomFields } from './invoice-xml.js';
import type { XNode, XOut } from './xml.js';

const TEXT_FIELDS: Array<[string, keyof ClientInput]> = [
  ['organization', 'organization'], ['email', 'email'], ['work_phone', 'workPhone'], ['address', 'address'],
  ['country', 'country'], ['language', 'language'], ['currency', 'currency'],
];

/** Only the fields present in the request (updateClient changes only those). */
export function readClientFields(node: XNode): ClientInput {
  const input: ClientInput = {};
  const name = optText(node, 'name');
  if (name !== undefined) {
    const [firstName, ...rest] = name.split(/\s+/);
    input.firstName = firstName;
    input.lastName = rest.join(' ');
  }
  const first = text(node, 'first_name');
  if (first !== undefined) input.firstName = first;
  const last = text(node, 'last_name');
  if (last !== undefined) input.lastName = last;
  for (const [field, key] of TEXT_FIELDS) {
    const v = text(node, field);
    if (v !== undefined) (input as Record<string, unknown>)[key] = key === 'currency' ? v.trim().toUpperCase() : v;
  }
  if (has(node, 'custom_fields')) input.customFields = readCustomFields(node);
  return input;
}

export function clientOut(c: Client): XOut {
  return {
    client_id: c.id,
    name: `${c.firstName} ${c.lastName}`.trim(),
    first_name: c.firstName,
    last_name: c.lastName,
    organization: c.organization,
    email: c.email,
    work_phone: c.workPhone,
    address: c.address,
    country: c.country,
    language: c.language,
    currency: c.currency,
    custom_fields: { custom_field: c.customFields.map((f) => ({ label: f.label, value: f.value })) },
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}
