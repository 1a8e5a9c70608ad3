// `keap-gateway user <command>`: the users who log in through DataService.authenticateUser.
// Passwords are read from a file (--password-file, first line) or given with --password (visible
// in the process list and shell history: prefer the file). Only a salted scrypt is stored.
import { readFileSync } from 'node:fs';
import type { UserBook, UserRecord } from '../services/users.js';
import type { Flags } from './promo-flags.js';
import { UsageError } from './output.js';
import { JSON_OUT, listCommand, printRecord, type AdminCommand, type OptionSpec, type RecordPrinter } from './command.js';

export type UserCommand = AdminCommand<UserBook>;

const PASSWORD: OptionSpec[] = [
  { flags: '--password-file <path>', description: 'read the password from the first line of this file' },
  { flags: '--password <password>', description: 'the password (visible to other local users; prefer --password-file)' },
];

function password(flags: Flags): string {
  if (typeof flags['password-file'] === 'string') {
    let text: string;
    try { text = readFileSync(flags['password-file'], 'utf8'); } catch (e) { throw new UsageError(`cannot read --password-file: ${(e as Error).message}`); }
    return text.split(/\r?\n/)[0];
  }
  if (typeof flags.password === 'string') return flags.password;
  throw new UsageError('give the password with --password-file <path> or --password <password>');
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const USER: RecordPrinter<UserRecord> = {
  line: (u) => `#${u.id}  ${u.Email}${u.FirstName || u.LastName ? `  ${[u.FirstName, u.LastName].filter(Boolean).join(' ')}` : ''}`,
  /** What the CLI shows of a user: never the hash. */
  json: (u) => ({ id: u.id, email: u.Email, firstName: u.FirstName, lastName: u.LastName }),
};

export const USER_COMMANDS: Record<string, UserCommand> = {
  add: {
    description: 'add a user who can log in with authenticateUser (the first one added is the account owner)',
    args: ['<email>'],
    options: [...PASSWORD, { flags: '--first-name <name>', description: 'first name' }, { flags: '--last-name <name>', description: 'last name' }, JSON_OUT],
    async run(users, flags, args, out) {
      const u = await users.add({ Email: args[0], FirstName: str(flags['first-name']), LastName: str(flags['last-name']) }, password(flags));
      printRecord(out, USER, 'added user ', u);
    },
  },
  list: listCommand('list the users', USER, 'no users', (users) => users.list()),
  passwd: {
    description: "set a user's password (by id or email)",
    args: ['<user>'],
    options: [...PASSWORD, JSON_OUT],
    async run(users, flags, args, out) {
      const u = await users.setPassword(args[0], password(flags));
      printRecord(out, USER, 'password changed for ', u);
    },
  },
};
