// encodeResponsePaced: the encoder for large replies (src/http/rpc-route.ts) must write exactly what
// encodeResponse writes, hand the loop back between array items, and stop at the reply cap.
import { describe, expect, it } from 'vitest';
import { encodeResponse, encodeResponsePaced } from '../../src/xmlrpc/encode.js';
import { Fault, XmlDouble, struct, type XmlRpcValue } from '../../src/xmlrpc/types.js';

const tooLarge = () => new Fault(0, 'too large');

describe('encodeResponsePaced (large replies)', () => {
  const nested: XmlRpcValue = [[[1, 'a&b', struct({ x: [2, [3]] })], []], 'tail', struct({ y: new XmlDouble('1.5') }), ''];
  it('writes exactly what encodeResponse writes, yielding between array items', async () => {
    let paces = 0;
    const text = await encodeResponsePaced(nested, {}, async () => { paces++; }, 1e6, tooLarge);
    expect(text).toBe(encodeResponse(nested));
    expect(paces).toBeGreaterThanOrEqual(5);
    for (const v of ['plain', 7, struct({ a: 1 }), []] as XmlRpcValue[]) {
      expect(await encodeResponsePaced(v, {}, async () => undefined, 1e6, tooLarge)).toBe(encodeResponse(v));
    }
  });
  it('stops with the given fault as soon as the text passes the cap', async () => {
    const big = Array.from({ length: 1000 }, (_, i) => `row ${i}`);
    let paces = 0;
    await expect(encodeResponsePaced(big, {}, async () => { paces++; }, 2000, tooLarge)).rejects.toMatchObject({ faultString: 'too large' });
    expect(paces).toBeLessThan(200);
  });
});
