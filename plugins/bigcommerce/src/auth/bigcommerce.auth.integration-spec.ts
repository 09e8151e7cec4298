import { ValidationError } from '@storebridge/contracts';
import { createConnectionContext, createHttpClient } from '@storebridge/plugin-sdk';
import { bigcommerceAuth, resolveBigcommerceStore } from './bigcommerce.auth';
import { bigcommercePlugin } from '../bigcommerce.plugin';
import { BIGCOMMERCE_WEBHOOK_TOKEN_HEADER } from '../webhooks/bigcommerce.webhooks';
import { startBigcommerceSandbox, type RunningBigcommerceSandbox } from '../testing';

describe('BigCommerce auth, webhooks registration and sandbox details', () => {
  it('resolves store hashes, API URLs and sandbox URLs', () => {
    const api = { identifier: 'abc123', baseUrl: 'https://api.bigcommerce.com/stores/abc123' };
    expect(resolveBigcommerceStore('abc123')).toEqual(api);
    expect(resolveBigcommerceStore('stores/ABC123')).toEqual(api);
    expect(resolveBigcommerceStore('https://api.bigcommerce.com/stores/abc123/v3/')).toEqual(api);
    expect(resolveBigcommerceStore('http://127.0.0.1:4003/')).toEqual({ identifier: 'http://127.0.0.1:4003', baseUrl: 'http://127.0.0.1:4003' });
    expect(() => resolveBigcommerceStore('evil.com/x')).toThrow(ValidationError);
    const env = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      expect(() => resolveBigcommerceStore('http://127.0.0.1:4003')).toThrow(ValidationError);
    } finally {
      process.env.NODE_ENV = env;
    }
  });

  it('points production at login.bigcommerce.com, with no state (BigCommerce echoes none)', () => {
    const url = bigcommerceAuth.authorizeUrl({ store: resolveBigcommerceStore('abc123'), app: { clientId: 'cid', clientSecret: 's' }, redirectUri: 'https://host.example/cb', state: 'st' });
    expect(url).toBe('https://login.bigcommerce.com/app/cid/install?redirect_uri=https%3A%2F%2Fhost.example%2Fcb');
  });

  it('ties a stateless callback to the store by its hash, on both sides', () => {
    const stateless = bigcommerceAuth.statelessCallback!;
    expect(stateless.storeKeyOf({ code: 'c', context: 'stores/ABC123' })).toBe('abc123');
    expect(stateless.storeKeyOf({ code: 'c', context: 'stores/abc123/extra' })).toBeNull();
    expect(stateless.storeKeyOf({ code: 'c' })).toBeNull();
    expect(stateless.storeKey(resolveBigcommerceStore('stores/abc123'))).toBe('abc123');
    expect(stateless.storeKey(resolveBigcommerceStore('http://127.0.0.1:4003/stores/sbx1234'))).toBe('sbx1234');
    // A sandbox addressed without its hash cannot be matched.
    expect(stateless.storeKey(resolveBigcommerceStore('http://127.0.0.1:4003'))).toBeNull();
  });

  describe('against the sandbox', () => {
    let sb: RunningBigcommerceSandbox;
    beforeAll(async () => {
      sb = await startBigcommerceSandbox({ products: 3, orders: 2 });
    });
    afterAll(() => sb.close());

    it('runs the install flow and exchanges the code at the sandbox’s /oauth2/token', async () => {
      const app = { clientId: sb.clientId, clientSecret: sb.clientSecret };
      const store = bigcommerceAuth.resolveStore(sb.baseUrl);
      const res = await fetch(bigcommerceAuth.authorizeUrl({ store, app, redirectUri: 'https://host.example/oauth/callback', state: 'st4te' }), { redirect: 'manual' });
      expect(res.status).toBe(302);
      const query = Object.fromEntries(new URL(res.headers.get('location')!).searchParams);
      expect(query).toEqual({
        code: expect.any(String),
        context: `stores/${sb.storeHash}`,
        scope: 'store_v2_products store_v2_orders_read_only store_v2_information_read_only',
        account_uuid: expect.any(String),
      });
      expect(bigcommerceAuth.verifyCallback!(query, app)).toBe(true);
      expect(bigcommerceAuth.verifyCallback!({ ...query, context: 'elsewhere' }, app)).toBe(false);
      const http = createHttpClient({});
      const creds = await bigcommerceAuth.exchangeCode({ store, app, code: query.code, redirectUri: 'https://host.example/oauth/callback', query, http });
      expect(creds).toMatchObject({ accessToken: expect.any(String), refreshToken: null, expiresAt: null, context: `stores/${sb.storeHash}` });
      expect(sb.sandbox.isTokenValid(String(creds.accessToken))).toBe(true);
      // A code is single-use.
      await expect(bigcommerceAuth.exchangeCode({ store, app, code: query.code, redirectUri: '', query, http })).rejects.toBeInstanceOf(ValidationError);
    });

    it('exchanges a code only with the callback URL it was issued for, and sends nobody back when the merchant cancels', async () => {
      const app = { clientId: sb.clientId, clientSecret: sb.clientSecret };
      const store = bigcommerceAuth.resolveStore(sb.baseUrl);
      const redirectUri = 'https://host.example/oauth/callback';
      const res = await fetch(bigcommerceAuth.authorizeUrl({ store, app, redirectUri, state: '' }), { redirect: 'manual' });
      const query = Object.fromEntries(new URL(res.headers.get('location')!).searchParams);
      const http = createHttpClient({});
      await expect(bigcommerceAuth.exchangeCode({ store, app, code: query.code, redirectUri: 'https://elsewhere.example/cb', query, http })).rejects.toBeInstanceOf(ValidationError);

      sb.sandbox.consent.denyNext();
      const cancelled = await fetch(bigcommerceAuth.authorizeUrl({ store, app, redirectUri, state: '' }), { redirect: 'manual' });
      expect(cancelled.status).toBe(200);
      expect(cancelled.headers.get('location')).toBeNull();
    });

    it('registers one hook per scope once, with our header, and verifies what the sandbox delivers', async () => {
      const app = { clientId: sb.clientId, clientSecret: sb.clientSecret, webhookSecret: 'wh-secret' };
      const ctx = createConnectionContext(bigcommercePlugin, {
        connectionId: 'hooks', connectionKey: 'hooks', store: bigcommercePlugin.auth.resolveStore(sb.baseUrl), credentials: { accessToken: sb.accessToken }, app, rateLimit: sb.rateLimit,
      });
      await bigcommercePlugin.webhooks!.register!(ctx, 'https://host.example/webhooks/bigcommerce');
      await bigcommercePlugin.webhooks!.register!(ctx, 'https://host.example/webhooks/bigcommerce');
      expect(sb.sandbox.registeredHooks().map((h) => [h.scope, h.headers])).toEqual([
        ['store/product/*', { [BIGCOMMERCE_WEBHOOK_TOKEN_HEADER]: 'wh-secret' }],
        ['store/order/*', { [BIGCOMMERCE_WEBHOOK_TOKEN_HEADER]: 'wh-secret' }],
      ]);
      const delivery = sb.sandbox.webhookDelivery('store/product/updated', 2);
      expect(bigcommercePlugin.webhooks!.verify({ ...delivery, app, credentials: {} })).toBe(true);
      expect(bigcommercePlugin.webhooks!.parse(delivery)).toMatchObject({ object: 'product', action: 'updated', remoteId: '2' });
    });

    it('answers v2 pages as bare arrays, 204 when empty, with X-Rate-Limit headers and BigCommerce error bodies', async () => {
      const get = (path: string, token = sb.accessToken) => fetch(`${sb.baseUrl}/stores/${sb.storeHash}${path}`, { headers: { 'x-auth-token': token, accept: 'application/json' } });
      const page1 = await get('/v2/orders?limit=2');
      expect(page1.status).toBe(200);
      expect(await page1.json()).toHaveLength(2);
      expect(page1.headers.get('x-rate-limit-requests-quota')).toBe('150');
      expect(Number(page1.headers.get('x-rate-limit-requests-left'))).toBeLessThan(150);
      const empty = await get('/v2/orders?page=2&limit=2');
      expect(empty.status).toBe(204);
      expect(await empty.text()).toBe('');
      expect(await (await get('/v2/orders/999')).json()).toEqual([{ status: 404, message: 'The requested resource was not found.' }]);
      const products = (await (await get('/v3/catalog/products?limit=2&include=variants')).json()) as { data: Array<{ variants: unknown[] }>; meta: { pagination: unknown } };
      expect(products.meta.pagination).toMatchObject({ total: 3, count: 2, per_page: 2, current_page: 1, total_pages: 2, links: { next: '?page=2&limit=2' } });
      expect(products.data[0].variants.length).toBeGreaterThan(0);
      expect((await get('/v3/catalog/products', 'wrong')).status).toBe(401);
    });

    it('refuses requests past the window quota with a 429 that says when the window resets', async () => {
      const small = await startBigcommerceSandbox({ products: 1, orders: 1, quota: 3, windowMs: 60_000, windowAlignment: 'first-request' });
      try {
        const statuses: number[] = [];
        let last: Response | undefined;
        for (let i = 0; i < 4; i++) {
          last = await fetch(`${small.baseUrl}/v2/store`, { headers: { 'x-auth-token': small.accessToken } });
          statuses.push(last.status);
        }
        expect(statuses).toEqual([200, 200, 200, 429]);
        expect(last!.headers.get('x-rate-limit-requests-left')).toBe('0');
        expect(Number(last!.headers.get('x-rate-limit-time-reset-ms'))).toBeGreaterThan(50_000);
        expect(small.sandbox.stats().limiterThrottled).toBe(1);
      } finally {
        await small.close();
      }
    });
  });
});
