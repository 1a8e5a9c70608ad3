// UserBook: the account's users (Keap's User table) in collection 'User', through the store port.
// Keap clients never send a password: they send its MD5 hex (Keap's documented scheme), so that hex
// string IS the credential. We keep only a salted scrypt of it (node:crypto, async so a login never
// blocks the event loop). The weakness is Keap's: an MD5 of a password is replayable and cheap to
// brute-force if captured in transit, so use TLS (docs/keap-compatibility.md "Users and login").
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { ReadOps, Store, StoredRecord } from '../store/port.js';
import { conflict, invalid, notFound, quoted } from '../errors.js';

export const USER = 'User';

/** Profile fields a user carries (Keap names; the User table shows them read-only). */
export interface UserProfile { Email: string; FirstName?: string; LastName?: string; Title?: string; Phone1?: string }
export type UserRecord = StoredRecord & UserProfile & { login: string; passwordHash: string; GlobalUserId: number; Partner: number };

/** What Keap clients send for a password: its MD5, lower-case hex. */
export const keapPasswordHash = (password: string) => createHash('md5').update(password, 'utf8').digest('hex');

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32, maxmem: 64 * 1024 * 1024 };
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const loginOf = (email: string) => email.trim().toLowerCase();

function derive(secret: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, maxmem: SCRYPT.maxmem }, (e, key) => (e ? reject(e) : resolve(key)));
  });
}

/** `scrypt$N$r$p$salt$hash` (base64), parameters kept so they can be raised later. */
async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(secret, salt);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), key.toString('base64')].join('$');
}

async function secretMatches(secret: string, stored: string): Promise<boolean> {
  const [scheme, , , , salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const want = Buffer.from(hash, 'base64');
  const got = await derive(secret, Buffer.from(salt, 'base64'));
  return got.length === want.length && timingSafeEqual(got, want);
}

/** The stored verifier for a password MD5 hex (what add and setPassword keep; seeds and imports). */
export const hashCredential = (md5hex: string) => hashSecret(md5hex.trim().toLowerCase());

/** Compared against when the login is unknown, so both failures cost the same time (made once, lazily). */
let dummy: Promise<string> | undefined;
const dummyHash = () => (dummy ??= hashSecret('not-a-user'));

/** The MD5 hex a client sent, normalised; anything else can never match. */
const normalisedSecret = (md5hex: string) => md5hex.trim().toLowerCase();

export class UserBook {
  constructor(private readonly store: Store) {}

  async add(profile: UserProfile, password: string): Promise<UserRecord> {
    const email = profile.Email?.trim() ?? '';
    if (!EMAIL.test(email)) throw invalid(`email is not an email address: ${quoted(email)}`, 'email');
    if (password.length < 8) throw invalid('password must have at least 8 characters', 'password');
    const passwordHash = await hashCredential(keapPasswordHash(password));
    return this.store.transact(async (tx) => {
      if ((await tx.findBy(USER, 'login', loginOf(email))).length) throw conflict(`a user with email ${quoted(email)} exists`, 'email');
      const id = await tx.nextId(USER);
      const rec: UserRecord = { ...profile, Email: email, id, login: loginOf(email), passwordHash, GlobalUserId: id, Partner: 0 };
      tx.put(USER, rec);
      return rec;
    });
  }

  async setPassword(idOrEmail: string, password: string): Promise<UserRecord> {
    if (password.length < 8) throw invalid('password must have at least 8 characters', 'password');
    const passwordHash = await hashCredential(keapPasswordHash(password));
    return this.store.transact(async (tx) => {
      const user = await this.find(tx, idOrEmail);
      const rec = { ...user, passwordHash };
      tx.put(USER, rec);
      return rec;
    });
  }

  async list(): Promise<UserRecord[]> {
    const out: UserRecord[] = [];
    for (let after = 0; ;) {
      const chunk = await this.store.listAfter<UserRecord>(USER, after, 500);
      out.push(...chunk);
      if (chunk.length < 500) return out;
      after = chunk[chunk.length - 1].id;
    }
  }

  /** The account owner: the first user added (lowest Id), or undefined before any. */
  async owner(): Promise<UserRecord | undefined> {
    return (await this.store.listAfter<UserRecord>(USER, 0, 1))[0];
  }

  /** The user whose login (email, case-insensitive) and password MD5 hex match, else undefined. */
  async authenticate(username: string, md5hex: string): Promise<UserRecord | undefined> {
    const [user] = await this.store.findBy<UserRecord>(USER, 'login', loginOf(username));
    const ok = await secretMatches(normalisedSecret(md5hex), user?.passwordHash ?? await dummyHash());
    return user && ok ? user : undefined;
  }

  private async find(s: ReadOps, idOrEmail: string): Promise<UserRecord> {
    const user = /^\d+$/.test(idOrEmail)
      ? await s.get<UserRecord>(USER, Number(idOrEmail))
      : (await s.findBy<UserRecord>(USER, 'login', loginOf(idOrEmail)))[0];
    if (!user) throw notFound(`no user ${quoted(idOrEmail)}`);
    return user;
  }
}
