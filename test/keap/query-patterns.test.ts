// queryData `%` patterns through the real wire (npm xmlrpc client): Keap's LIKE semantics, no
// regex backtracking on hostile patterns, and the documented pattern-length cap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rpcClient, type Rpc } from '../support/rpc.js';
import { startGateway, TEST_API_KEY, type TestGateway } from '../support/gateway.js';

let gw: TestGateway;
let rpc: Rpc;
beforeAll(async () => {
  gw = await startGateway();
  rpc = rpcClient(gw.port);
  for (const name of ['Ada', 'adalbert', 'Grace', 'a'.repeat(40), `${'a'.repeat(12)}b`, 'ab%c', 'x.y*z']) {
    await rpc('ContactService.add', TEST_API_KEY, { FirstName: name, LastName: `L-${name.slice(0, 5)}` });
  }
});
afterAll(async () => { await gw.close(); });

const names = async (pattern: string) =>
  ((await rpc('DataService.query', TEST_API_KEY, 'Contact', 100, 0, { FirstName: pattern }, ['FirstName'])) as Array<{ FirstName: string }>)
    .map((r) => r.FirstName).sort();

describe('queryData % patterns', () => {
  it('keep Keap LIKE semantics: anywhere, case-insensitive, literal everything else', async () => {
    expect(await names('ada%')).toEqual(['Ada', 'adalbert']);
    expect(await names('%dA')).toEqual(['Ada']);
    expect(await names('%RAC%')).toEqual(['Grace']);
    expect(await names('a%b%t')).toEqual(['adalbert']);
    expect(await names('%.y*%')).toEqual(['x.y*z']); // regex metacharacters are plain text
    expect(await names('ab%')).toEqual(['ab%c']);
    expect(await names('%')).toHaveLength(7);
    expect(await names('ada%da')).toEqual([]); // head and tail may not overlap
    expect(await rpc('DataService.count', TEST_API_KEY, 'Contact', { FirstName: 'a%a', LastName: 'l-%' })).toBe(2);
  });

  it('a backtracking pattern (%a ×11 + %b against 40 letters) answers at once', async () => {
    const started = performance.now();
    expect(await names(`${'%a'.repeat(11)}%b`)).toEqual([`${'a'.repeat(12)}b`]);
    expect(await names(`${'%a'.repeat(11)}%x`)).toEqual([]);
    // The regex took 2.3 s for ×9 and ×4 per extra %a; the matcher is linear (margins for a loaded machine).
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('a pattern longer than 256 characters is fault 12 naming the field', async () => {
    await expect(names(`${'%a'.repeat(128)}%`)).rejects.toMatchObject({
      faultCode: 12, faultString: '[InvalidParameter]queryData FirstName: a % pattern may have at most 256 characters, got 257',
    });
    expect(await names(`${'%a'.repeat(127)}%`)).toEqual([]); // 255 characters: allowed
  });
});
