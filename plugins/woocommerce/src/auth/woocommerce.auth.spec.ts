import { ValidationError } from '@storebridge/contracts';
import { buildWooAuthorizeUrl, parseWooAuthCallback, parseWooAuthReturn, wooKeyProvisioning } from './woocommerce-app-auth';
import { resolveWooCommerceStore, woocommerceBasicAuth } from './woocommerce.auth';

describe('WooCommerce auth', () => {
  it('resolves the site URL the merchant types, keeping a WordPress sub-folder', () => {
    expect(resolveWooCommerceStore('Shop.Example.com')).toEqual({ identifier: 'https://shop.example.com', baseUrl: 'https://shop.example.com' });
    expect(resolveWooCommerceStore('https://example.com/store/')).toMatchObject({ baseUrl: 'https://example.com/store' });
    expect(resolveWooCommerceStore('https://example.com/wp-json/wc/v3/')).toMatchObject({ baseUrl: 'https://example.com' });
    expect(resolveWooCommerceStore('http://127.0.0.1:4010')).toMatchObject({ baseUrl: 'http://127.0.0.1:4010' });
    expect(() => resolveWooCommerceStore('http://example.com')).toThrow(/https/);
    expect(() => resolveWooCommerceStore('https://user:pw@example.com')).toThrow(ValidationError);
    expect(() => resolveWooCommerceStore(' ')).toThrow(ValidationError);
  });

  it('sends consumer key and secret as HTTP Basic', () => {
    expect(woocommerceBasicAuth({ consumerKey: 'ck_a', consumerSecret: 'cs_b' })).toEqual({ authorization: `Basic ${Buffer.from('ck_a:cs_b').toString('base64')}` });
    expect(woocommerceBasicAuth({ consumerKey: 'ck_a' })).toEqual({});
  });

  it('builds the /wc-auth/v1/authorize URL', () => {
    const url = new URL(
      buildWooAuthorizeUrl({ store: 'example.com/shop', appName: 'Storebridge', userId: 'nonce-123', returnUrl: 'https://app.example.org/connect/done', callbackUrl: 'https://api.example.org/woocommerce/keys' }),
    );
    expect(url.origin + url.pathname).toBe('https://example.com/shop/wc-auth/v1/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      app_name: 'Storebridge',
      scope: 'read_write',
      user_id: 'nonce-123',
      return_url: 'https://app.example.org/connect/done',
      callback_url: 'https://api.example.org/woocommerce/keys',
    });
    expect(() => buildWooAuthorizeUrl({ store: 'example.com', appName: 'a', userId: 'u', returnUrl: 'https://x.org', callbackUrl: 'http://x.org/cb' })).toThrow(/https/);
  });

  it('parses the key payload WooCommerce POSTs to callback_url', () => {
    // The payload of the docs' "Application Authentication Endpoint" example.
    const body = { key_id: 1, user_id: 123, consumer_key: 'ck_xxxxxxxxxxxxxxxx', consumer_secret: 'cs_xxxxxxxxxxxxxxxx', key_permissions: 'read_write' };
    const expected = { keyId: 1, userId: '123', scope: 'read_write', credentials: { consumerKey: 'ck_xxxxxxxxxxxxxxxx', consumerSecret: 'cs_xxxxxxxxxxxxxxxx', keyPermissions: 'read_write' } };
    expect(parseWooAuthCallback(body)).toEqual(expected);
    expect(parseWooAuthCallback(Buffer.from(JSON.stringify(body)))).toEqual(expected);
    expect(() => parseWooAuthCallback('{')).toThrow(ValidationError);
    expect(() => parseWooAuthCallback({ ...body, consumer_secret: undefined })).toThrow(/consumer_secret/);
    expect(() => parseWooAuthCallback({ ...body, key_permissions: 'admin' })).toThrow(/key_permissions/);
    expect(parseWooAuthReturn({ success: '1', user_id: '123' })).toEqual({ success: true, userId: '123' });
    expect(parseWooAuthReturn({ success: '0' })).toEqual({ success: false, userId: null });
  });

  it('provisions keys for the host: the nonce rides in user_id, read_write only', () => {
    const store = resolveWooCommerceStore('shop.example.com');
    const url = new URL(
      wooKeyProvisioning.authorizeUrl({ store, app: {}, nonce: 'st.ate', callbackUrl: 'https://api.example.org/keys', returnUrl: 'https://api.example.org/back' }),
    );
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ app_name: 'Storebridge', scope: 'read_write', user_id: 'st.ate' });
    expect(new URL(wooKeyProvisioning.authorizeUrl({ store, app: { appName: 'Acme Sync' }, nonce: 'n', callbackUrl: 'https://a.org/k', returnUrl: 'https://a.org/b' })).searchParams.get('app_name')).toBe(
      'Acme Sync',
    );
    const body = { key_id: 7, user_id: 'st.ate', consumer_key: 'ck_abc', consumer_secret: 'cs_def', key_permissions: 'read_write' };
    expect(wooKeyProvisioning.parseDelivery(Buffer.from(JSON.stringify(body)))).toEqual({
      nonce: 'st.ate',
      credentials: { consumerKey: 'ck_abc', consumerSecret: 'cs_def', keyPermissions: 'read_write' },
    });
    expect(() => wooKeyProvisioning.parseDelivery(Buffer.from(JSON.stringify({ ...body, key_permissions: 'read' })))).toThrow(/read_write/);
    expect(() => wooKeyProvisioning.parseDelivery(Buffer.from('not json'))).toThrow(ValidationError);
    expect(wooKeyProvisioning.parseReturn({ success: '1', user_id: 'st.ate' })).toEqual({ approved: true, nonce: 'st.ate' });
    expect(wooKeyProvisioning.parseReturn({ success: '0', user_id: 'st.ate' })).toEqual({ approved: false, nonce: 'st.ate' });
  });
});
