import { createHttpClient, hmacSha256 } from '@storebridge/plugin-sdk';
import { ValidationError } from '@storebridge/contracts';
import { resolveShopifyStore, shopifyAuth, shopifyCallbackMessage } from './shopify.auth';
import { startShopifySandbox, type RunningShopifySandbox } from '../testing';

describe('Shopify OAuth', () => {
  it('resolves shop domains and sandbox URLs', () => {
    expect(resolveShopifyStore('acme.myshopify.com')).toEqual({ identifier: 'acme.myshopify.com', baseUrl: 'https://acme.myshopify.com' });
    expect(resolveShopifyStore('https://Acme.myshopify.com/admin')).toEqual({ identifier: 'acme.myshopify.com', baseUrl: 'https://acme.myshopify.com' });
    expect(resolveShopifyStore('acme')).toEqual({ identifier: 'acme.myshopify.com', baseUrl: 'https://acme.myshopify.com' });
    expect(resolveShopifyStore('http://127.0.0.1:4001')).toEqual({ identifier: 'http://127.0.0.1:4001', baseUrl: 'http://127.0.0.1:4001' });
    expect(() => resolveShopifyStore('evil.com')).toThrow(ValidationError);
  });

  it('validates the callback hmac and shop (shopify.dev example of the sorted message)', () => {
    const app = { clientId: 'id', clientSecret: 'hush' };
    const query = { code: '0907a61c0c8d55e99db179b68161bc00', shop: 'some-shop.myshopify.com', state: '0.6784241404160823', timestamp: '1337178173' };
    expect(shopifyCallbackMessage({ ...query, hmac: 'x' })).toBe('code=0907a61c0c8d55e99db179b68161bc00&shop=some-shop.myshopify.com&state=0.6784241404160823&timestamp=1337178173');
    const hmac = hmacSha256('hush', shopifyCallbackMessage(query), 'hex');
    expect(shopifyAuth.kind === 'oauth2' && shopifyAuth.verifyCallback!({ ...query, hmac }, app)).toBe(true);
    expect(shopifyAuth.kind === 'oauth2' && shopifyAuth.verifyCallback!({ ...query, state: 'forged', hmac }, app)).toBe(false);
    expect(shopifyAuth.kind === 'oauth2' && shopifyAuth.verifyCallback!({ ...query, shop: 'evil.com', hmac: hmacSha256('hush', shopifyCallbackMessage({ ...query, shop: 'evil.com' }), 'hex') }, app)).toBe(false);
  });

  describe('against the sandbox', () => {
    let sb: RunningShopifySandbox;
    beforeAll(async () => {
      sb = await startShopifySandbox({ products: 3, orders: 2 });
    });
    afterAll(() => sb.close());

    it('runs the full authorization-code flow', async () => {
      if (shopifyAuth.kind !== 'oauth2') throw new Error('oauth2 expected');
      const app = { clientId: sb.clientId, clientSecret: sb.clientSecret };
      const store = shopifyAuth.resolveStore(sb.baseUrl);
      const url = shopifyAuth.authorizeUrl({ store, app, redirectUri: 'https://host.example/oauth/callback', state: 'st4te' });
      expect(new URL(url).searchParams.get('scope')).toBe('read_products,write_products,read_orders,read_inventory,write_inventory');
      const res = await fetch(url, { redirect: 'manual' });
      expect(res.status).toBe(302);
      const back = new URL(res.headers.get('location')!);
      const query = Object.fromEntries(back.searchParams);
      expect(query.state).toBe('st4te');
      expect(shopifyAuth.verifyCallback!(query, app)).toBe(true);
      const http = createHttpClient({});
      const creds = await shopifyAuth.exchangeCode({ store, app, code: query.code, redirectUri: 'https://host.example/oauth/callback', query, http });
      expect(creds.accessToken).toMatch(/^shpat_/);
      expect(sb.sandbox.isTokenValid(String(creds.accessToken))).toBe(true);
      // A code is single-use.
      await expect(shopifyAuth.exchangeCode({ store, app, code: query.code, redirectUri: '', query, http })).rejects.toBeInstanceOf(ValidationError);
    });
  });
});
