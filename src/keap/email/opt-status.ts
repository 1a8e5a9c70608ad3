// An address's opt state (APIEmailService optIn/optOut), kept per address on every contact holding
// it (Email, EmailAddress2/3) in the contact's extra fields — never a readable Contact field.
import { contactsByEmail } from '../tables/contact.js';
import { emailKey } from '../../services/clients.js';
import type { Store, Tx } from '../../store/port.js';

export type OptState = 'in' | 'out';

/** Key of an address's opt state in Client.extra; not a valid Keap field name, so never exposed. */
export const optKey = (email: string) => `optStatus:${emailKey(email)}`;

/** Contacts holding the address and its combined state (an opt-out on any of them wins). */
export async function optStateOf(reader: Store | Tx, email: string): Promise<{ ids: number[]; state: OptState | 'none' }> {
  const rows = await contactsByEmail(reader, email);
  const states = rows.map((r) => r[optKey(email)] as OptState | undefined);
  const state = states.includes('out') ? 'out' : states.includes('in') ? 'in' : 'none';
  return { ids: rows.map((r) => r.Id), state };
}

/** Whether mail to the address is held back: some contact holding it opted out. */
export async function optedOut(reader: Store | Tx, email: string): Promise<boolean> {
  return (await optStateOf(reader, email)).state === 'out';
}
