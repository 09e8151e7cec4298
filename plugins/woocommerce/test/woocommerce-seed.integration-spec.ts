import { NotFoundError } from '@storebridge/contracts';
import { collectAll, createConnectionContext, isoToUnixSeconds } from '@storebridge/plugin-sdk';
import { generateSeedOrders, generateSeedProducts } from '@storebridge/plugin-sdk/testing';
import { woocommercePlugin } from '../src';
import { startWooCommerceSandbox, wooStatusForSeed, type RunningWooCommerceSandbox } from '../src/testing';

/**
 * What the conformance suite's seed check would do, for what WooCommerce can
 * represent: totals, currency, line items, addresses and customers exactly;
 * statuses as the Woo status the sandbox stored for each seed order.
 */
const ORDER_STATUS: Record<string, string> = {
  pending: 'Pending',
  processing: 'Processing',
  'on-hold': 'OnHold',
  completed: 'Completed',
  cancelled: 'Cancelled',
  refunded: 'Closed',
};

describe('WooCommerce orders against the seed', () => {
  let sb: RunningWooCommerceSandbox;
  beforeAll(async () => {
    sb = await startWooCommerceSandbox({ seed: 11, products: 12, orders: 40, hostLimit: null });
  });
  afterAll(() => sb.close());

  it('maps every seed order', async () => {
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
      const woo = wooStatusForSeed(seed);
      seen.add(woo.status);
      expect(o).toMatchObject({
        totalPrice: seed.totalPrice,
        totalTax: seed.totalTax,
        totalShipping: seed.totalShipping,
        totalDiscount: seed.totalDiscount,
        currency: seed.currency,
        orderStatus: ORDER_STATUS[woo.status],
        fulfillmentStatus: woo.completed ? 'fulfilled' : 'unfulfilled',
        paymentStatus: woo.status === 'refunded' ? 'Refunded' : woo.partialRefund ? 'PartiallyRefunded' : woo.paid ? 'Paid' : woo.status === 'cancelled' ? 'Voided' : 'Pending',
        billingAddress: seed.billingAddress,
        shippingAddress: seed.shippingAddress,
        customer: { customerId: seed.customer.customerId, firstName: seed.customer.firstName, lastName: seed.customer.lastName, email: seed.customer.email, phone: seed.customer.phone },
      });
      expect(isoToUnixSeconds(o.remoteCreatedAt)).toBe(seed.createdAt);
      expect(o.lineItems.map((li) => [li.sku, li.quantity, li.price, li.currency])).toEqual(seed.lineItems.map((li) => [li.sku, li.quantity, li.price, seed.currency]));
    }
    // The seed reaches most of Woo's statuses.
    expect(seen.size).toBeGreaterThanOrEqual(4);
    await expect(woocommercePlugin.createOrderPort(ctx).get('1')).rejects.toBeInstanceOf(NotFoundError);
  });
});
