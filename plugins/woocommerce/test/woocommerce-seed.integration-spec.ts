import { NotFoundError } from '@storebridge/contracts';
import { collectAll, createConnectionContext } from '@storebridge/plugin-sdk';
import { generateSeedOrders, generateSeedProducts } from '@storebridge/plugin-sdk/testing';
import { woocommercePlugin } from '../src';
import { startWooCommerceSandbox, wooStatusForSeed, type RunningWooCommerceSandbox } from '../src/testing';

/**
 * The conformance suite checks totals, lines, addresses, customers and the
 * payment/fulfilment statuses against the seed. What it cannot know: the
 * unified order status each of Woo's own statuses reads as, and that the
 * seed reaches enough of them for that to mean something.
 */
const ORDER_STATUS: Record<string, string> = {
  pending: 'Pending',
  processing: 'Processing',
  'on-hold': 'OnHold',
  completed: 'Completed',
  cancelled: 'Cancelled',
  refunded: 'Closed',
};

describe('WooCommerce order statuses against the seed', () => {
  let sb: RunningWooCommerceSandbox;
  beforeAll(async () => {
    sb = await startWooCommerceSandbox({ seed: 11, products: 12, orders: 40, hostLimit: null });
  });
  afterAll(() => sb.close());

  it('reads every Woo status the seed reaches as its unified order status, line items in the store currency', async () => {
    const ctx = createConnectionContext(woocommercePlugin, {
      connectionId: 'seed',
      connectionKey: `seed:${sb.baseUrl}`,
      store: woocommercePlugin.auth.resolveStore(sb.baseUrl),
      credentials: { consumerKey: sb.consumerKey, consumerSecret: sb.consumerSecret },
      rateLimit: { kind: 'none' },
    });
    const orders = await collectAll((cursor) => woocommercePlugin.createOrderPort(ctx).list({ limit: 15, cursor }));
    const seeds = generateSeedOrders(11, 40, generateSeedProducts(11, 12));
    expect(orders).toHaveLength(seeds.length);
    const seen = new Set<string>();
    for (const seed of seeds) {
      const o = orders.find((x) => x.orderNumber === seed.orderNumber)!;
      const woo = wooStatusForSeed(seed).status;
      seen.add(woo);
      expect([seed.orderNumber, o.orderStatus]).toEqual([seed.orderNumber, ORDER_STATUS[woo]]);
      expect(o.lineItems.every((li) => li.currency === seed.currency)).toBe(true);
    }
    expect(seen.size).toBeGreaterThanOrEqual(4);
    await expect(woocommercePlugin.createOrderPort(ctx).get('1')).rejects.toBeInstanceOf(NotFoundError);
  });
});
