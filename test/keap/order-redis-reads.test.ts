// What one placeOrder asks of Redis (issue #17): its lines are read inside the order's transaction,
// with the contact, so the contact record is read once and the catalogue's generations come with
// the transaction's one generation script, not as separate reads before it. Watched with MONITOR on
// an own redis-server: commands a script runs are reported with source "lua" and left out.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { NoPromotionsStep, type PricingRequest } from '../../src/services/order-pricing.js';
import type { Tx } from '../../src/store/port.js';
import { SCHEMA } from '../../src/store/schema.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { harness } from './order-fixture.js';

let redis: RedisServer;
beforeAll(async () => { redis = await startRedis(); });
afterAll(async () => { await redis?.stop(); await redis?.remove(); });

describe('placeOrder on Redis', () => {
  it('reads the contact once and the catalogue generations only through the transaction', async () => {
    const store = await openStore(redis.url, SCHEMA);
    const monitor = await new Redis(redis.url).monitor();
    try {
      const h = harness({ store });
      const contactId = await h.contact();
      const widget = await h.product('Widget', '19.99');
      const gadget = await h.product('Gadget', '5.01');
      const place = () => h.call('OrderService.placeOrder', contactId, 0, 0, [widget, gadget], [], false, []);
      await place(); // the catalogue cache is loaded; what follows is a steady order's traffic

      // MONITOR's feed trails the replies: a PING through it marks where a stretch of commands ends.
      const caughtUp = () => new Promise<void>((resolve) => {
        const onPing = (_t: string, args: string[]) => {
          if (args[0].toLowerCase() === 'ping') { monitor.off('monitor', onPing); resolve(); }
        };
        monitor.on('monitor', onPing);
        void store.ping();
      });
      await caughtUp();
      const seen: string[][] = [];
      const listener = (_time: string, args: string[], source: string) => { if (source !== 'lua') seen.push(args); };
      monitor.on('monitor', listener);
      const placed = (await place()) as Record<string, string>;
      await caughtUp();
      monitor.off('monitor', listener);

      const commands = seen.map((a) => a[0].toLowerCase()).filter((c) => c !== 'ping');
      const clientReads = seen.filter((a) => a[1]?.endsWith(`:rec:Client:${contactId}`));
      const generationReads = seen.filter((a) => a[0].toLowerCase() === 'hmget' && a[1].includes(':kv:store:generation:'));
      expect(clientReads).toHaveLength(1);
      expect(generationReads).toEqual([]);
      // The contact, the generation script, the invoice number's floor + INCR, the commit script
      // (which checks that the number's marker is still absent: not read before, kvAbsent). 9 at
      // first (the contact and two generations were read before the transaction too, and the marker).
      expect(commands).toEqual(['hmget', 'evalsha', 'hmget', 'incr', 'evalsha']);
      expect(Number(placed.InvoiceId)).toBeGreaterThan(0);
    } finally {
      monitor.disconnect();
      await store.close();
    }
  });

  it('asks for the pricing step\'s counters in the invoice number\'s round trip', async () => {
    // As the promotion engine does for a promotion with a usage limit.
    class CountingStep extends NoPromotionsStep {
      override async apply(tx: Tx, req: PricingRequest) {
        await tx.counter('uses');
        return super.apply(tx, req);
      }
    }
    const store = await openStore(redis.url, SCHEMA);
    const stats = new Redis(redis.url);
    try {
      const h = harness({ store, pricing: new CountingStep() });
      const contactId = await h.contact();
      const widget = await h.product('Widget', '19.99');
      const place = () => h.call('OrderService.placeOrder', contactId, 0, 0, [widget], [], true, ['SAVE']);
      await place(); // the catalogue cache and the id blocks are loaded
      // With one caller, each socket read Redis makes of the store's connection is one round trip;
      // the INFO that takes the second reading is one read more.
      const readsSoFar = async () => Number(/total_reads_processed:(\d+)/.exec(await stats.info('stats'))![1]);
      const before = await readsSoFar();
      await place();
      const roundTrips = (await readsSoFar()) - before - 1;
      // The contact with the generation script; the number's floor and INCR with the counter; the
      // commit. There were 5: the number's marker was read, then the counter had its own.
      expect(roundTrips).toBe(3);
    } finally {
      stats.disconnect();
      await store.close();
    }
  });
});
