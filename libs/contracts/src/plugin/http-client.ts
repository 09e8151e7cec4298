/**
 * The HTTP client a plugin receives in its ConnectionContext. The plugin SDK
 * implements it (retries, timeouts, the rate-limit governor, error
 * translation); contracts only name its shape so ports stay SDK-agnostic.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  /** Absolute URL, or a path joined to the connection's base URL. */
  url: string;
  query?: Record<string, string | number | boolean | undefined | null | Array<string | number>>;
  headers?: Record<string, string>;
  /** Serialised as JSON unless it is a string or Buffer. */
  body?: unknown;
  /**
   * Whether repeating the request is harmless. GET/PUT/DELETE default to
   * true; POST/PATCH to false, so they are never retried once they may have
   * reached the provider unless the plugin says so.
   */
  idempotent?: boolean;
  /** Expected cost in the provider's rate-limit units (default 1). */
  cost?: number;
  timeoutMs?: number;
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  body: T;
}

/**
 * What a provider told us about its rate limit in one response (Shopify's
 * `extensions.cost.throttleStatus`, BigCommerce's `X-Rate-Limit-*` headers).
 * The SDK's governor corrects its local pacing from it.
 */
export interface RateLimitFeedback {
  /** Units the provider says are available right now. */
  available?: number;
  /** Bucket size / window limit the provider reports. */
  capacity?: number;
  /** Refill per second the provider reports. */
  refillPerSecond?: number;
  /** Units reserved up front that the provider did not charge (requested minus actual cost). */
  refund?: number;
  /**
   * Milliseconds until the provider's current fixed window ends, as the
   * response said it (BigCommerce's `X-Rate-Limit-Time-Reset-Ms`). Fixed-window
   * governors align their window end with it instead of keeping their own.
   */
  resetInMs?: number;
  /**
   * Length of the provider's fixed window in milliseconds, as the response
   * said it (BigCommerce's `X-Rate-Limit-Time-Window-Ms`). Fixed-window
   * governors open their next windows with it instead of the policy's.
   */
  windowMs?: number;
}

export interface HttpClient {
  request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>>;
}

export interface PluginLogger {
  debug(msg: string, meta?: Record<string, unknown>): void;
  info(msg: string, meta?: Record<string, unknown>): void;
  warn(msg: string, meta?: Record<string, unknown>): void;
  error(msg: string, meta?: Record<string, unknown>): void;
}
