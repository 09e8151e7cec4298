import { ValidationError, type ApiKeyScheme } from '@storebridge/contracts';

/**
 * TODO(woocommerce): the provider's auth. The example API takes a bearer
 * token; an OAuth2 provider declares `kind: 'oauth2'` and uses the SDK's
 * buildAuthorizeUrl / exchangeAuthorizationCode / refreshAccessToken.
 */
export const woocommerceAuth: ApiKeyScheme = {
  kind: 'api-key',
  storeField: { name: 'storeUrl', label: 'Store URL', placeholder: 'https://store.example.com' },
  fields: [{ name: 'accessToken', label: 'API token', secret: true }],
  resolveStore(identifier) {
    let url: URL;
    try {
      url = new URL(identifier.trim());
    } catch {
      throw new ValidationError(`"${identifier}" is not a store URL`);
    }
    const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
    if (url.protocol !== 'https:' && !local) throw new ValidationError('the store URL must use https');
    return { identifier: url.origin, baseUrl: url.origin };
  },
};
