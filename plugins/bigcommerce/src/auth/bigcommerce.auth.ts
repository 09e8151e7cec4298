import { ValidationError, type AppConfig, type OAuth2Scheme, type StoreRef } from '@storebridge/contracts';
import { exchangeAuthorizationCode } from '@storebridge/plugin-sdk';
import { BIGCOMMERCE_API_ORIGIN, BIGCOMMERCE_LOGIN_ORIGIN, BIGCOMMERCE_SCOPES } from '../bigcommerce.config';

/** Store hashes are short lowercase alphanumerics (`context=stores/g5cd38`). */
const STORE_HASH = /^[a-z0-9]{1,32}$/;
/** A local sandbox (tests, demo), addressed by its URL, optionally with a `/stores/{hash}` path. */
const LOCAL_URL = /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/stores\/[a-z0-9]+)?\/?$/i;

function isProduction(): boolean {
  return process.env.NODE_ENV === 'production';
}

function isSandbox(store: StoreRef): boolean {
  return store.baseUrl.startsWith('http://');
}

/**
 * The store hash (`abc123`, `stores/abc123`, or an API URL with it) → the
 * store's API base `https://api.bigcommerce.com/stores/{hash}`. Outside
 * production a local sandbox URL is accepted as the store itself.
 */
export function resolveBigcommerceStore(identifier: string): StoreRef {
  const raw = identifier.trim();
  if (LOCAL_URL.test(raw)) {
    if (isProduction()) throw new ValidationError('sandbox stores are not accepted in production');
    return { identifier: raw.replace(/\/$/, ''), baseUrl: raw.replace(/\/$/, '') };
  }
  const hash = (/(?:^|\/)stores\/([^/?#]+)/i.exec(raw)?.[1] ?? raw).toLowerCase();
  if (!STORE_HASH.test(hash)) throw new ValidationError(`"${identifier}" is not a BigCommerce store hash`);
  return { identifier: hash, baseUrl: `${BIGCOMMERCE_API_ORIGIN}/stores/${hash}` };
}

/** `stores/{hash}` → the hash; null for anything else. */
function storeHashOfContext(context: string | undefined): string | null {
  const hash = /^stores\/([a-z0-9]+)$/i.exec(context ?? '')?.[1]?.toLowerCase();
  return hash && STORE_HASH.test(hash) ? hash : null;
}

/** The hash of a resolved store: its identifier, or the `/stores/{hash}` path of a sandbox URL (null without one). */
export function storeHashOf(store: StoreRef): string | null {
  if (STORE_HASH.test(store.identifier)) return store.identifier;
  return storeHashOfContext(/\/(stores\/[^/]+)$/i.exec(store.identifier)?.[1]);
}

/** Where login.bigcommerce.com lives for this store: the sandbox emulates it at its own origin. */
function loginOrigin(store: StoreRef): string {
  return isSandbox(store) ? new URL(store.baseUrl).origin : BIGCOMMERCE_LOGIN_ORIGIN;
}

function requireApp(app: AppConfig): { clientId: string; clientSecret: string } {
  if (!app.clientId || !app.clientSecret) throw new ValidationError('the BigCommerce app needs a client id and client secret');
  return { clientId: app.clientId, clientSecret: app.clientSecret };
}

/**
 * BigCommerce's modified authorization-code grant
 * (https://developer.bigcommerce.com/docs/integrations/apps/guide/auth):
 * the merchant installs the app from the control panel or a direct install
 * link; BigCommerce then calls the app's registered auth callback with
 * `code`, `scope`, `context=stores/{hash}` and `account_uuid`, and the app
 * POSTs them to `https://login.bigcommerce.com/oauth2/token` for a token that
 * does not expire. Requests carry it as `X-Auth-Token`.
 */
export const bigcommerceAuth: OAuth2Scheme = {
  kind: 'oauth2',
  scopes: BIGCOMMERCE_SCOPES,
  storeField: { name: 'storeHash', label: 'Store hash', placeholder: 'abc123', help: 'The hash in your control panel URL: store-{hash}.mybigcommerce.com' },
  resolveStore: resolveBigcommerceStore,

  /**
   * The direct install link (there is no app-built authorize URL with
   * scopes: they are fixed in the app profile). BigCommerce calls the auth
   * callback URL registered in the app profile and echoes no `state`, so
   * none is sent; `redirect_uri` rides along for the sandbox, which has no
   * app profile.
   */
  authorizeUrl({ store, app, redirectUri }) {
    const url = new URL(`${loginOrigin(store)}/app/${encodeURIComponent(requireApp(app).clientId)}/install`);
    url.searchParams.set('redirect_uri', redirectUri);
    return url.toString();
  },

  /** The auth callback carries no signature; what it must say is which store it is for. */
  verifyCallback(query) {
    return typeof query.code === 'string' && query.code !== '' && storeHashOfContext(query.context) !== null;
  },

  /** No `state` comes back: the host ties the callback to the attempt for the store its `context` names. */
  statelessCallback: {
    storeKeyOf: (query) => storeHashOfContext(query.context),
    storeKey: storeHashOf,
  },

  async exchangeCode({ store, app, code, redirectUri, query, http }) {
    const { clientId, clientSecret } = requireApp(app);
    const context = query.context ?? `stores/${store.identifier}`;
    const credentials = await exchangeAuthorizationCode(http, {
      tokenUrl: `${loginOrigin(store)}/oauth2/token`,
      clientId,
      clientSecret,
      code,
      redirectUri,
      format: 'json',
      extra: { context, scope: query.scope ?? BIGCOMMERCE_SCOPES.join(' ') },
    });
    // Tokens do not expire (no refresh); the context names the store they are for.
    return { ...credentials, context };
  },
};
