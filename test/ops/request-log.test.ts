// The request id on the services' log lines: each call hands its own logger to the services it
// calls (no ambient async scope), so lines of calls running at the same time must not mix up.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { CARDS, ok, seedShop } from './wire.js';

type Line = Record<string, unknown>;

describe('request id on the services\' lines', () => {
  const lines: Line[] = [];
  let gw: TestGateway;
  beforeAll(async () => {
    const logTo = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const l of chunk.toString('utf8').split('\n')) if (l) lines.push(JSON.parse(l) as Line);
        done();
      },
    });
    gw = await startGateway({ env: { LOG_LEVEL: 'debug' }, logTo });
    await gw.gateway.promotions.create({ name: 'Ten', discount: { kind: 'ORDER_TOTAL', mode: 'PERCENT', value: '10' }, codes: ['TEN'] });
  });
  afterAll(async () => { await gw?.close(); });

  it('placeOrder, a declined charge and deleteInvoice: pricing, order and release lines carry their own call\'s reqId', async () => {
    const shop = await seedShop(gw.base);
    const declining = await ok<number>(gw.base, 'DataService.add', ['CreditCard', { ContactId: shop.contactId, CardNumber: CARDS.decline, ExpirationMonth: '12', ExpirationYear: '2030' }]);
    const place = (reqId: string, card: number) => ok<Record<string, unknown>>(gw.base, 'OrderService.placeOrder',
      [shop.contactId, card, 0, shop.productIds, [], true, ['TEN']], { 'X-Request-Id': reqId });
    // Concurrent calls: their awaits interleave, so a shared "current request" would mislabel lines.
    const orders = await Promise.all(Array.from({ length: 6 }, (_, i) => place(`rl-place-${i}`, i % 2 ? declining : 0)));
    const kept = orders[0];
    await ok(gw.base, 'InvoiceService.deleteInvoice', [Number(kept.InvoiceId)], { 'X-Request-Id': 'rl-delete' });

    const reqIdOf = (msg: string, orderId: unknown) => lines.filter((l) => l.msg === msg && l.orderId === Number(orderId)).map((l) => l.reqId);
    orders.forEach((o, i) => {
      expect(reqIdOf('promo outcomes', o.OrderId)).toEqual([`rl-place-${i}`]);
      expect(reqIdOf('order placed', o.OrderId)).toEqual([`rl-place-${i}`]);
      // A declined first charge gives the promotion uses back, logged by the call that placed it.
      if (i % 2) expect(reqIdOf('promo uses released', o.OrderId)).toEqual([`rl-place-${i}`]);
    });
    expect(reqIdOf('promo uses released', kept.OrderId)).toEqual(['rl-delete']);
  });
});
