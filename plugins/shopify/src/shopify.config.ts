import type { RateLimitPolicy } from '@storebridge/contracts';

/** Pinned Admin API version (https://shopify.dev/docs/api/usage/versioning). */
export const SHOPIFY_API_VERSION = '2025-01';

export const SHOPIFY_SCOPES = ['read_products', 'write_products', 'read_orders', 'read_inventory', 'write_inventory'];

export type ShopifyPlan = 'standard' | 'advanced' | 'plus' | 'enterprise';

/**
 * GraphQL Admin API limits per plan
 * (https://shopify.dev/docs/api/usage/limits#graphql-admin-api-rate-limits):
 * restore rates are Shopify's published figures. Bucket sizes are not on a
 * Shopify page we could verify (providers/README.md §1.5), so these are the
 * conservative 10 s of restore; the governor adopts the `maximumAvailable`
 * Shopify reports in every answer anyway.
 */
export const SHOPIFY_PLAN_LIMITS: Record<ShopifyPlan, { maxAvailable: number; restorePerSecond: number }> = {
  standard: { maxAvailable: 1000, restorePerSecond: 100 },
  advanced: { maxAvailable: 2000, restorePerSecond: 200 },
  plus: { maxAvailable: 10000, restorePerSecond: 1000 },
  enterprise: { maxAvailable: 20000, restorePerSecond: 2000 },
};

/** A single query may not cost more than this, whatever the plan. */
export const SHOPIFY_MAX_QUERY_COST = 1000;

export function shopifyRateLimit(plan: ShopifyPlan): RateLimitPolicy {
  const l = SHOPIFY_PLAN_LIMITS[plan];
  return { kind: 'cost-points', maxAvailable: l.maxAvailable, restorePerSecond: l.restorePerSecond };
}
