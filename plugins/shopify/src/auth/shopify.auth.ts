import { ApiError, ValidationError, type AppConfig, type OAuth2Scheme, type StoreRef } from '@storebridge/contracts';
import { buildAuthorizeUrl, exchangeAuthorizationCode, verifyHmacSha256 } from '@storebridge/plugin-sdk';
import { SHOPIFY_SCOPES } from '../shopify.config';

/** Shopify's own rule for shop domains (shopify-api-js `sanitizeShop`). */
const SHOP_DOMAIN = /^[a-zA-Z0-9][a-zA-Z0-9-]*\.myshopify\.com$/;
/** A local sandbox (tests, demo) is addressed by its URL. */
const LOCAL_URL = /^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/?$/;
const LOCAL_HOST = /^(127\.0\.0\.1|localhost)(:\d+)?$/;

export function resolveShopifyStore(identifier: string): StoreRef {
  const raw = identifier.trim();
  if (LOCAL_URL.test(raw)) return { identifier: raw, baseUrl: raw.replace(/\/$/, '') };
  const host = raw.replace(/^https?:\/\//, '').replace(/\/.*$/, '').toLowerCase();
  const shop = host.includes('.') ? host : `${host}.myshopify.com`;
  if (!SHOP_DOMAIN.test(shop)) throw new ValidationError(`"${identifier}" is not a myshopify.com shop domain`);
  return { identifier: shop, baseUrl: `https://${shop}` };
}

function requireApp(app: AppConfig): { clientId: string; clientSecret: string } {
  if (!app.clientId || !app.clientSecret) throw new ValidationError('the Shopify app needs a client id and client secret');
  return { clientId: app.clientId, clientSecret: app.clientSecret };
}

/**
 * The callback's `hmac` is hex HMAC-SHA256 over the other query parameters,
 * sorted and joined as `k=v&…`, keyed with the app secret
 * (https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant#step-1-verify-the-installation-request).
 */
export function shopifyCallbackMessage(query: Record<string, string>): string {
  return Object.keys(query)
    .filter((k) => k !== 'hmac' && k !== 'signature')
    .sort()
    .map((k) => `${k}=${query[k]}`)
    .join('&');
}

/**
 * How far a callback's signed `timestamp` (unix seconds) may be from our clock,
 * either way: the window of shopify-api-js `validateHmacTimestamp`
 * (lib/utils/hmac-validator.ts, HMAC_TIMESTAMP_PERMITTED_CLOCK_TOLERANCE_SEC).
 * Shopify redirects the merchant's browser the moment they consent, so an
 * older callback is a replay of a captured URL.
 */
export const SHOPIFY_CALLBACK_TOLERANCE_SECONDS = 90;

/**
 * Refuses a signed callback that is too old or from the future (400, with why).
 * Thrown rather than answered `false`: the signature is fine, and "start again"
 * or "check the server clock" helps the caller more than "does not verify".
 */
export function assertFreshShopifyCallback(timestamp: string | undefined, nowSeconds = Math.floor(Date.now() / 1000)): void {
  const signedAt = /^\d+$/.test(timestamp ?? '') ? Number(timestamp) : NaN;
  if (!Number.isSafeInteger(signedAt)) throw ApiError.badRequest('invalid_callback_timestamp', 'The Shopify callback carries no valid timestamp');
  const age = nowSeconds - signedAt;
  if (age > SHOPIFY_CALLBACK_TOLERANCE_SECONDS) {
    throw ApiError.badRequest('stale_callback', `The Shopify callback was signed ${age} s ago; callbacks older than ${SHOPIFY_CALLBACK_TOLERANCE_SECONDS} s are refused. Start the connection again.`);
  }
  if (-age > SHOPIFY_CALLBACK_TOLERANCE_SECONDS) {
    throw ApiError.badRequest(
      'invalid_callback_timestamp',
      `The Shopify callback is dated ${-age} s ahead of this server's clock (at most ${SHOPIFY_CALLBACK_TOLERANCE_SECONDS} s of skew is allowed). Check the server clock.`,
    );
  }
}

export const shopifyAuth: OAuth2Scheme = {
  kind: 'oauth2',
  scopes: SHOPIFY_SCOPES,
  storeField: { name: 'shop', label: 'Shop domain', placeholder: 'acme.myshopify.com', help: 'Your store’s myshopify.com domain' },
  resolveStore: resolveShopifyStore,

  // https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant#step-3-ask-for-permission
  authorizeUrl({ store, app, redirectUri, state }) {
    return buildAuthorizeUrl({
      authorizeUrl: `${store.baseUrl}/admin/oauth/authorize`,
      clientId: requireApp(app).clientId,
      redirectUri,
      scopes: SHOPIFY_SCOPES,
      state,
      scopeSeparator: ',',
      responseType: null,
    });
  },

  verifyCallback(query, app) {
    const shop = query.shop ?? '';
    if (!SHOP_DOMAIN.test(shop) && !LOCAL_HOST.test(shop)) return false;
    if (!verifyHmacSha256(requireApp(app).clientSecret, shopifyCallbackMessage(query), query.hmac, 'hex')) return false;
    // The timestamp means something only once the hmac proves Shopify signed it.
    assertFreshShopifyCallback(query.timestamp);
    return true;
  },

  // https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant#step-5-get-an-access-token
  async exchangeCode({ store, app, code, http }) {
    const { clientId, clientSecret } = requireApp(app);
    // Offline tokens do not expire unless the app opts into expiring tokens; then expires_in/refresh_token come back too.
    return exchangeAuthorizationCode(http, { tokenUrl: `${store.baseUrl}/admin/oauth/access_token`, clientId, clientSecret, code, format: 'json' });
  },
};
