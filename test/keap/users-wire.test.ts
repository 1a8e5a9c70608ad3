// Users and login (issue 18 "Users and login"): users added with the CLI log in through
// DataService.authenticateUser with the MD5 hex of the password (Keap's scheme), from the npm xmlrpc
// client and Python's xmlrpc.client, against a gateway on the same SQLite store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { cliRunner } from '../support/cli.js';
import { startGateway, TEST_API_KEY, type TestGateway } from '../support/gateway.js';
import { rpcClient } from '../support/rpc.js';

const run = promisify(execFile);
const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const dir = mkdtempSync(join(tmpdir(), 'users-'));
const env = { GATEWAY_STORE: `sqlite:${join(dir, 'gw.db')}` };
const pwFile = join(dir, 'pw');
writeFileSync(pwFile, 'correct horse battery\n');

const cli = cliRunner(env);

let gw: TestGateway;
let ownerId: number;
beforeAll(async () => {
  const added = await cli('user', 'add', 'Owner@Example.com', '--password-file', pwFile, '--first-name', 'Olive', '--last-name', 'Owner', '--json');
  expect(added.code, added.err).toBe(0);
  ownerId = JSON.parse(added.out).id;
  expect((await cli('user', 'add', 'clerk@example.com', '--password', 'clerk-password-1')).code).toBe(0);
  gw = await startGateway({ env });
});
afterAll(async () => { await gw?.close(); rmSync(dir, { recursive: true, force: true }); });

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const rpc = () => rpcClient(gw.port);
const faultOf = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a fault'); }, (e: Any) => [e.faultCode, e.faultString]);
const FAILED = [13, '[FailedLoginAttempt]Invalid username and/or password.'];

describe('keap-gateway user', () => {
  it('lists users without any password material; passwd changes the password; duplicates and short passwords are refused', async () => {
    const listed = await cli('user', 'list', '--json');
    expect(JSON.parse(listed.out)).toEqual([
      { id: ownerId, email: 'Owner@Example.com', firstName: 'Olive', lastName: 'Owner' },
      { id: expect.any(Number), email: 'clerk@example.com' },
    ]);
    expect(listed.out).not.toMatch(/scrypt|hash/i);
    expect((await cli('user', 'add', 'OWNER@example.com', '--password', 'another-password')).code).toBe(1);
    expect((await cli('user', 'add', 'new@example.com', '--password', 'short')).code).toBe(1);
    expect((await cli('user', 'add', 'new@example.com')).code).toBe(2);
    expect((await cli('user', 'passwd', 'clerk@example.com', '--password', 'clerk-password-2')).code).toBe(0);
    expect((await cli('user', 'passwd', '999', '--password', 'whatever-pw')).code).toBe(1);
  });
});

describe('DataService login methods over the wire (npm xmlrpc)', () => {
  it('authenticateUser answers the user id for the MD5 hex of the password (any case of email and hex)', async () => {
    const call = rpc();
    expect(await call('DataService.authenticateUser', TEST_API_KEY, 'owner@example.com', md5('correct horse battery'))).toBe(ownerId);
    expect(await call('DataService.authenticateUser', TEST_API_KEY, 'OWNER@EXAMPLE.COM', md5('correct horse battery').toUpperCase())).toBe(ownerId);
  });

  it('a wrong password, an unknown user, the plain password or a changed one are fault 13 with one text', async () => {
    const call = rpc();
    expect(await faultOf(call('DataService.authenticateUser', TEST_API_KEY, 'owner@example.com', md5('wrong')))).toEqual(FAILED);
    expect(await faultOf(call('DataService.authenticateUser', TEST_API_KEY, 'nobody@example.com', md5('correct horse battery')))).toEqual(FAILED);
    expect(await faultOf(call('DataService.authenticateUser', TEST_API_KEY, 'owner@example.com', 'correct horse battery'))).toEqual(FAILED);
    expect(await faultOf(call('DataService.authenticateUser', TEST_API_KEY, 'clerk@example.com', md5('clerk-password-1')))).toEqual(FAILED);
    expect(typeof await call('DataService.authenticateUser', TEST_API_KEY, 'clerk@example.com', md5('clerk-password-2'))).toBe('number');
    expect(await faultOf(call('DataService.authenticateUser', TEST_API_KEY, 'x'.repeat(10_000), md5('a')))).toEqual(FAILED);
    expect((await faultOf(call('DataService.authenticateUser', 'wrong-key', 'owner@example.com', md5('correct horse battery'))))[0]).toBe(2);
  });

  it('the User table is read-only and never shows the stored hash', async () => {
    const call = rpc();
    expect(await call('DataService.load', TEST_API_KEY, 'User', ownerId, ['Id', 'Email', 'FirstName', 'LastName', 'GlobalUserId']))
      .toEqual({ Id: ownerId, Email: 'Owner@Example.com', FirstName: 'Olive', LastName: 'Owner', GlobalUserId: ownerId });
    expect((await faultOf(call('DataService.load', TEST_API_KEY, 'User', ownerId, ['passwordHash'])))[0]).toBe(10);
    expect((await faultOf(call('DataService.add', TEST_API_KEY, 'User', { Email: 'x@example.com' })))[0]).toBe(7);
  });

  it('getUserInfo answers the account owner, with the key or with only a header credential', async () => {
    const info = { localUserId: ownerId, globalUserId: ownerId, displayName: 'Olive Owner', casUsername: 'Owner@Example.com', appAlias: '127', appUrl: 'https://127.0.0.1' };
    expect(await rpc()('DataService.getUserInfo', TEST_API_KEY)).toEqual(info);
    const res = await fetch(gw.url, {
      method: 'POST', headers: { 'Content-Type': 'text/xml', 'X-Keap-API-Key': TEST_API_KEY },
      body: '<?xml version="1.0"?><methodCall><methodName>DataService.getUserInfo</methodName><params></params></methodCall>',
    });
    expect(await res.text()).toContain('<name>casUsername</name><value>Owner@Example.com</value>');
    expect((await faultOf(rpc()('DataService.getUserInfo')))[0]).toBe(2);
  });

  it('getTemporaryKey is a documented refusal (fault 14), and needs a configured key in the vendor slot (fault 2)', async () => {
    const call = rpc();
    expect((await faultOf(call('DataService.getTemporaryKey', TEST_API_KEY, 'owner@example.com', md5('correct horse battery'))))[0]).toBe(14);
    expect((await faultOf(call('DataService.getTemporaryKey', 'vendorKey', 'owner@example.com', md5('correct horse battery'))))[0]).toBe(2);
  });
});

describe('login with Python xmlrpc.client', () => {
  it('authenticateUser and getUserInfo from a Python integration', async () => {
    const script = fileURLToPath(new URL('../clients/login.py', import.meta.url));
    const { stdout } = await run('python3', [script, gw.url, TEST_API_KEY, 'owner@example.com', 'correct horse battery'], { timeout: 60_000 });
    expect(JSON.parse(stdout)).toEqual({
      id: ownerId, wrongPassword: FAILED, unknownUser: FAILED,
      info: expect.objectContaining({ localUserId: ownerId, casUsername: 'Owner@Example.com' }),
    });
  });
});
