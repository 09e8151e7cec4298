import type { RateLimitPolicy } from '@storebridge/contracts';

/**
 * TODO(woocommerce): the provider's published limits, with a link to the page
 * that states them. The example API allows a burst of 50 requests and 100 per second.
 */
export const WOOCOMMERCE_RATE_LIMIT: RateLimitPolicy = { kind: 'token-bucket', capacity: 50, refillPerSecond: 100 };

/** TODO(woocommerce): the API base path (and pinned version) of the provider. */
export const WOOCOMMERCE_API_PATH = '/api/v1';
