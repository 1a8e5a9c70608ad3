// Tags (Keap: "groups"): ContactGroup, ContactGroupCategory and ContactGroupAssign, with the access
// letters of Keap's table docs. ContactGroupAssign is read-only: ContactService.addToGroup /
// removeFromGroup write it (setTag below) together with Contact.Groups, so both always agree.
// Its ContactGroup member (the tag's name) is read from the tag at read time, so a rename shows.
import type { StoredRecord, Store, Tx } from '../../store/port.js';
import type { KeapDeps } from '../deps.js';
import { faults } from '../faults.js';
import { CONTACT_TABLE } from './contact.js';
import { nativeSource } from './native.js';
import { defineTable, type Row, type TableDef, type TableSource } from './types.js';

export const TAG = 'ContactGroup';
export const TAG_ASSIGN = 'ContactGroupAssign';

export interface StoredAssign extends StoredRecord { GroupId: number; ContactId: number; DateCreated: string }

/** Assignment rows with the tag's current name (one tag look-up per distinct tag in the batch). */
async function withNames(store: Store | Tx, rows: Row[]): Promise<Row[]> {
  const names = new Map<number, unknown>();
  for (const r of rows) {
    const id = Number(r.GroupId);
    if (!names.has(id)) names.set(id, (await store.get<StoredRecord & { GroupName?: string }>(TAG, id))?.GroupName);
  }
  return rows.map((r) => ({ ...r, ContactGroup: names.get(Number(r.GroupId)) }));
}

function assignSource(): TableSource {
  const inner = nativeSource(TAG_ASSIGN, { indexed: ['ContactId', 'GroupId'] });
  return {
    indexed: inner.indexed,
    idOrdered: true,
    async get(deps, store, id) {
      const row = await inner.get(deps, store, id);
      return row && (await withNames(store, [row]))[0];
    },
    async findBy(deps, store, field, value) { return withNames(store, await inner.findBy(deps, store, field, value)); },
    async scan(deps, store, after, limit) {
      const chunk = await inner.scan(deps, store, after, limit);
      return { ...chunk, rows: await withNames(store, chunk.rows) };
    },
  };
}

/** Contact.Groups is Keap's comma-separated tag id list; ids kept unique and ascending. */
function withGroup(groups: unknown, tagId: number, add: boolean): string {
  const ids = new Set(String(groups ?? '').split(',').map((g) => Number(g.trim())).filter((n) => Number.isSafeInteger(n) && n > 0));
  if (add) ids.add(tagId); else ids.delete(tagId);
  return [...ids].sort((a, b) => a - b).join(',');
}

/**
 * Tag or untag a contact: Contact.Groups and the ContactGroupAssign row change together. Fault 5
 * for an unknown contact or tag (Keap answers a missing tag with a fault, not a silent true).
 * Tagging twice keeps the first assignment (and its DateCreated).
 */
export async function setTag(deps: KeapDeps, tx: Tx, contactId: number, tagId: number, adding: boolean): Promise<void> {
  const contact = await CONTACT_TABLE.source.get(deps, tx, contactId);
  if (!contact) throw faults.recordNotFound('Contact', contactId);
  if (!(await tx.get(TAG, tagId))) throw faults.recordNotFound(TAG, tagId);
  const existing = (await tx.findBy<StoredAssign>(TAG_ASSIGN, 'ContactId', contactId)).filter((a) => a.GroupId === tagId);
  if (adding && existing.length === 0) {
    tx.put(TAG_ASSIGN, { id: await tx.nextId(TAG_ASSIGN), GroupId: tagId, ContactId: contactId, DateCreated: deps.now().toISOString() });
  }
  if (!adding) for (const a of existing) tx.delete(TAG_ASSIGN, a.id);
  await CONTACT_TABLE.source.update!(deps, tx, contactId, { Groups: withGroup(contact.Groups, tagId, adding) });
}

/** Deleting a tag takes it off every contact (as Keap does), through the assignment index. */
function tagSource(): TableSource {
  const inner = nativeSource(TAG);
  return {
    ...inner,
    async remove(deps, tx, id) {
      for (const a of await tx.findBy<StoredAssign>(TAG_ASSIGN, 'GroupId', id)) await setTag(deps, tx, a.ContactId, id, false);
      await inner.remove!(deps, tx, id);
    },
  };
}

export function tagTables(): TableDef[] {
  return [
    defineTable(TAG, 'EDAR', {
      Id: 'Int', GroupName: 'String', GroupCategoryId: 'Int', GroupDescription: 'String',
    }, tagSource()),
    defineTable('ContactGroupCategory', 'EDAR', {
      Id: 'Int', CategoryName: 'String', CategoryDescription: 'String',
    }, nativeSource('ContactGroupCategory')),
    // Keap's docs list no Id here; ours is the assignment's own id, kept readable for paging.
    defineTable(TAG_ASSIGN, 'R', {
      Id: 'Int', GroupId: 'Int', ContactGroup: 'String', ContactId: 'Int', DateCreated: 'Date',
    }, assignSource()),
  ];
}
