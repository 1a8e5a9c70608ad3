// DataService's login methods (keap-xmlrpc.md §4.1) over the gateway's users (src/services/users.ts).
// Clients send the MD5 hex of the password, as Keap documents; a failure of any kind is one fault 13
// text, so an answer never tells whether the user name exists.
import { struct } from '../xmlrpc/types.js';
import { toStr } from '../xmlrpc/coerce.js';
import { UserBook } from '../services/users.js';
import { faults, keapFault } from './faults.js';
import type { KeapMethod } from './method-table.js';

/** The text of Keap's documented sample answer for a bad login. */
export const FAILED_LOGIN = 'Invalid username and/or password.';

/** Inputs longer than this cannot be a user name or an MD5 hex; refused before any hashing. */
const MAX_CREDENTIAL_CHARS = 256;

function credential(v: unknown, name: string): string {
  const s = toStr(v as never, name);
  if (s.length > MAX_CREDENTIAL_CHARS) throw keapFault('failedLoginAttempt', FAILED_LOGIN);
  return s;
}

export const USER_METHODS: Record<string, KeapMethod> = {
  authenticateUser: {
    params: ['username', 'passwordHash'], returns: 'int',
    help: 'the user Id; passwordHash is the MD5 hex of the password; fault 13 [FailedLoginAttempt] when either is wrong',
    async run(deps, a, ctx) {
      const user = await new UserBook(deps.store).authenticate(credential(a[0], 'username'), credential(a[1], 'passwordHash'));
      if (!user) {
        ctx.log.info({ event: 'keap.login_failed' }, 'authenticateUser refused');
        throw keapFault('failedLoginAttempt', FAILED_LOGIN);
      }
      return user.id;
    },
  },
  getUserInfo: {
    params: [], returns: 'struct', keyOptional: true,
    help: 'the account owner (the first user added): localUserId, globalUserId, displayName, casUsername, appAlias, appUrl; fault 5 before any user exists',
    async run(deps, _a, ctx) {
      const owner = await new UserBook(deps.store).owner();
      if (!owner) throw faults.recordNotFound('User', 'owner (add one with `keap-gateway user add`)');
      const host = String(ctx.headers.host ?? '127.0.0.1').replace(/:\d+$/, '');
      return struct({
        localUserId: owner.id,
        globalUserId: owner.GlobalUserId,
        displayName: [owner.FirstName, owner.LastName].filter(Boolean).join(' ') || owner.Email,
        casUsername: owner.Email,
        appAlias: host.split('.')[0],
        appUrl: `https://${host}`,
      });
    },
  },
  getTemporaryKey: {
    params: ['username', 'passwordHash'], returns: 'string',
    help: 'refused with fault 14 [NoAccess]: the gateway issues no vendor or temporary keys; use one of its configured API keys',
    async run(_deps, a) {
      toStr(a[0], 'username');
      toStr(a[1], 'passwordHash');
      throw faults.noAccess('getTemporaryKey (temporary keys from a vendor key)');
    },
  },
};
