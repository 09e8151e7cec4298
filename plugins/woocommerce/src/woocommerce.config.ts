import { ValidationError, type RateLimitPolicy } from '@storebridge/contracts';
import { parseWeightUnit } from '@storebridge/plugin-sdk';

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
 * exceeds the limit in any window. A connection whose host allows more (or
 * less) says so in its settings (see woocommerceRateLimitFor).
 */
export const WOOCOMMERCE_DEFAULT_HOST_LIMIT: HostRateLimit = { requests: 25, windowSeconds: 10 };

/** The governor policy for a host limit. */
export function woocommerceRateLimit(limit: Partial<HostRateLimit> | null | undefined = WOOCOMMERCE_DEFAULT_HOST_LIMIT): RateLimitPolicy {
  const requests = limit?.requests ?? WOOCOMMERCE_DEFAULT_HOST_LIMIT.requests;
  const windowSeconds = limit?.windowSeconds ?? WOOCOMMERCE_DEFAULT_HOST_LIMIT.windowSeconds;
  if (!(requests > 0) || !(windowSeconds > 0)) return { kind: 'none' };
  // A tenth of the window's allowance as burst (at least one), the rest
  // spread evenly: burst + refill × window = requests, so no window of the
  // host's length sees more, while the steady pace keeps 90 % of the host's
  // rate for 20 requests a window and up.
  const capacity = Math.max(1, Math.floor(requests / 10));
  return { kind: 'token-bucket', capacity, refillPerSecond: (requests - capacity) / windowSeconds };
}

export const WOOCOMMERCE_RATE_LIMIT: RateLimitPolicy = woocommerceRateLimit(WOOCOMMERCE_DEFAULT_HOST_LIMIT);

/** The connection setting that names the host's limit: `{ "hostRateLimit": { "requests": 120, "windowSeconds": 60 } }`. */
export const WOOCOMMERCE_HOST_LIMIT_SETTING = 'hostRateLimit';

const MAX_HOST_REQUESTS = 100_000;
const MAX_WINDOW_SECONDS = 86_400;

/** A `hostRateLimit` setting, checked: a whole number of requests (1–100000) in a window of more than 0 and at most 86400 seconds. */
export function parseHostRateLimit(value: unknown): HostRateLimit {
  const where = `settings.${WOOCOMMERCE_HOST_LIMIT_SETTING}`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError(`${where} must be an object { requests, windowSeconds }`);
  }
  const { requests, windowSeconds, ...rest } = value as Record<string, unknown>;
  const unknownKeys = Object.keys(rest);
  if (unknownKeys.length) throw new ValidationError(`${where} has unknown keys: ${unknownKeys.join(', ')}`);
  if (typeof requests !== 'number' || !Number.isInteger(requests) || requests < 1 || requests > MAX_HOST_REQUESTS) {
    throw new ValidationError(`${where}.requests must be a whole number from 1 to ${MAX_HOST_REQUESTS}`);
  }
  if (typeof windowSeconds !== 'number' || !Number.isFinite(windowSeconds) || windowSeconds <= 0 || windowSeconds > MAX_WINDOW_SECONDS) {
    throw new ValidationError(`${where}.windowSeconds must be a number of seconds above 0 and at most ${MAX_WINDOW_SECONDS}`);
  }
  return { requests, windowSeconds };
}

/**
 * ProviderPlugin.rateLimitFor: the policy for a connection's host limit when
 * its settings name one, else for `fallback` (the plugin's default). Throws
 * ValidationError for a malformed setting.
 */
export function woocommerceRateLimitFor(settings: Record<string, unknown>, fallback: HostRateLimit = WOOCOMMERCE_DEFAULT_HOST_LIMIT): RateLimitPolicy {
  const value = settings[WOOCOMMERCE_HOST_LIMIT_SETTING];
  return woocommerceRateLimit(value === undefined ? fallback : parseHostRateLimit(value));
}

/** The connection settings WooCommerce reads: its host's limit, and a weight unit that overrides the store setting. */
export const WOOCOMMERCE_SETTINGS = [WOOCOMMERCE_HOST_LIMIT_SETTING, 'weightUnit'] as const;

/** Refuses unknown keys and bad values of known ones (ValidationError naming the field). */
export function validateWooCommerceSettings(settings: Record<string, unknown>): void {
  const unknown = Object.keys(settings).filter((k) => !(WOOCOMMERCE_SETTINGS as readonly string[]).includes(k));
  if (unknown.length) {
    throw new ValidationError(`unknown settings: ${unknown.map((k) => `settings.${k.slice(0, 64)}`).join(', ')} (WooCommerce reads ${WOOCOMMERCE_SETTINGS.join(', ')})`);
  }
  if (settings.weightUnit !== undefined && (typeof settings.weightUnit !== 'string' || !parseWeightUnit(settings.weightUnit))) {
    throw new ValidationError('settings.weightUnit must be one of kg, g, lbs, oz (the store\'s weight unit)');
  }
  woocommerceRateLimitFor(settings);
}
