import type { RateLimitPolicy } from '@storebridge/contracts';

/** REST API v3 root, relative to the site URL (https://woocommerce.github.io/woocommerce-rest-api-docs/#introduction). */
export const WOOCOMMERCE_API_PATH = 'wp-json/wc/v3';

/** `per_page` is capped at 100 by WordPress core (providers/README.md §2.4). */
export const WOOCOMMERCE_MAX_PAGE_SIZE = 100;

/** Batch endpoints accept at most 100 objects per request, create + update + delete together. */
export const WOOCOMMERCE_MAX_BATCH = 100;

/** Webhook topics we subscribe to and translate (https://woocommerce.github.io/woocommerce-rest-api-docs/#webhooks). */
export const WOOCOMMERCE_WEBHOOK_TOPICS = ['product.created', 'product.updated', 'product.deleted', 'order.created', 'order.updated', 'order.deleted'] as const;

export interface HostRateLimit {
  /** Requests the host lets through... */
  requests: number;
  /** ...in any window of this many seconds. */
  windowSeconds: number;
}

/**
 * wc/v3 has no rate limit of its own; the hosts in front of WordPress do
 * (WAFs, nginx `limit_req`, managed WordPress plans). The default assumes a
 * host that allows 25 requests in any 10 s — the figure WooCommerce itself
 * uses for its Store API limiter — and stays under it even when the host
 * counts in a sliding window: a bucket of `burst` plus `rate × window` never
 * exceeds the limit in any window.
 */
export const WOOCOMMERCE_DEFAULT_HOST_LIMIT: HostRateLimit = { requests: 25, windowSeconds: 10 };

/**
 * The governor policy for a host limit. Per connection, the host passes
 * `woocommerceRateLimit(connection.settings.hostRateLimit)` as the
 * connection's `rateLimit` override (createConnectionContext / createConnectionHttpClient).
 */
export function woocommerceRateLimit(limit: Partial<HostRateLimit> | null | undefined = WOOCOMMERCE_DEFAULT_HOST_LIMIT): RateLimitPolicy {
  const requests = limit?.requests ?? WOOCOMMERCE_DEFAULT_HOST_LIMIT.requests;
  const windowSeconds = limit?.windowSeconds ?? WOOCOMMERCE_DEFAULT_HOST_LIMIT.windowSeconds;
  if (!(requests > 0) || !(windowSeconds > 0)) return { kind: 'none' };
  // A fifth of the window's allowance as burst, the rest spread evenly:
  // burst + refill × window = requests.
  const capacity = Math.max(1, Math.floor(requests / 5));
  return { kind: 'token-bucket', capacity, refillPerSecond: (requests - capacity) / windowSeconds };
}

export const WOOCOMMERCE_RATE_LIMIT: RateLimitPolicy = woocommerceRateLimit(WOOCOMMERCE_DEFAULT_HOST_LIMIT);
