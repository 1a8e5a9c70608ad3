// A tiny XML-RPC client over fetch for the ops and cluster tests: lets a test set any HTTP header
// (Idempotency-Key, X-Request-Id) and see faults as values. Plus the seed data an order needs.
import { encodeCall } from '../../src/xmlrpc/encode.js';
import { decodeMethodResponse } from '../../src/xmlrpc/decode.js';
import type { XmlRpcValue } from '../../src/xmlrpc/types.js';
import { TEST_API_KEY } from '../support/gateway.js';

export type RpcOutcome = { value: XmlRpcValue; fault?: undefined } | { fault: { faultCode: number; faultString: string }; value?: undefined };

const LIMITS = { maxDepth: 64, maxElements: 1_000_000 };

/** One call; params after the API key. */
export async function rpc(base: string, method: string, args: XmlRpcValue[], headers: Record<string, string> = {}): Promise<RpcOutcome> {
  const res = await fetch(`${base}/api/xmlrpc`, {
    method: 'POST', headers: { 'content-type': 'text/xml', ...headers }, body: encodeCall(method, [TEST_API_KEY, ...args]),
  });
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  const decoded = decodeMethodResponse(Buffer.from(await res.arrayBuffer()), LIMITS);
  if ('fault' in decoded) return { fault: { faultCode: decoded.fault.faultCode, faultString: decoded.fault.faultString } };
  return { value: decoded.value };
}

/** A call that must succeed. */
export async function ok<T = XmlRpcValue>(base: string, method: string, args: XmlRpcValue[], headers: Record<string, string> = {}): Promise<T> {
  const r = await rpc(base, method, args, headers);
  if (r.fault) throw new Error(`${method} faulted ${r.fault.faultCode}: ${r.fault.faultString}`);
  return r.value as T;
}

export const CARDS = { approve: '4111111111111111', decline: '4000000000000002' };

/** A contact with an approving card and two products, created through the wire. */
export async function seedShop(base: string): Promise<{ contactId: number; cardId: number; productIds: number[] }> {
  const contactId = await ok<number>(base, 'ContactService.add', [{ FirstName: 'Ops', Email: `ops${Date.now()}@example.com` }]);
  const cardId = await ok<number>(base, 'DataService.add', ['CreditCard', { ContactId: contactId, CardNumber: CARDS.approve, ExpirationMonth: '12', ExpirationYear: '2030' }]);
  const productIds = [
    await ok<number>(base, 'DataService.add', ['Product', { ProductName: 'Widget', ProductPrice: 19.99 }]),
    await ok<number>(base, 'DataService.add', ['Product', { ProductName: 'Gadget', ProductPrice: 5.01 }]),
  ];
  return { contactId, cardId, productIds };
}
