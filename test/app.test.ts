// The composed gateway: one request through every layer, plus the operational endpoints.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, TEST_API_KEY, type TestGateway } from './support/gateway.js';
import { rpcClient } from './support/rpc.js';

let gw: TestGateway;
beforeAll(async () => { gw = await startGateway(); });
afterAll(async () => { await gw?.close(); });

const call = (method: string, params: unknown[]): Promise<unknown> => rpcClient(gw.port)(method, ...params);

describe('composed gateway', () => {
  it('answers a Keap call and a keyless echo', async () => {
    const id = await call('ContactService.add', [TEST_API_KEY, { FirstName: 'Ada', Email: 'ada@example.com' }]);
    expect(typeof id).toBe('number');
    expect(await call('DataService.echo', ['hello'])).toBe('hello');
    expect(await call('DiscountService.echo', ['hello'])).toBe('hello');
  });

  it('refuses a bad key with fault 2', async () => {
    await expect(call('ContactService.load', ['wrong-key-000', 1, ['Id']])).rejects.toMatchObject({ faultCode: 2 });
  });

  it('serves /healthz, /readyz and /metrics with call counters', async () => {
    expect((await fetch(`${gw.base}/healthz`)).status).toBe(200);
    expect((await fetch(`${gw.base}/readyz`)).status).toBe(200);
    const text = await (await fetch(`${gw.base}/metrics`)).text();
    expect(text).toMatch(/gateway_xmlrpc_calls_total\{method="ContactService.add",outcome="ok"\} 1/);
    expect(text).toMatch(/gateway_xmlrpc_faults_total\{code="2"\} 1/);
  });

  it('mounts the Invoicera XML API at both documented paths', async () => {
    const auth = 'Basic ' + Buffer.from('dev-token-change-me:X').toString('base64');
    for (const path of ['/api/xml/1.1/', '/app/api/xml/1.1/']) {
      const res = await fetch(`${gw.base}${path}`, {
        method: 'POST', headers: { authorization: auth, 'content-type': 'application/xml' },
        body: '<?xml version="1.0" encoding="utf-8"?><request method="listClient"></request>',
      });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<response status="200">');
    }
  });

  it('answers 404 on an unknown path', async () => {
    expect((await fetch(`${gw.base}/nope`)).status).toBe(404);
  });
});
