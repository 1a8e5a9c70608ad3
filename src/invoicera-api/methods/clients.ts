// Invoicera client methods: createClient, updateClient, getClient, listClient.
import { invalid } from '../../errors.js';
import { optText, optNode, paging, requiredId } from '../fields.js';
import { clientOut, readClientFields } from '../client-xml.js';
import type { ApiMethod } from './types.js';
import { deliverRows } from './rows.js';

const createClient: ApiMethod = {
  write: true,
  async run(tx, body, { clients }) {
    const input = readClientFields(body);
    if (!input.firstName && !input.lastName && !input.organization) throw invalid('name (or organization) is required', 'name');
    return { client_id: (await clients.create(tx, input)).id };
  },
};

/** Only the fields given change. */
const updateClient: ApiMethod = {
  write: true,
  async run(tx, body, { clients }) {
    const client = await clients.update(tx, requiredId(body, 'client_id'), readClientFields(body));
    return { client_id: client.id };
  },
};

const getClient: ApiMethod = {
  write: false,
  async run(store, body, { clients }) {
    return { client: clientOut(await clients.get(store, requiredId(body, 'client_id'))) };
  },
};

/** Filters client_email, organization, name; always 200 with clients/@total (0 when nothing matches). */
const listClient: ApiMethod = {
  write: false,
  async run(store, body, { clients }, work) {
    const f = optNode(body, 'filter') ?? body;
    const page = paging(f);
    work.mayDeliver();
    const { total, clients: list } = await clients.list(store, {
      email: optText(f, 'client_email', 'email'), organization: optText(f, 'organization'), name: optText(f, 'name'),
    }, page, undefined, work);
    return { clients: { '@total': total, '@page': page.page, '@per_page_record': page.perPage, client: await deliverRows(work, list, clientOut) } };
  },
};

export const clientMethods: Record<string, ApiMethod> = { createClient, updateClient, getClient, listClient };
