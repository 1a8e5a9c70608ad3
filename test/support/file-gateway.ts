// One whole gateway for a test file (started before its tests, closed after them) and a Keap client
// bound to it that sends the test API key first, as every Keap call does (npm `xmlrpc`).
import { afterAll, beforeAll } from 'vitest';
import { startGateway, TEST_API_KEY, type TestGateway } from './gateway.js';
import { rpcClient, type Rpc } from './rpc.js';

export interface FileGateway {
  /** The running gateway (inside the file's tests). */
  readonly gw: TestGateway;
  /** A new Keap client: `call(method, ...params)` with the API key prepended. */
  rpc(): Rpc;
}

export function fileGateway(opts?: Parameters<typeof startGateway>[0]): FileGateway {
  let gw: TestGateway | undefined;
  beforeAll(async () => { gw = await startGateway(opts); });
  afterAll(async () => { await gw?.close(); });
  const started = () => { if (!gw) throw new Error('the file gateway is not started yet'); return gw; };
  return {
    get gw() { return started(); },
    rpc() {
      const call = rpcClient(started().port);
      return (method, ...params) => call(method, TEST_API_KEY, ...params);
    },
  };
}
