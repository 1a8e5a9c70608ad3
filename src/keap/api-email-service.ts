// APIEmailService opt-in status (keap-xmlrpc.md §5). The status is kept per address on every
// contact holding it (Email, EmailAddress2/3), in the contact's extra fields (never returned).
import type { MethodSpec } from '../xmlrpc/handler.js';
import { toStr } from '../xmlrpc/coerce.js';
import { toMethodSpecs, type KeapMethod } from './method-table.js';
import { contactsByEmail } from './tables/contact.js';
import { emailKey } from '../services/clients.js';
import type { KeapDeps } from './deps.js';
import type { Store, Tx } from '../store/port.js';
import type { XmlRpcValue } from '../xmlrpc/types.js';

type OptState = 'in' | 'out';

/** Key of an address's opt state in Client.extra; not a valid Keap field name, so never exposed. */
const optKey = (email: string) => `optStatus:${emailKey(email)}`;

/** getOptStatus answers: 0 non-marketable (never opted in, or opted out), 1 opted in. */
const OPT_STATUS: Record<OptState | 'none', number> = { none: 0, in: 1, out: 0 };

export function apiEmailServiceMethods(deps: KeapDeps): MethodSpec[] {
  /** Contacts holding the address and its combined state (an opt-out on any of them wins). */
  async function stateOf(reader: Store | Tx, email: string): Promise<{ ids: number[]; state: OptState | 'none' }> {
    const rows = await contactsByEmail(reader, email);
    const states = rows.map((r) => r[optKey(email)] as OptState | undefined);
    const state = states.includes('out') ? 'out' : states.includes('in') ? 'in' : 'none';
    return { ids: rows.map((r) => r.Id), state };
  }

  /**
   * Read and write in one transaction, so two concurrent optIn calls cannot both answer true.
   * `decide` returns the new state to store, or undefined to change nothing.
   */
  function change(email: string, reason: string, decide: (s: OptState | 'none') => OptState | undefined): Promise<boolean> {
    return deps.store.transact(async (tx) => {
      const { ids, state } = await stateOf(tx, email);
      const next = ids.length ? decide(state) : undefined;
      if (!next) return false;
      for (const id of ids) {
        await deps.clients.update(tx, id, { extra: { [optKey(email)]: next, [`${optKey(email)}:reason`]: reason } });
      }
      return true;
    });
  }

  const reasonOf = (v: XmlRpcValue) => (v === undefined || v === null ? '' : toStr(v, 'reason'));

  const methods: Record<string, KeapMethod> = {
    optIn: {
      params: ['email', 'reason'], min: 1, returns: 'boolean',
      help: 'true only the first time the address opts in; false when unknown, already opted in, or opted out',
      run: async (_d, a) => change(toStr(a[0], 'email'), reasonOf(a[1]), (state) => (state === 'none' ? 'in' : undefined)),
    },
    optOut: {
      params: ['email', 'reason'], min: 1, returns: 'boolean',
      help: 'true when a contact holds the address (it is then non-marketable)',
      run: async (_d, a) => change(toStr(a[0], 'email'), reasonOf(a[1]), () => 'out'),
    },
    getOptStatus: {
      params: ['email'], returns: 'int', help: '0 non-marketable, 1 opted in',
      run: async (_d, a) => OPT_STATUS[(await stateOf(deps.store, toStr(a[0], 'email'))).state],
    },
  };
  return toMethodSpecs('APIEmailService', methods, deps);
}
