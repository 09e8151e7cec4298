import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConflictError, PermanentError, ValidationError, type ConnectionContext, type Credentials } from '@storebridge/contracts';
import { createConnectionContext } from '@storebridge/plugin-sdk';
import { buildWooAuthorizeUrl, parseWooAuthCallback, woocommercePlugin } from '../src';
import { startWooCommerceSandbox, type RunningWooCommerceSandbox } from '../src/testing';

function contextFor(sb: RunningWooCommerceSandbox, credentials: Credentials, key: string): ConnectionContext {
  return createConnectionContext(woocommercePlugin, {
    connectionId: key,
    connectionKey: `${key}:${sb.baseUrl}`,
    store: woocommercePlugin.auth.resolveStore(sb.baseUrl),
    credentials,
    rateLimit: { kind: 'none' },
    retry: { baseDelayMs: 10, maxDelayMs: 50 },
  });
}

describe('WooCommerce adapters against the sandbox', () => {
  let sb: RunningWooCommerceSandbox;
  let ctx: ConnectionContext;
  beforeAll(async () => {
    // A store that weighs in grams, without core Brands (WooCommerce < 9.6).
    sb = await startWooCommerceSandbox({ seed: 5, products: 3, orders: 2, weightUnit: 'g', hostLimit: null, brands: false });
    ctx = contextFor(sb, { consumerKey: sb.consumerKey, consumerSecret: sb.consumerSecret }, 'adapters');
  });
  afterAll(() => sb.close());

  it('writes a simple product, turns it variable and back, converting weights to the store unit', async () => {
    const products = woocommercePlugin.createProductPort(ctx);
    const simple = await products.create({ productName: 'Mug', productType: 'Home', vendor: 'Acme', tags: ['Gift'], variants: [{ sku: 'MUG-1', price: '12.5', inventory: { totalCount: 3 }, weight: { value: 1, unit: 'lb' } }] });
    expect(simple.variants).toEqual([expect.objectContaining({ remoteId: simple.remoteId, sku: 'MUG-1', price: '12.50', optionValues: [], inventory: { totalCount: 3 }, weight: { value: 453.59237, unit: 'g' } })]);
    // No brands on this store: the vendor is skipped, not an error.
    expect(simple).toMatchObject({ productStatus: 'ACTIVE', productType: 'Home', tags: ['Gift'], vendor: null });
    expect(sb.sandbox.products.get(Number(simple.remoteId))!.weight).toBe('453.59237');

    const variable = await products.update(simple.remoteId, {
      variants: [
        { sku: 'MUG-R', price: 13, optionValues: [{ name: 'Color', value: 'Red' }], inventory: { totalCount: 1 }, weight: { value: 300, unit: 'g' } },
        { sku: 'MUG-B', price: 14, optionValues: [{ name: 'Color', value: 'Blue' }], inventory: { totalCount: 2 }, weight: { value: 0.3, unit: 'kg' } },
      ],
    });
    expect(variable.variants.map((v) => [v.sku, v.price, v.optionValues[0].value, v.weight])).toEqual([
      ['MUG-R', '13.00', 'Red', { value: 300, unit: 'g' }],
      ['MUG-B', '14.00', 'Blue', { value: 300, unit: 'g' }],
    ]);
    // A patch without variants leaves them alone.
    const renamed = await products.update(simple.remoteId, { productName: 'Big Mug', productType: null });
    expect(renamed).toMatchObject({ productName: 'Big Mug', productType: null, tags: ['Gift'] });
    expect(renamed.variants.map((v) => v.remoteId)).toEqual(variable.variants.map((v) => v.remoteId));

    const back = await products.update(simple.remoteId, { variants: [{ sku: 'MUG-1', price: 11 }] });
    expect(back.variants).toEqual([expect.objectContaining({ remoteId: simple.remoteId, sku: 'MUG-1', price: '11.00' })]);
    expect(sb.sandbox.variations.get(Number(simple.remoteId))).toEqual([]);
    await products.delete(simple.remoteId);
  });

  it('looks a SKU up at the store (products and variations alike) instead of paging it', async () => {
    const products = woocommercePlugin.createProductPort(ctx);
    const hoodie = await products.create({
      productName: 'Lookup Hoodie',
      variants: [
        { sku: 'LOOK-S', price: 30, optionValues: [{ name: 'Size', value: 'S' }] },
        { sku: 'LOOK,M', price: 31, optionValues: [{ name: 'Size', value: 'M' }] },
      ],
    });
    const cap = await products.create({ productName: 'Lookup Cap', variants: [{ sku: 'LOOK', price: 9 }] });
    // As Woo answers it: a variation's SKU finds the variation, as a product of type `variation` under its parent.
    const raw = await fetch(`${sb.baseUrl}/wp-json/wc/v3/products?sku=LOOK-S&_fields=id,type,parent_id`, {
      headers: { authorization: `Basic ${Buffer.from(`${sb.consumerKey}:${sb.consumerSecret}`).toString('base64')}` },
    });
    expect(await raw.json()).toEqual([{ id: Number(hoodie.variants[0].remoteId), type: 'variation', parent_id: Number(hoodie.remoteId) }]);

    const before = sb.sandbox.stats().requests;
    const page = await products.list({ limit: 1, sku: 'LOOK-S' });
    expect(page.items.map((p) => p.remoteId)).toEqual([hoodie.remoteId]);
    // The SKU search, the products it found, their variations: not a page of the whole store.
    expect(sb.sandbox.stats().requests - before).toBeLessThanOrEqual(4);
    // Woo also matches each part of a SKU with commas ("LOOK", "M"): only the exact SKU is answered.
    expect((await products.list({ limit: 10, sku: 'LOOK,M' })).items.map((p) => p.remoteId)).toEqual([hoodie.remoteId]);
    expect((await products.list({ limit: 10, sku: 'LOOK' })).items.map((p) => p.remoteId)).toEqual([cap.remoteId]);
    expect(await products.list({ limit: 10, sku: 'NO-SUCH-SKU' })).toEqual({ items: [], nextCursor: null });
  });

  it('creates more than 100 variations in batches of 100', async () => {
    const products = woocommercePlugin.createProductPort(ctx);
    sb.sandbox.resetStats();
    const variants = Array.from({ length: 130 }, (_, i) => ({ sku: `BIG-${i}`, price: 1, optionValues: [{ name: 'N', value: String(i) }] }));
    const created = await products.create({ productName: 'Many', variants });
    expect(created.variants.map((v) => v.sku)).toEqual(variants.map((v) => v.sku));
    expect(sb.sandbox.stats().byStatus['413']).toBeUndefined();
    expect((await products.get(created.remoteId)).variants).toHaveLength(130);
    // Keep the first 120, drop the rest: updates and deletes share batches.
    const kept = await products.update(created.remoteId, { variants: created.variants.slice(0, 120).map((v) => ({ remoteId: v.remoteId, sku: v.sku, price: 2, optionValues: v.optionValues })) });
    expect(kept.variants.map((v) => v.price)).toEqual(Array(120).fill('2.00'));
    expect(sb.sandbox.variations.get(Number(created.remoteId))).toHaveLength(120);
  });

  it('translates Woo error bodies: duplicate SKU, read-only keys, bad parameters', async () => {
    const products = woocommercePlugin.createProductPort(ctx);
    await products.create({ productName: 'One', variants: [{ sku: 'DUP-1', price: 1 }] });
    await expect(products.create({ productName: 'Two', variants: [{ sku: 'DUP-1', price: 1 }] })).rejects.toBeInstanceOf(ConflictError);

    const readOnly = sb.sandbox.issueKeys('read');
    const roCtx = contextFor(sb, readOnly, 'read-only');
    await expect(woocommercePlugin.createProductPort(roCtx).list({ limit: 1 })).resolves.toMatchObject({ items: expect.any(Array) });
    await expect(woocommercePlugin.createProductPort(roCtx).create({ productName: 'x' })).rejects.toBeInstanceOf(PermanentError);

    await expect(ctx.http.request({ method: 'GET', url: 'wp-json/wc/v3/products', query: { per_page: 101 } })).rejects.toBeInstanceOf(ValidationError);
    const res = await ctx.http.request<unknown[]>({ method: 'GET', url: 'wp-json/wc/v3/products', query: { per_page: 1, page: 2 } });
    expect(res.headers['x-wp-total']).toBeDefined();
    expect(res.headers.link).toMatch(/rel="prev".*rel="next"/);
  });

  it('provisions keys through /wc-auth/v1/authorize and registers webhooks once', async () => {
    let received: unknown;
    const callback: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received = Buffer.concat(chunks);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => callback.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (callback.address() as AddressInfo).port;
      const url = buildWooAuthorizeUrl({ store: sb.baseUrl, appName: 'Storebridge', userId: 'attempt-7f3a', returnUrl: 'https://app.example.org/done', callbackUrl: `http://127.0.0.1:${port}/keys` });
      const res = await fetch(url, { redirect: 'manual' });
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('https://app.example.org/done?success=1&user_id=attempt-7f3a');
      const got = parseWooAuthCallback(received);
      expect(got).toMatchObject({ userId: 'attempt-7f3a', scope: 'read_write' });

      const keyed = contextFor(sb, got.credentials, 'provisioned');
      await expect(woocommercePlugin.verifyConnection(keyed)).resolves.toBeUndefined();
      await woocommercePlugin.webhooks!.register!(keyed, 'https://api.example.org/webhooks/woocommerce');
      await woocommercePlugin.webhooks!.register!(keyed, 'https://api.example.org/webhooks/woocommerce');
      expect([...sb.sandbox.webhooks.values()].map((w) => w.topic).sort()).toEqual(['order.created', 'order.deleted', 'order.updated', 'product.created', 'product.deleted', 'product.updated']);
    } finally {
      await new Promise((r) => callback.close(r));
    }
  });
});
