import { ValidationError, type ConnectionContext } from '@storebridge/contracts';
import { collectAll, createConnectionContext } from '@storebridge/plugin-sdk';
import { shopifyPlugin } from '../src';
import { GRAPHQL_PATH } from '../src/client/shopify-graphql.client';
import { LINE_ITEMS_PER_PAGE, MEDIA_PER_PAGE } from '../src/client/shopify.queries';
import { startShopifySandbox, type RunningShopifySandbox } from '../src/testing';
import { SHOPIFY_SUBSCRIBED_TOPICS, toSubscriptionTopic } from '../src/webhooks/shopify.webhooks';

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

  describe('the sandbox as a GraphQL endpoint', () => {
    const post = async (query: string) => {
      const res = await fetch(`${sb.baseUrl}${GRAPHQL_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-shopify-access-token': sb.accessToken },
        body: JSON.stringify({ query }),
      });
      return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: Array<{ message: string; extensions?: { code: string } }> } };
    };

    it('answers a syntax error and a document the schema refuses as Shopify does, the same each time a text comes again', async () => {
      for (let i = 0; i < 2; i++) {
        const syntax = await post('query { shop { ');
        expect(syntax.status).toBe(200);
        expect(syntax.body.errors?.[0].message).toMatch(/^Syntax Error/);
        const invalid = await post('query { noSuchField }');
        expect(invalid.body.errors?.[0]).toMatchObject({ message: expect.stringContaining('noSuchField'), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
        const ok = await post('query { locations(first: 1) { nodes { id } } }');
        expect(ok.body.errors).toBeUndefined();
        expect(ok.body.data).toEqual({ locations: { nodes: [{ id: expect.stringMatching(/^gid:\/\/shopify\/Location\//) }] } });
      }
    });
  });

  describe('images', () => {
    const source = (n: number) => `https://images.example.com/parka/shot-${n}.jpg`;
    const storedFiles = () => sb.sandbox.stats().records.files;

    it('writes images, reads back more than a page of media, and updates without uploading what the product has', async () => {
      const products = shopifyPlugin.createProductPort(ctx);
      const before = storedFiles();
      const images = Array.from({ length: 2 * MEDIA_PER_PAGE + 2 }, (_, i) => ({ url: source(i), altText: `Shot ${i}` }));
      const created = await products.create({ productName: 'Gallery Parka', variants: [{ sku: 'GAL-1', price: 10 }], images });
      expect(storedFiles()).toBe(before + images.length);
      expect(created.images.map((i) => [i.altText, i.position, i.type])).toEqual(images.map((img, i) => [img.altText, i + 1, 'image']));
      // Shopify rehosts what it fetched: the product shows its CDN's copies, not the sources.
      expect(created.images.every((img, i) => img.url.startsWith(`${sb.baseUrl}/cdn/`) && img.url !== source(i))).toBe(true);
      expect(await products.get(created.remoteId)).toEqual(created);
      const listed = await collectAll((cursor) => products.list({ limit: 3, cursor }));
      expect(listed.find((p) => p.remoteId === created.remoteId)!.images).toEqual(created.images);

      // The same sources again, reordered, one dropped, one alt changed, one new: only the new one is uploaded.
      const last = images.length - 1;
      const next = [images[last], ...images.slice(0, last - 1).map((img, i) => (i === 3 ? { ...img, altText: 'Detail' } : img)), { url: source(99), altText: 'New' }];
      const updated = await products.update(created.remoteId, { images: next });
      expect(storedFiles()).toBe(before + images.length + 1);
      const ids = created.images.map((i) => i.remoteId);
      expect(updated.images.map((i) => i.remoteId)).toEqual([ids[last], ...ids.slice(0, last - 1), expect.not.stringMatching(new RegExp(`^(${ids.join('|')})$`))]);
      expect(updated.images.map((i) => i.altText)).toEqual(next.map((i) => i.altText));

      // What a caller read from Shopify is recognised as well (an import sent back).
      const roundTrip = await products.update(created.remoteId, { images: updated.images.map((i) => ({ url: i.url, altText: i.altText })) });
      expect(roundTrip.images).toEqual(updated.images);
      // A patch that says nothing of images leaves them alone.
      const renamed = await products.update(created.remoteId, { productName: 'Gallery Parka II' });
      expect(renamed.images).toEqual(updated.images);
      expect(storedFiles()).toBe(before + images.length + 1);

      const cleared = await products.update(created.remoteId, { images: [] });
      expect(cleared.images).toEqual([]);
      await products.delete(created.remoteId);
    });

    it('a source Shopify cannot fetch fails the write with its reason and creates nothing', async () => {
      const products = shopifyPlugin.createProductPort(ctx);
      const { products: count } = sb.sandbox.stats().records;
      const write = products.create({ productName: 'Broken', images: [{ url: 'https://' }] });
      await expect(write).rejects.toBeInstanceOf(ValidationError);
      await expect(write).rejects.toThrow(/Invalid image source url/);
      expect(sb.sandbox.stats().records.products).toBe(count);
    });
  });

  describe('webhooks', () => {
    const subscriptions = () => sb.sandbox.webhookSubscriptions();
    /** A GraphQL call straight to the sandbox, as another client of the shop would make it. */
    const graphql = async (query: string, variables: Record<string, unknown>) => {
      const res = await fetch(`${sb.baseUrl}/admin/api/2025-01/graphql.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-shopify-access-token': sb.accessToken },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as { data: { webhookSubscriptionCreate: { userErrors: Array<{ message: string }> } } };
    };
    const create = (topic: string, callbackUrl: string) =>
      graphql(`mutation($topic: WebhookSubscriptionTopic!, $url: URL!) { webhookSubscriptionCreate(topic: $topic, webhookSubscription: { callbackUrl: $url }) { userErrors { message } } }`, { topic, url: callbackUrl });

    it('registers each topic once per callback, however often a connection is activated', async () => {
      const callback = 'https://api.example.org/webhooks/shopify/conn_a';
      const wanted = SHOPIFY_SUBSCRIBED_TOPICS.map(toSubscriptionTopic);
      // Two topics are there already (an earlier, interrupted registration); one address of another connection too.
      await create('ORDERS_UPDATED', callback);
      await create('PRODUCTS_CREATE', callback);
      await create('PRODUCTS_CREATE', 'https://api.example.org/webhooks/shopify/conn_b');

      await shopifyPlugin.webhooks!.register!(ctx, callback);
      const mine = () => subscriptions().filter((w) => w.callbackUrl === callback);
      expect(mine().map((w) => w.topic).sort()).toEqual([...wanted].sort());
      expect(mine().every((w) => w.format === 'JSON')).toBe(true);

      sb.sandbox.resetStats();
      await shopifyPlugin.webhooks!.register!(ctx, callback);
      expect(mine()).toHaveLength(wanted.length);
      expect(sb.sandbox.stats().requests).toBe(1); // the list, and nothing to create
      expect(subscriptions().filter((w) => w.callbackUrl !== callback)).toEqual([{ topic: 'PRODUCTS_CREATE', callbackUrl: 'https://api.example.org/webhooks/shopify/conn_b', format: 'JSON' }]);
    });

    it('answers bad addresses with userErrors as Shopify does, and register fails with them, subscribing nothing', async () => {
      expect((await create('PRODUCTS_UPDATE', 'not a url')).data.webhookSubscriptionCreate.userErrors).toEqual([{ message: 'Address is invalid' }]);
      expect((await create('PRODUCTS_UPDATE', 'https://acme.myshopify.com/hook')).data.webhookSubscriptionCreate.userErrors).toEqual([
        { message: 'Address cannot be a Shopify or an internal domain' },
      ]);
      const before = subscriptions().length;
      const register = shopifyPlugin.webhooks!.register!(ctx, 'http://api.example.org/webhooks/shopify/conn_c');
      await expect(register).rejects.toBeInstanceOf(ValidationError);
      await expect(register).rejects.toThrow(/Address protocol http:\/\/ is not supported/);
      expect(subscriptions()).toHaveLength(before);
      // A host on loopback (tests, the local demo) may use http.
      await shopifyPlugin.webhooks!.register!(ctx, 'http://127.0.0.1:3000/webhooks/shopify/conn_d');
      expect(subscriptions()).toHaveLength(before + SHOPIFY_SUBSCRIBED_TOPICS.length);
    });
  });

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
