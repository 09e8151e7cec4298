import { createHttpClient, hmacSha256 } from '@storebridge/plugin-sdk';
import { ApiError, ValidationError } from '@storebridge/contracts';
import { SHOPIFY_CALLBACK_TOLERANCE_SECONDS, resolveShopifyStore, shopifyAuth, shopifyCallbackMessage } from './shopify.auth';
import { startShopifySandbox, type RunningShopifySandbox } from '../testing';

describe('Shopify OAuth', () => {
  it('resolves shop domains and sandbox URLs', () => {
    expect(resolveShopifyStore('acme.myshopify.com')).toEqual({ identifier: 'acme.myshopify.com', baseUrl: 'https://acme.myshopify.com' });
    expect(resolveShopifyStore('https://Acme.myshopify.com/admin')).toEqual({ identifier: 'acme.myshopify.com', baseUrl: 'https://acme.myshopify.com' });
    expect(resolveShopifyStore('acme')).toEqual({ identifier: 'acme.myshopify.com', baseUrl: 'https://acme.myshopify.com' });
    expect(resolveShopifyStore('http://127.0.0.1:4001')).toEqual({ identifier: 'http://127.0.0.1:4001', baseUrl: 'http://127.0.0.1:4001' });
    expect(() => resolveShopifyStore('evil.com')).toThrow(ValidationError);
  });

  const app = { clientId: 'id', clientSecret: 'hush' };
  const docExample = { code: '0907a61c0c8d55e99db179b68161bc00', shop: 'some-shop.myshopify.com', state: '0.6784241404160823', timestamp: '1337178173' };
  const signed = (query: Record<string, string>) => ({ ...query, hmac: hmacSha256('hush', shopifyCallbackMessage(query), 'hex') });
  const verify = (query: Record<string, string>) => {
    if (shopifyAuth.kind !== 'oauth2') throw new Error('oauth2 expected');
    return shopifyAuth.verifyCallback!(query, app);
  };
  const secondsAgo = (s: number) => String(Math.floor(Date.now() / 1000) - s);

  it('validates the callback hmac and shop (shopify.dev example of the sorted message)', () => {
    expect(shopifyCallbackMessage({ ...docExample, hmac: 'x' })).toBe('code=0907a61c0c8d55e99db179b68161bc00&shop=some-shop.myshopify.com&state=0.6784241404160823&timestamp=1337178173');
    const query = { ...docExample, timestamp: secondsAgo(2) };
    const { hmac } = signed(query);
    expect(verify({ ...query, hmac })).toBe(true);
    expect(verify({ ...query, state: 'forged', hmac })).toBe(false);
    expect(verify(signed({ ...query, shop: 'evil.com' }))).toBe(false);
    // A forged timestamp breaks the hmac like any other parameter: "does not verify", not "stale".
    expect(verify({ ...query, timestamp: secondsAgo(1), hmac })).toBe(false);
  });

  it('refuses signed callbacks outside the timestamp window with a 400 that says why', () => {
    const refusal = (query: Record<string, string>): ApiError => {
      try {
        verify(signed(query));
      } catch (e) {
        if (e instanceof ApiError) return e;
        throw e;
      }
      throw new Error('the callback was accepted');
    };
    expect(verify(signed({ ...docExample, timestamp: secondsAgo(SHOPIFY_CALLBACK_TOLERANCE_SECONDS - 30) }))).toBe(true);
    expect(verify(signed({ ...docExample, timestamp: secondsAgo(-30) }))).toBe(true); // a little clock skew
    // The documentation's own example was signed in 2012: a replay today.
    expect(refusal(docExample)).toMatchObject({ status: 400, code: 'stale_callback', message: expect.stringMatching(/signed \d+ s ago.*older than 90 s/) });
    expect(refusal({ ...docExample, timestamp: secondsAgo(SHOPIFY_CALLBACK_TOLERANCE_SECONDS + 30) })).toMatchObject({ status: 400, code: 'stale_callback' });
    expect(refusal({ ...docExample, timestamp: secondsAgo(-(SHOPIFY_CALLBACK_TOLERANCE_SECONDS + 30)) })).toMatchObject({
      status: 400,
      code: 'invalid_callback_timestamp',
      message: expect.stringMatching(/ahead of this server's clock/),
    });
    const { timestamp: _dropped, ...untimed } = docExample;
    expect(refusal(untimed)).toMatchObject({ status: 400, code: 'invalid_callback_timestamp' });
    expect(refusal({ ...docExample, timestamp: '1e9' })).toMatchObject({ status: 400, code: 'invalid_callback_timestamp' });
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
