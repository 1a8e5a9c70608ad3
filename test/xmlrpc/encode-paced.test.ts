// encodeResponsePaced: the encoder for large replies (src/http/rpc-route.ts) must write exactly what
// encodeResponse writes, hand the loop back between array items, and stop at the reply cap.
import { describe, expect, it } from 'vitest';
import { PACE_EVERY_CHARS, encodeResponse, encodeResponsePaced, type Pacer } from '../../src/xmlrpc/encode.js';
import { Fault, XmlDouble, struct, type XmlRpcValue } from '../../src/xmlrpc/types.js';

const tooLarge = () => new Fault(0, 'too large');
/** A pacer that counts how often it was asked (and never makes the encoder wait). */
function counting(): Pacer & { asked: number } {
  const p = { asked: 0, pace: () => { p.asked++; return undefined; } };
  return p;
}
const never: Pacer = { pace: () => undefined };

describe('encodeResponsePaced (large replies)', () => {
  const nested: XmlRpcValue = [[[1, 'a&b', struct({ x: [2, [3]] })], []], 'tail', struct({ y: new XmlDouble('1.5') }), ''];
  it('writes exactly what encodeResponse writes', async () => {
    expect(await encodeResponsePaced(nested, {}, never, 1e6, tooLarge)).toBe(encodeResponse(nested));
    for (const v of ['plain', 7, struct({ a: 1 }), [], [[]], [[[['deep']]]]] as XmlRpcValue[]) {
      expect(await encodeResponsePaced(v, {}, never, 1e6, tooLarge)).toBe(encodeResponse(v));
    }
  });
  it('asks the pacer between array items, about once per PACE_EVERY_CHARS written', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => [struct({ Id: i, Name: `row ${i}` })]);
    const expected = encodeResponse(rows);
    const pacer = counting();
    expect(await encodeResponsePaced(rows, {}, pacer, 1e7, tooLarge)).toBe(expected);
    // each ask comes with the piece that crosses the mark (a row here is ~100 characters)
    expect(pacer.asked).toBeGreaterThanOrEqual(Math.floor(expected.length / (PACE_EVERY_CHARS + 200)));
    expect(pacer.asked).toBeLessThanOrEqual(expected.length / PACE_EVERY_CHARS + 2);
  });
  it('waits for the pause the pacer asks for before writing on', async () => {
    const order: string[] = [];
    const pacer: Pacer = { pace: () => { order.push('pause'); return new Promise((r) => setImmediate(() => { order.push('resumed'); r(); })); } };
    await encodeResponsePaced(['a', 'b'], {}, pacer, 1e6, tooLarge);
    expect(order.slice(0, 2)).toEqual(['pause', 'resumed']);
  });
  it('stops with the given fault as soon as the text passes the cap', async () => {
    const big = Array.from({ length: 1000 }, (_, i) => `row ${i}`);
    let written = 0;
    const cheap: Pacer = { pace: () => { written++; return undefined; } };
    await expect(encodeResponsePaced(big, {}, cheap, 2000, tooLarge)).rejects.toMatchObject({ faultString: 'too large' });
    expect(written).toBeLessThan(5);
    await expect(encodeResponsePaced('x'.repeat(3000), {}, never, 2000, tooLarge)).rejects.toMatchObject({ faultString: 'too large' });
  });
});
