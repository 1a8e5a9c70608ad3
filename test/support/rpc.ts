// A promise-returning npm `xmlrpc` client for a test gateway's Keap RPC path.
import xmlrpc from 'xmlrpc';

export type Rpc = (method: string, ...params: unknown[]) => Promise<any>;

export function rpcClient(port: number, path = '/api/xmlrpc'): Rpc {
  const c = xmlrpc.createClient({ host: '127.0.0.1', port, path });
  return (method, ...params) => new Promise((resolve, reject) =>
    c.methodCall(method, params, (err: any, value: unknown) => (err ? reject(err) : resolve(value))));
}

/** The fault a call rejects with (fails the test when the call succeeds). */
export async function faultOf(p: Promise<unknown>): Promise<{ faultCode: number; faultString: string }> {
  try { await p; } catch (e) { return e as { faultCode: number; faultString: string }; }
  throw new Error('expected a fault');
}
