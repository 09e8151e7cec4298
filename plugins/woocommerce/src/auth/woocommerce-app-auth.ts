import { ValidationError, type Credentials, type KeyProvisioning, type StoreRef } from '@storebridge/contracts';
import type { WooAuthCallbackPayload } from '../client/woocommerce-api.types';
import { resolveWooCommerceStore } from './woocommerce-store';

/**
 * WooCommerce's "Application Authentication Endpoint"
 * (https://woocommerce.github.io/woocommerce-rest-api-docs/#rest-api-keys):
 * the merchant approves our app on their site, WooCommerce POSTs the new
 * keys to `callback_url` and sends the merchant to `return_url`. These
 * helpers are what the host's connect flow needs; the host owns the routes.
 */
export type WooKeyScope = 'read' | 'write' | 'read_write';

export interface WooAuthorizeUrlArgs {
  /** The site URL as typed, or the StoreRef resolveStore made of it. */
  store: string | StoreRef;
  appName: string;
  /**
   * Echoed back in the callback body and the return URL. The callback
   * carries no signature, so make this an unguessable, single-use value
   * that names the pending connect attempt.
   */
  userId: string;
  returnUrl: string;
  /** Must be https (WooCommerce refuses others); a local sandbox may use http. */
  callbackUrl: string;
  scope?: WooKeyScope;
}

function requireUrl(value: string, name: string, httpsOnly: boolean): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ValidationError(`${name} is not a URL`);
  }
  const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
  if (httpsOnly && url.protocol !== 'https:' && !local) throw new ValidationError(`${name} must use https`);
  return url.toString();
}

/** `{site}/wc-auth/v1/authorize?app_name=…&scope=read_write&user_id=…&return_url=…&callback_url=…` */
export function buildWooAuthorizeUrl(args: WooAuthorizeUrlArgs): string {
  const store = typeof args.store === 'string' ? resolveWooCommerceStore(args.store) : args.store;
  if (!args.appName.trim()) throw new ValidationError('appName is required');
  if (!args.userId.trim()) throw new ValidationError('userId is required');
  const url = new URL(`${store.baseUrl}/wc-auth/v1/authorize`);
  url.searchParams.set('app_name', args.appName);
  url.searchParams.set('scope', args.scope ?? 'read_write');
  url.searchParams.set('user_id', args.userId);
  url.searchParams.set('return_url', requireUrl(args.returnUrl, 'return_url', false));
  url.searchParams.set('callback_url', requireUrl(args.callbackUrl, 'callback_url', true));
  return url.toString();
}

export interface WooAuthCallback {
  keyId: number;
  userId: string;
  scope: WooKeyScope;
  credentials: Credentials;
}

/**
 * The body WooCommerce POSTs to `callback_url` (JSON:
 * `{ key_id, user_id, consumer_key, consumer_secret, key_permissions }`),
 * as raw bytes, a string or parsed JSON → the connection's credentials.
 * Throws ValidationError on anything else. The host must still call
 * `plugin.verifyConnection` with the keys before trusting them.
 */
export function parseWooAuthCallback(body: unknown): WooAuthCallback {
  let data: unknown = body;
  if (Buffer.isBuffer(data)) data = data.toString('utf8');
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data);
    } catch {
      throw new ValidationError('the WooCommerce key callback is not JSON');
    }
  }
  const p = (data ?? {}) as Partial<WooAuthCallbackPayload>;
  const scope = p.key_permissions;
  if (typeof p.consumer_key !== 'string' || !/^ck_[A-Za-z0-9]+$/.test(p.consumer_key)) throw new ValidationError('the WooCommerce key callback has no valid consumer_key');
  if (typeof p.consumer_secret !== 'string' || !/^cs_[A-Za-z0-9]+$/.test(p.consumer_secret)) throw new ValidationError('the WooCommerce key callback has no valid consumer_secret');
  if (p.user_id === undefined || p.user_id === null || String(p.user_id) === '') throw new ValidationError('the WooCommerce key callback has no user_id');
  if (scope !== 'read' && scope !== 'write' && scope !== 'read_write') throw new ValidationError('the WooCommerce key callback has no valid key_permissions');
  return {
    keyId: Number(p.key_id),
    userId: String(p.user_id),
    scope,
    credentials: { consumerKey: p.consumer_key, consumerSecret: p.consumer_secret, keyPermissions: scope },
  };
}

/** The merchant's return: `return_url?success=1&user_id=…` (success=0 when they declined). */
export function parseWooAuthReturn(query: Record<string, string | undefined>): { success: boolean; userId: string | null } {
  return { success: query.success === '1', userId: query.user_id ? query.user_id : null };
}

/** The app name the merchant sees on the "Grant access" screen unless `WOOCOMMERCE_APP_NAME` says otherwise. */
export const WOO_DEFAULT_APP_NAME = 'Storebridge';

/**
 * The host's side of key provisioning: the nonce rides in `user_id`, which
 * WooCommerce echoes in the key POST and in the return URL. We ask for
 * read_write, which the merchant cannot narrow on that screen, so a delivery
 * with other permissions did not come from our request and is refused.
 */
export const wooKeyProvisioning: KeyProvisioning = {
  authorizeUrl: ({ store, app, nonce, callbackUrl, returnUrl }) =>
    buildWooAuthorizeUrl({ store, appName: app.appName || WOO_DEFAULT_APP_NAME, userId: nonce, returnUrl, callbackUrl, scope: 'read_write' }),
  parseDelivery(rawBody) {
    const delivery = parseWooAuthCallback(rawBody);
    if (delivery.scope !== 'read_write') throw new ValidationError(`the WooCommerce keys have ${delivery.scope} permissions, read_write was asked for`);
    return { nonce: delivery.userId, credentials: delivery.credentials };
  },
  parseReturn(query) {
    const back = parseWooAuthReturn(query);
    return { approved: back.success, nonce: back.userId };
  },
};
