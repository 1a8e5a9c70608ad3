// Keys and tokens: from the environment or from files (Docker secrets), and safe by default — the
// public development credentials in config/default.json work only for a developer on loopback.
import { readFileSync } from 'node:fs';
import { ConfigError, type GatewayConfig } from './config.js';

export const DEV_API_KEY = 'dev-key-change-me';
export const DEV_INVOICERA_TOKEN = 'dev-token-change-me';

/** Credential lists that may come from a file: variable, its _FILE twin, where it goes. */
const SECRET_LISTS: Array<{ name: string; set(c: GatewayConfig, v: string[]): void }> = [
  { name: 'GATEWAY_API_KEYS', set: (c, v) => { c.apiKeys = v; } },
  { name: 'INVOICERA_TOKENS', set: (c, v) => { c.invoicera.tokens = v; } },
];

/** One credential per line or comma; blank lines and `#` comments are skipped. */
export function parseSecretList(text: string): string[] {
  return text.split(/\r?\n/).filter((l) => !l.trim().startsWith('#')).flatMap((l) => l.split(',')).map((s) => s.trim()).filter(Boolean);
}

/**
 * Applies GATEWAY_API_KEYS_FILE / INVOICERA_TOKENS_FILE, and makes a variable that is set but empty
 * an empty list (a start error in validation) instead of silently keeping the development default.
 */
export function readSecretFiles(c: GatewayConfig, env: NodeJS.ProcessEnv): void {
  for (const { name, set } of SECRET_LISTS) {
    const file = env[`${name}_FILE`];
    const direct = env[name];
    if (file !== undefined && file !== '') {
      if (direct !== undefined) throw new ConfigError(`${name} and ${name}_FILE are both set: use one`);
      let text: string;
      try { text = readFileSync(file, 'utf8'); } catch (e) {
        throw new ConfigError(`${name}_FILE: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      const values = parseSecretList(text);
      if (values.length === 0) throw new ConfigError(`${name}_FILE: ${file} holds no ${name === 'GATEWAY_API_KEYS' ? 'API key' : 'token'}`);
      set(c, values);
    } else if (direct !== undefined && direct.trim() === '') {
      throw new ConfigError(`${name}: is set but empty; give at least one value (or unset it for the development default on loopback)`);
    }
  }
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** The development credentials still configured (for the start-up warning). */
export function devCredentialsInUse(c: GatewayConfig): string[] {
  const used: string[] = [];
  if (c.apiKeys.includes(DEV_API_KEY)) used.push(`API key ${DEV_API_KEY}`);
  if (c.invoicera.tokens.includes(DEV_INVOICERA_TOKEN)) used.push(`Invoicera token ${DEV_INVOICERA_TOKEN}`);
  return used;
}

/** The public development credentials are refused off loopback and under NODE_ENV=production. */
export function checkCredentials(c: GatewayConfig, env: NodeJS.ProcessEnv): void {
  const used = devCredentialsInUse(c);
  if (used.length === 0) return;
  const why = env.NODE_ENV === 'production' ? 'NODE_ENV=production' : !isLoopback(c.host) ? `HOST=${c.host} is not a loopback address` : '';
  if (!why) return;
  const vars = [c.apiKeys.includes(DEV_API_KEY) && 'GATEWAY_API_KEYS', c.invoicera.tokens.includes(DEV_INVOICERA_TOKEN) && 'INVOICERA_TOKENS'].filter(Boolean).join(' and ');
  throw new ConfigError(`${vars}: the public development ${used.join(' and ')} work only on a loopback HOST outside NODE_ENV=production (${why}); set real ones (or ${vars.split(' and ').map((v) => `${v}_FILE`).join(' / ')})`);
}
