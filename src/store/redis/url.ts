// Single node: `redis://[user:password@]host:port/db[?prefix=gw&commandTimeout=3000&connectTimeout=3000]`
// (`rediss://` for TLS). Redis Cluster: `redis-cluster://[user:password@]host:port[,host:port…][/][?same options]`
// (`rediss-cluster://` for TLS): the listed nodes are only where discovery starts; a cluster has
// no databases, so the path is empty, `/` or `/0`. prefix names the data set: every key is under
// the hash tag {prefix}, so a data set lives in one cluster slot.
import type { RedisOptions } from 'ioredis';
import { StoreError } from '../port.js';

export interface RedisNodeAddress { host: string; port: number }

export interface RedisTarget {
  /** Single node: the connection; cluster: the options every node connection gets (host/port unused). */
  options: RedisOptions;
  /** Set for a Redis Cluster URL: the startup nodes. */
  cluster?: RedisNodeAddress[];
  prefix: string;
  display: string;
}

const DEFAULTS = { prefix: 'gw', commandTimeout: 3000, connectTimeout: 3000 };

/** The URL as error messages may show it: credentials (up to the last @ before the host) hidden. */
const shown = (url: string) => url.replace(/\/\/[^/?#]*@/, '//***@');
const KNOWN = new Set(Object.keys(DEFAULTS));

function positiveInt(url: string, name: string, raw: string | null, fallback: number): number {
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) <= 0) throw new StoreError(`store URL "${shown(url)}": ${name} must be a positive integer (ms), got "${raw}"`);
  return Number(raw);
}

interface Common { prefix: string; commandTimeout: number; connectTimeout: number; username?: string; password?: string }

function common(url: string, params: URLSearchParams, username: string, password: string): Common {
  for (const name of params.keys()) {
    if (!KNOWN.has(name)) throw new StoreError(`store URL: unknown option "${name}" (known: ${[...KNOWN].join(', ')})`);
  }
  const prefix = params.get('prefix') ?? DEFAULTS.prefix;
  if (!/^[A-Za-z0-9_.-]+$/.test(prefix)) throw new StoreError(`store URL: prefix must be letters, digits, _ . or -, got "${prefix}"`);
  return {
    prefix,
    username: username ? decodeURIComponent(username) : undefined,
    password: password ? decodeURIComponent(password) : undefined,
    commandTimeout: positiveInt(url, 'commandTimeout', params.get('commandTimeout'), DEFAULTS.commandTimeout),
    connectTimeout: positiveInt(url, 'connectTimeout', params.get('connectTimeout'), DEFAULTS.connectTimeout),
  };
}

/** `host:port`, `host` (6379) or `[v6]:port`. */
function nodeAddress(url: string, text: string): RedisNodeAddress {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]@]+))(?::(\d+))?$/.exec(text);
  const port = m?.[3] === undefined ? 6379 : Number(m[3]);
  if (!m || port < 1 || port > 65535) throw new StoreError(`store URL "${shown(url)}": "${text.replace(/^.*@/, '***@')}" is not host:port`);
  return { host: m[1] ?? m[2], port };
}

function parseClusterUrl(url: string): RedisTarget {
  const m = /^(rediss?)-cluster:\/\/(?:([^@/?#]*)@)?([^/?#]+)(\/[^?#]*)?(?:\?([^#]*))?$/.exec(url);
  if (!m) throw new StoreError(`store URL "${shown(url)}" is not a valid redis-cluster://host:port[,host:port…] URL`);
  const [, scheme, auth = '', hosts, path = '', query = ''] = m;
  if (!['', '/', '/0'].includes(path)) throw new StoreError(`store URL: a Redis Cluster has only database 0, got path "${path}"`);
  const [username = '', password = ''] = auth.includes(':') ? [auth.slice(0, auth.indexOf(':')), auth.slice(auth.indexOf(':') + 1)] : [auth];
  const c = common(url, new URLSearchParams(query), username, password);
  const cluster = hosts.split(',').map((h) => nodeAddress(url, h.trim()));
  const options: RedisOptions = {
    username: c.username,
    password: c.password,
    tls: scheme === 'rediss' ? {} : undefined,
    commandTimeout: c.commandTimeout,
    connectTimeout: c.connectTimeout,
  };
  const list = cluster.map((n) => (n.host.includes(':') ? `[${n.host}]:${n.port}` : `${n.host}:${n.port}`)).join(',');
  // Never echo a password into logs or errors.
  return { options, cluster, prefix: c.prefix, display: `${scheme}-cluster://${list}/?prefix=${c.prefix}` };
}

export function parseRedisUrl(url: string): RedisTarget {
  if (/^rediss?-cluster:/.test(url)) return parseClusterUrl(url);
  let u: URL;
  try { u = new URL(url); } catch { throw new StoreError(`store URL "${shown(url)}" is not a valid redis://host:port/db URL`); }
  const c = common(url, u.searchParams, u.username, u.password);
  const dbText = u.pathname.replace(/^\//, '') || '0';
  if (!/^\d+$/.test(dbText)) throw new StoreError(`store URL: database must be a number, got "${dbText}"`);
  const options: RedisOptions = {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    db: Number(dbText),
    username: c.username,
    password: c.password,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    commandTimeout: c.commandTimeout,
    connectTimeout: c.connectTimeout,
  };
  // Never echo a password into logs or errors.
  const display = `${u.protocol}//${options.host}:${options.port}/${options.db}?prefix=${c.prefix}`;
  return { options, prefix: c.prefix, display };
}
