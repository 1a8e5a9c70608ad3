// `redis://[user:password@]host:port/db[?prefix=gw&commandTimeout=3000&connectTimeout=3000]`
// (`rediss://` for TLS). prefix names the data set: every key is under the hash tag {prefix}.
import type { RedisOptions } from 'ioredis';
import { StoreError } from '../port.js';

export interface RedisTarget { options: RedisOptions; prefix: string; display: string }

const DEFAULTS = { prefix: 'gw', commandTimeout: 3000, connectTimeout: 3000 };
const KNOWN = new Set(Object.keys(DEFAULTS));

function positiveInt(url: string, name: string, raw: string | null, fallback: number): number {
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) <= 0) throw new StoreError(`store URL "${url}": ${name} must be a positive integer (ms), got "${raw}"`);
  return Number(raw);
}

export function parseRedisUrl(url: string): RedisTarget {
  let u: URL;
  try { u = new URL(url); } catch { throw new StoreError(`store URL "${url}" is not a valid redis://host:port/db URL`); }
  for (const name of u.searchParams.keys()) {
    if (!KNOWN.has(name)) throw new StoreError(`store URL: unknown option "${name}" (known: ${[...KNOWN].join(', ')})`);
  }
  const dbText = u.pathname.replace(/^\//, '') || '0';
  if (!/^\d+$/.test(dbText)) throw new StoreError(`store URL: database must be a number, got "${dbText}"`);
  const prefix = u.searchParams.get('prefix') ?? DEFAULTS.prefix;
  if (!/^[A-Za-z0-9_.-]+$/.test(prefix)) throw new StoreError(`store URL: prefix must be letters, digits, _ . or -, got "${prefix}"`);
  const options: RedisOptions = {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    db: Number(dbText),
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    commandTimeout: positiveInt(url, 'commandTimeout', u.searchParams.get('commandTimeout'), DEFAULTS.commandTimeout),
    connectTimeout: positiveInt(url, 'connectTimeout', u.searchParams.get('connectTimeout'), DEFAULTS.connectTimeout),
  };
  // Never echo a password into logs or errors.
  const display = `${u.protocol}//${options.host}:${options.port}/${options.db}?prefix=${prefix}`;
  return { options, prefix, display };
}
