// A promise-returning npm `xmlrpc` client for a test gateway's Keap RPC path.
import xmlrpc from 'xmlrpc';
import { TEST_API_KEY } from './gateway.js';

export type Rpc = (method: string, ...params: unknown[]) => Promise<any>;

export function rpcClient(port: number, path = '/api/xmlrpc'): Rpc {
  const c = xmlrpc.createClient({ host: '127.0.0.1', port, path });
  return (method, ...params) => new Promise((resolve, reject) =>
    c.methodCall(method, params, (err: any, value: unknown) => (err ? reject(err) : resolve(value))));
}

/** rpcClient whose calls carry the API key first, as every Keap service method takes it. */
export function keapClient(port: number, key = TEST_API_KEY): Rpc {
  const rpc = rpcClient(port);
  return (method, ...params) => rpc(method, key, ...params);
}

/** The fault a call rejects with (fails the test when the call succeeds). */
export async function faultOf(p: Promise<unknown>): Promise<{ faultCode: number; faultString: string }> {
  try { await p; } catch (e) { return e as { faultCode: number; faultString: string }; }
  throw new Error('expected a fault');
}
