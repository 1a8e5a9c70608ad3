// APIEmailService opt-in status (keap-xmlrpc.md §5). The status is kept per address on every
// contact holding it (Email, EmailAddress2/3), in the contact's extra fields (never returned).
import type { MethodSpec } from '../xmlrpc/handler.js';
import { toStr } from '../xmlrpc/coerce.js';
import { checkArity } from './faults.js';
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

  return [
    {
      name: 'APIEmailService.optIn',
      help: 'optIn(key, email, reason) → true only the first time the address opts in; false when unknown, already opted in, or opted out',
      signatures: [['boolean', 'string', 'string', 'string']],
      handler: (p) => {
        checkArity(p, 2, 3, 'APIEmailService.optIn');
        return change(toStr(p[1], 'email'), reasonOf(p[2]), (state) => (state === 'none' ? 'in' : undefined));
      },
    },
    {
      name: 'APIEmailService.optOut',
      help: 'optOut(key, email, reason) → true when a contact holds the address (it is then non-marketable)',
      signatures: [['boolean', 'string', 'string', 'string']],
      handler: (p) => {
        checkArity(p, 2, 3, 'APIEmailService.optOut');
        return change(toStr(p[1], 'email'), reasonOf(p[2]), () => 'out');
      },
    },
    {
      name: 'APIEmailService.getOptStatus',
      help: 'getOptStatus(key, email) → 0 non-marketable, 1 opted in',
      signatures: [['int', 'string', 'string']],
      handler: async (p) => {
        checkArity(p, 2, 2, 'APIEmailService.getOptStatus');
        return OPT_STATUS[(await stateOf(deps.store, toStr(p[1], 'email'))).state];
      },
    },
  ];
}
