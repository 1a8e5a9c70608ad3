// Safe by default: no silent fallback to the public development key, the development key and token
// only for a developer on loopback, keys and tokens from files (Docker secrets), a loud warning.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { spawnGateway } from '../cluster/gateway-process.js';

const dir = mkdtempSync(join(tmpdir(), 'gw-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => { const p = join(dir, name); writeFileSync(p, text); return p; };
const base = { GATEWAY_STORE: 'memory' };
const refused = (env: Record<string, string>) => { try { loadConfig(env); } catch (e) { expect(e).toBeInstanceOf(ConfigError); return (e as Error).message; } throw new Error('accepted'); };

describe('credentials', () => {
  it('an empty key list is a start error, not the development key', () => {
    expect(refused({ ...base, GATEWAY_API_KEYS: '' })).toMatch(/^GATEWAY_API_KEYS: is set but empty/);
    expect(refused({ ...base, GATEWAY_API_KEYS: ' , ' })).toMatch(/^GATEWAY_API_KEYS: at least one API key is required/);
    expect(refused({ ...base, INVOICERA_TOKENS: '' })).toMatch(/^INVOICERA_TOKENS: is set but empty/);
  });

  it('the development key and token work on loopback outside production only', () => {
    expect(loadConfig(base).apiKeys).toEqual(['dev-key-change-me']);
    expect(loadConfig({ ...base, HOST: '::1' }).invoicera.tokens).toEqual(['dev-token-change-me']);
    expect(refused({ ...base, HOST: '0.0.0.0' })).toMatch(/GATEWAY_API_KEYS and INVOICERA_TOKENS: the public development .* work only on a loopback HOST outside NODE_ENV=production \(HOST=0\.0\.0\.0 is not a loopback address\)/);
    expect(refused({ ...base, NODE_ENV: 'production' })).toMatch(/\(NODE_ENV=production\)/);
    expect(refused({ ...base, NODE_ENV: 'production', GATEWAY_API_KEYS: 'real-key-123456' })).toMatch(/^INVOICERA_TOKENS: /);
    expect(refused({ ...base, HOST: '10.0.0.5', INVOICERA_TOKENS: 'real-token-1', GATEWAY_API_KEYS: 'real-key-123456,dev-key-change-me' })).toMatch(/^GATEWAY_API_KEYS: /);
    const prod = loadConfig({ ...base, NODE_ENV: 'production', HOST: '0.0.0.0', GATEWAY_API_KEYS: 'real-key-123456', INVOICERA_TOKENS: 'real-token-1' });
    expect(prod.apiKeys).toEqual(['real-key-123456']);
  });

  it('keys and tokens from files: one per line or comma, comments skipped; unreadable or empty files refused', () => {
    const keys = file('keys', '# Keap keys\nfile-key-1234567\n\nfile-key-7654321, file-key-abcdefg\n');
    const tokens = file('tokens', 'file-token-1\n');
    const c = loadConfig({ ...base, NODE_ENV: 'production', HOST: '0.0.0.0', GATEWAY_API_KEYS_FILE: keys, INVOICERA_TOKENS_FILE: tokens });
    expect(c.apiKeys).toEqual(['file-key-1234567', 'file-key-7654321', 'file-key-abcdefg']);
    expect(c.invoicera.tokens).toEqual(['file-token-1']);
    expect(refused({ ...base, GATEWAY_API_KEYS_FILE: join(dir, 'missing') })).toMatch(/^GATEWAY_API_KEYS_FILE: cannot read .*missing: ENOENT/);
    expect(refused({ ...base, GATEWAY_API_KEYS_FILE: file('blank', '# nothing\n\n') })).toMatch(/^GATEWAY_API_KEYS_FILE: .* holds no API key/);
    expect(refused({ ...base, GATEWAY_API_KEYS_FILE: keys, GATEWAY_API_KEYS: 'other-key-123456' })).toMatch(/both set/);
  });

  it('a real start refuses the development key off loopback (exit 2) and warns loudly on loopback', async () => {
    const off = await spawnGateway({ GATEWAY_STORE: 'memory', HOST: '0.0.0.0', GATEWAY_API_KEYS: 'dev-key-change-me' }).then(() => 'started', (e: Error) => e.message);
    expect(off).toMatch(/gateway exited \(2\) before listening:\nconfig error: GATEWAY_API_KEYS and INVOICERA_TOKENS: the public development/);
    const dev = await spawnGateway({ GATEWAY_STORE: 'memory', GATEWAY_API_KEYS: 'dev-key-change-me' });
    try {
      const warning = dev.logs.find((l) => l.level === 40 && String(l.msg).startsWith('DEVELOPMENT CREDENTIALS IN USE'));
      expect(warning?.msg).toContain('API key dev-key-change-me, Invoicera token dev-token-change-me');
    } finally { await dev.signal('SIGTERM'); }
  });
});
