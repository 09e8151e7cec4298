import type { RateLimitPolicy } from '@storebridge/contracts';

/** https://developer.bigcommerce.com/docs/start/authentication */
export const BIGCOMMERCE_API_ORIGIN = 'https://api.bigcommerce.com';
/** https://developer.bigcommerce.com/docs/integrations/apps/guide/auth */
export const BIGCOMMERCE_LOGIN_ORIGIN = 'https://login.bigcommerce.com';

/**
 * OAuth scopes the plugin needs (https://developer.bigcommerce.com/docs/start/authentication/api-accounts#oauth-scopes):
 * Catalog v3 read/write, Orders v2 read, store information (weight unit, domain).
 * Webhooks need no extra scope.
 */
export const BIGCOMMERCE_SCOPES = ['store_v2_products', 'store_v2_orders_read_only', 'store_v2_information_read_only'];

export type BigcommercePlan = 'standard' | 'plus' | 'pro';

/**
 * Requests per 30 s window, shared by every app of a store
 * (https://developer.bigcommerce.com/docs/start/about#rate-limits, api-rate-limits.mdx):
 * Standard and Plus 20k/h = 150 per 30 s, Pro 60k/h = 450 per 30 s. Enterprise
 * quotas are per contract: pass them as the connection's rate-limit override;
 * the governor also adopts the `X-Rate-Limit-Requests-Quota` each answer reports.
 */
export const BIGCOMMERCE_PLAN_QUOTAS: Record<BigcommercePlan, number> = { standard: 150, plus: 150, pro: 450 };
export const BIGCOMMERCE_WINDOW_MS = 30_000;

export function bigcommerceRateLimit(plan: BigcommercePlan = 'standard'): RateLimitPolicy {
  return { kind: 'fixed-window', limit: BIGCOMMERCE_PLAN_QUOTAS[plan], windowMs: BIGCOMMERCE_WINDOW_MS };
}

export const BIGCOMMERCE_RATE_LIMIT: RateLimitPolicy = bigcommerceRateLimit('standard');

/** Catalog v3 answers at most 250 records per page (products_catalog.v3.yml `limit` maximum). */
export const BIGCOMMERCE_MAX_PAGE = 250;
/** Batch writes the plugin sends in one call (`PUT /v3/catalog/variants`, `PUT /v3/catalog/products` take up to 10 per call in our use). */
export const BIGCOMMERCE_BATCH_SIZE = 10;
