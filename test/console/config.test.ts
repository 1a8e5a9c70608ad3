// Console and document settings are checked at start; without users the console is off.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { hashPassword, parseUsers, checkPassword } from '../../src/console/auth.js';
import { startGateway } from '../support/gateway.js';

const base = { GATEWAY_API_KEYS: 'test-key-123456', GATEWAY_STORE: 'memory' };

describe('console and document configuration', () => {
  it('refuses malformed users, short secrets and bad URLs with the setting named', () => {
    expect(() => loadConfig({ ...base, GATEWAY_CONSOLE_USERS: 'alice:plaintext' })).toThrow(/GATEWAY_CONSOLE_USERS/);
    expect(() => loadConfig({ ...base, GATEWAY_LINK_SECRET: 'short' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, GATEWAY_CONSOLE_SECRET: 'short' })).toThrow(/GATEWAY_CONSOLE_SECRET/);
    expect(() => loadConfig({ ...base, GATEWAY_PUBLIC_URL: 'javascript:alert(1)' })).toThrow(/GATEWAY_PUBLIC_URL/);
    expect(() => loadConfig({ ...base, GATEWAY_LINK_TTL: '0' })).toThrow(/GATEWAY_LINK_TTL/);
    expect(loadConfig({ ...base, GATEWAY_SELLER_ADDRESS: '1 Road | Town 12345' }).documents.seller.address).toEqual(['1 Road', 'Town 12345']);
  });

  it('a hashed entry loads and checks; a wrong password or unknown user does not', async () => {
    const entry = await hashPassword('alice', 'pa55word-long');
    const users = parseUsers(loadConfig({ ...base, GATEWAY_CONSOLE_USERS: entry }).console.users);
    expect(await checkPassword(users, 'alice', 'pa55word-long')).toBe(true);
    expect(await checkPassword(users, 'alice', 'wrong')).toBe(false);
    expect(await checkPassword(users, 'bob', 'pa55word-long')).toBe(false);
  });

  it('without users the console answers 404 and says how to turn it on', async () => {
    const gw = await startGateway();
    try {
      const r = await fetch(`${gw.base}/console/login`);
      expect(r.status).toBe(404);
      expect(await r.text()).toMatch(/GATEWAY_CONSOLE_USERS/);
    } finally {
      await gw.close();
    }
  });
});
