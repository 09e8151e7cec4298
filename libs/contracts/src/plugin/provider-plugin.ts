import type { OrderFilterKey, OrderPort } from '../ports/order.port';
import type { ProductFilterKey, ProductPort } from '../ports/product.port';
import type { CommerceError } from '../errors/commerce-error';
import type { HttpClient, HttpRequest, HttpResponse, PluginLogger, RateLimitFeedback } from './http-client';

/** Secrets of one connection, decrypted only in memory. Never logged. */
export interface Credentials {
  [key: string]: string | number | null | undefined;
  accessToken?: string | null;
  refreshToken?: string | null;
  /** Unix milliseconds at which accessToken expires, when it does. */
  expiresAt?: number | null;
}

/** Where a connection's store lives. */
export interface StoreRef {
  /** What the user gave: a shop domain, a site URL, a store hash... */
  identifier: string;
  /** The API base URL the plugin derived from it (or a sandbox URL). */
  baseUrl: string;
}

/** App-level settings of a provider (OAuth client id/secret, webhook secret). */
export interface AppConfig {
  clientId?: string;
  clientSecret?: string;
  [key: string]: string | undefined;
}

export interface ConnectionContext {
  connectionId: string;
  store: StoreRef;
  credentials: Credentials;
  app: AppConfig;
  /** Already bound to the connection's rate limit and base URL. */
  http: HttpClient;
  logger: PluginLogger;
  /** Per-connection options (e.g. a host rate limit override). */
  settings?: Record<string, unknown>;
}

/** A field the connect page asks the user for. */
export interface ConnectField {
  name: string;
  label: string;
  secret?: boolean;
  placeholder?: string;
  help?: string;
}

interface AuthSchemeBase {
  /** The input that identifies the store (shop domain, site URL, store hash). */
  storeField: ConnectField;
  /** Turn the user's store identity into the API base URL. */
  resolveStore(identifier: string): StoreRef;
}

export interface OAuth2Scheme extends AuthSchemeBase {
  kind: 'oauth2';
  scopes: string[];
  authorizeUrl(args: { store: StoreRef; app: AppConfig; redirectUri: string; state: string }): string;
  /** Check the provider's own callback signature (e.g. an `hmac` parameter). */
  verifyCallback?(query: Record<string, string>, app: AppConfig): boolean;
  exchangeCode(args: {
    store: StoreRef;
    app: AppConfig;
    code: string;
    redirectUri: string;
    query: Record<string, string>;
    http: HttpClient;
  }): Promise<Credentials>;
  /** Present when access tokens expire. Throws AuthRevokedError when refused. */
  refresh?(args: { store: StoreRef; app: AppConfig; credentials: Credentials; http: HttpClient }): Promise<Credentials>;
  /**
   * Present when the provider's redirect does not echo our `state` (e.g.
   * BigCommerce's app install callback): the host then matches the callback
   * to the one pending connect attempt for the store it names.
   */
  statelessCallback?: StatelessCallback;
}

/** How a callback without `state` is tied to a connect attempt: by a key of the store on both sides. */
export interface StatelessCallback {
  /** The key of the store a callback is for (e.g. the hash of `context=stores/{hash}`); null when it names none. */
  storeKeyOf(query: Record<string, string>): string | null;
  /** The same key of the store the user named when the attempt started; null when it cannot be told. */
  storeKey(store: StoreRef): string | null;
}

export interface ApiKeyScheme extends AuthSchemeBase {
  kind: 'api-key';
  /** The secrets the user types on the connect page. */
  fields: ConnectField[];
  /** Present when the provider can also create the keys itself on the merchant's approval. */
  provisioning?: KeyProvisioning;
}

/**
 * Keys the provider creates and hands over out of band once the merchant
 * approves (e.g. WooCommerce's `/wc-auth/v1/authorize`): the browser goes to
 * `authorizeUrl`; the provider POSTs the keys to `callbackUrl` server to
 * server, then sends the browser to `returnUrl`. Both echo `nonce` and
 * nothing else ties them to the attempt (no signature), so the host makes it
 * unguessable and single-use, and checks the keys against the store before
 * it trusts them.
 */
export interface KeyProvisioning {
  authorizeUrl(args: { store: StoreRef; app: AppConfig; nonce: string; callbackUrl: string; returnUrl: string }): string;
  /** The raw body of the provider's POST to `callbackUrl` → the nonce it echoes and the keys. Throws ValidationError when malformed. */
  parseDelivery(rawBody: Buffer): { nonce: string; credentials: Credentials };
  /** The browser's arrival at `returnUrl` → whether the merchant approved, and the nonce. */
  parseReturn(query: Record<string, string>): { approved: boolean; nonce: string | null };
}

export type AuthScheme = OAuth2Scheme | ApiKeyScheme;

export interface Capabilities {
  products: { read: boolean; write: boolean; incremental: boolean; filters: ProductFilterKey[] };
  orders: { read: boolean; incremental: boolean; filters: OrderFilterKey[] };
  webhooks: boolean;
}

/** Published rate-limit policies the SDK's governor knows how to pace. */
export type RateLimitPolicy =
  | { kind: 'none' }
  /** Requests per fixed window (e.g. BigCommerce quotas, host limits). */
  | { kind: 'fixed-window'; limit: number; windowMs: number }
  /** Bucket of `capacity` requests refilled at `refillPerSecond` (leaky/token bucket). */
  | { kind: 'token-bucket'; capacity: number; refillPerSecond: number }
  /** Cost points (e.g. Shopify GraphQL): bucket of points restored per second. */
  | { kind: 'cost-points'; maxAvailable: number; restorePerSecond: number };

export interface WebhookEvent {
  /** The provider's delivery/event id, for de-duplication. */
  eventId: string;
  topic: string;
  object: 'product' | 'order';
  action: 'created' | 'updated' | 'deleted';
  remoteId: string;
}

export interface WebhookHandler {
  /** Check the signature over the raw body. Must compare in constant time. */
  verify(args: { rawBody: Buffer; headers: Record<string, string>; app: AppConfig; credentials: Credentials }): boolean;
  /** Translate a verified delivery; null for topics we do not handle. */
  parse(args: { rawBody: Buffer; headers: Record<string, string> }): WebhookEvent | null;
  /** Register our endpoint at the provider, where the provider allows it. */
  register?(ctx: ConnectionContext, callbackUrl: string): Promise<void>;
}

export interface ProviderPlugin {
  /** Registry key, lowercase (e.g. "shopify"). Never switched on outside the plugin. */
  code: string;
  displayName: string;
  auth: AuthScheme;
  capabilities: Capabilities;
  rateLimit: RateLimitPolicy;
  /**
   * The policy for one connection's settings, where limits differ per store
   * (e.g. the host in front of a self-hosted shop). Throws ValidationError
   * for settings it cannot accept; the host then keeps `rateLimit`.
   */
  rateLimitFor?(settings: Record<string, unknown>): RateLimitPolicy;
  /**
   * Checks a connection's settings as a whole before they are stored: every
   * key the plugin reads has a valid value and no key is unknown (a typo is
   * refused, not ignored). Throws ValidationError naming the field. Without
   * it, a plugin with `rateLimitFor` is asked that, and one with neither
   * takes no settings.
   */
  validateSettings?(settings: Record<string, unknown>): void;
  createProductPort(ctx: ConnectionContext): ProductPort;
  createOrderPort(ctx: ConnectionContext): OrderPort;
  /** Check that credentials work (a cheap authenticated read). */
  verifyConnection(ctx: ConnectionContext): Promise<void>;
  webhooks?: WebhookHandler;
  /** Headers that authenticate a request with a connection's credentials (e.g. `X-Shopify-Access-Token`). */
  buildHeaders?(credentials: Credentials): Record<string, string>;
  /**
   * Provider errors the status code alone does not reveal (e.g. a GraphQL
   * `THROTTLED` error in a 200 answer). Return undefined to let the SDK
   * translate by status.
   */
  translateError?(res: HttpResponse, req: HttpRequest): CommerceError | null | undefined;
  /** What a response says about the rate limit, for the SDK's governor. */
  readRateLimit?(res: HttpResponse, req: HttpRequest): RateLimitFeedback | null | undefined;
}

/** Structural check used by the host when it loads a plugin package. */
export function isProviderPlugin(value: unknown): value is ProviderPlugin {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Partial<ProviderPlugin>;
  return (
    typeof p.code === 'string' &&
    /^[a-z][a-z0-9-]*$/.test(p.code) &&
    typeof p.displayName === 'string' &&
    typeof p.auth === 'object' &&
    typeof p.capabilities === 'object' &&
    typeof p.rateLimit === 'object' &&
    typeof p.createProductPort === 'function' &&
    typeof p.createOrderPort === 'function' &&
    typeof p.verifyConnection === 'function'
  );
}
