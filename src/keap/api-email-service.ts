// APIEmailService opt-in status (keap-xmlrpc.md §5). The status is kept per address on every
// contact holding it (Email, EmailAddress2/3), in the contact's extra fields (never returned).
import type { MethodSpec } from '../xmlrpc/handler.js';
import { toStr } from '../xmlrpc/coerce.js';
import { checkArity } from './faults.js';
import { contactsByEmail } from './tables/contact.js';
import { emailKey } from '../services/clients.js';
import type { KeapDeps } from './deps.js';

type OptState = 'in' | 'out';

/** Key of an address's opt state in Client.extra; not a valid Keap field name, so never exposed. */
const optKey = (email: string) => `optStatus:${emailKey(email)}`;

/** getOptStatus answers: 0 non-marketable (never opted in, or opted out), 1 opted in. */
const OPT_STATUS: Record<OptState | 'none', number> = { none: 0, in: 1, out: 0 };

export function apiEmailServiceMethods(deps: KeapDeps): MethodSpec[] {
  async function stateOf(email: string): Promise<{ ids: number[]; state: OptState | 'none' }> {
    const rows = await contactsByEmail(deps.store, email);
    const states = rows.map((r) => r[optKey(email)] as OptState | undefined);
    const state = states.includes('out') ? 'out' : states.includes('in') ? 'in' : 'none';
    return { ids: rows.map((r) => r.Id), state };
  }

  async function setState(ids: number[], email: string, state: OptState, reason: string): Promise<void> {
    await deps.store.transact(async (tx) => {
      for (const id of ids) {
        await deps.clients.update(tx, id, { extra: { [optKey(email)]: state, [`${optKey(email)}:reason`]: reason } });
      }
    });
  }

  return [
    {
      name: 'APIEmailService.optIn',
      help: 'optIn(key, email, reason) → true only the first time the address opts in; false when unknown, already opted in, or opted out',
      signatures: [['boolean', 'string', 'string', 'string']],
      handler: async (p) => {
        checkArity(p, 2, 3, 'APIEmailService.optIn');
        const email = toStr(p[1], 'email');
        const reason = p[2] === undefined || p[2] === null ? '' : toStr(p[2], 'reason');
        const { ids, state } = await stateOf(email);
        if (ids.length === 0 || state !== 'none') return false;
        await setState(ids, email, 'in', reason);
        return true;
      },
    },
    {
      name: 'APIEmailService.optOut',
      help: 'optOut(key, email, reason) → true when a contact holds the address (it is then non-marketable)',
      signatures: [['boolean', 'string', 'string', 'string']],
      handler: async (p) => {
        checkArity(p, 2, 3, 'APIEmailService.optOut');
        const email = toStr(p[1], 'email');
        const reason = p[2] === undefined || p[2] === null ? '' : toStr(p[2], 'reason');
        const { ids } = await stateOf(email);
        if (ids.length === 0) return false;
        await setState(ids, email, 'out', reason);
        return true;
      },
    },
    {
      name: 'APIEmailService.getOptStatus',
      help: 'getOptStatus(key, email) → 0 non-marketable, 1 opted in',
      signatures: [['int', 'string', 'string']],
      handler: async (p) => {
        checkArity(p, 2, 2, 'APIEmailService.getOptStatus');
        return OPT_STATUS[(await stateOf(toStr(p[1], 'email'))).state];
      },
    },
  ];
}
