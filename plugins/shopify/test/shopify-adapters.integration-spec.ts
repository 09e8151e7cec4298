import type { ConnectionContext } from '@storebridge/contracts';
import { createConnectionContext } from '@storebridge/plugin-sdk';
import { shopifyPlugin } from '../src';
import { LINE_ITEMS_PER_PAGE } from '../src/client/shopify.queries';
import { startShopifySandbox, type RunningShopifySandbox } from '../src/testing';

function contextFor(sb: RunningShopifySandbox, key: string): ConnectionContext {
  return createConnectionContext(shopifyPlugin, {
    connectionId: key,
    connectionKey: `${key}:${sb.baseUrl}`,
    store: shopifyPlugin.auth.resolveStore(sb.baseUrl),
    credentials: { accessToken: sb.accessToken },
    app: { clientId: sb.clientId, clientSecret: sb.clientSecret },
    rateLimit: sb.rateLimit,
    retry: { baseDelayMs: 10, maxDelayMs: 50 },
  });
}

describe('Shopify adapters against the sandbox', () => {
  let sb: RunningShopifySandbox;
  let ctx: ConnectionContext;
  beforeAll(async () => {
    sb = await startShopifySandbox({ seed: 9, products: 7, orders: 4, limitScale: 50 });
    ctx = contextFor(sb, 'adapters');
  });
  afterAll(() => sb.close());

  describe('orders', () => {
    it('reads every line item of an order longer than one page, in get and in list', async () => {
      const lines = 2 * LINE_ITEMS_PER_PAGE + 17;
      const bigId = sb.sandbox.addOrder({ lineItems: lines });
      const orders = shopifyPlugin.createOrderPort(ctx);

      const big = await orders.get(bigId);
      expect(big.lineItems).toHaveLength(lines);
      expect(new Set(big.lineItems.map((li) => li.lineItemId)).size).toBe(lines);
      // In the store's order, each line as the sandbox holds it.
      expect(big.lineItems.map((li) => li.lineItemId)).toEqual([...big.lineItems.map((li) => li.lineItemId)].sort());
      expect(big.lineItems.every((li) => li.sku && li.quantity > 0 && li.currency === big.currency)).toBe(true);
      // The store's totals were computed over all lines: they add up only if none is missing.
      const cents = (amount: string) => Math.round(Number(amount) * 100);
      const subtotal = big.lineItems.reduce((sum, li) => sum + cents(li.price) * li.quantity, 0);
      expect(cents(big.totalPrice)).toBe(subtotal + cents(big.totalTax) + cents(big.totalShipping) - cents(big.totalDiscount));

      const all = [];
      for (let cursor: string | null | undefined; ; ) {
        const page = await orders.list({ limit: 2, cursor });
        all.push(...page.items);
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      expect(all.map((o) => o.remoteId)).toContain(bigId);
      expect(all.find((o) => o.remoteId === bigId)).toEqual(big);
      expect(all.filter((o) => o.remoteId !== bigId).every((o) => o.lineItems.length >= 1 && o.lineItems.length <= 3)).toBe(true);
    });
  });
});
