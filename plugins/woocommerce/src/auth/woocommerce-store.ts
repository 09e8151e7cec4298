import { ValidationError, type Credentials, type StoreRef } from '@storebridge/contracts';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The site URL as the merchant types it ("shop.example.com",
 * "https://example.com/store/") → the WordPress root the REST API hangs
 * under. Keys travel as HTTP Basic, which WooCommerce accepts only over
 * HTTPS (over HTTP it demands OAuth 1.0a), so plain http is refused except
 * for a local sandbox.
 */
export function resolveWooCommerceStore(identifier: string): StoreRef {
  const raw = identifier.trim();
  if (!raw) throw new ValidationError('the store URL is required');
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`);
  } catch {
    throw new ValidationError(`"${identifier}" is not a store URL`);
  }
  const local = LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !(local && url.protocol === 'http:')) throw new ValidationError('the store URL must use https');
  if (url.username || url.password || url.search || url.hash) throw new ValidationError('the store URL must not carry credentials, a query or a fragment');
  // WordPress may live in a sub-folder: keep the path, without a trailing slash or a pasted REST path.
  const path = url.pathname.replace(/\/wp-json(\/.*)?$/, '').replace(/\/+$/, '');
  const base = `${url.protocol}//${url.host.toLowerCase()}${path}`;
  return { identifier: base, baseUrl: base };
}

/** https://woocommerce.github.io/woocommerce-rest-api-docs/#authentication-over-https */
export function woocommerceBasicAuth(credentials: Credentials): Record<string, string> {
  const key = credentials.consumerKey;
  const secret = credentials.consumerSecret;
  if (!key || !secret) return {};
  return { authorization: `Basic ${Buffer.from(`${key}:${secret}`, 'utf8').toString('base64')}` };
}
