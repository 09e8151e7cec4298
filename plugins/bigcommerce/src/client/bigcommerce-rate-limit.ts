import { RateLimitedError, type HttpRequest, type HttpResponse, type RateLimitFeedback } from '@storebridge/contracts';
import { parseRetryAfter, summarizeBody } from '@storebridge/plugin-sdk';

function num(v: string | undefined): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * `X-Rate-Limit-Requests-Quota` (requests per window),
 * `X-Rate-Limit-Requests-Left`, `X-Rate-Limit-Time-Reset-Ms` (ms until the
 * quota refreshes) and `X-Rate-Limit-Time-Window-Ms` (the window's length) on
 * every answer (https://developer.bigcommerce.com/docs/start/about#rate-limits):
 * the governor adopts the store's real quota and window, what is left of the
 * window, and when it ends, so its windows are BigCommerce's.
 */
export function readBigcommerceRateLimit(res: HttpResponse, _req?: HttpRequest): RateLimitFeedback | null {
  const capacity = num(res.headers['x-rate-limit-requests-quota']);
  const available = num(res.headers['x-rate-limit-requests-left']);
  const resetInMs = num(res.headers['x-rate-limit-time-reset-ms']);
  const windowMs = num(res.headers['x-rate-limit-time-window-ms']);
  if (capacity === undefined && available === undefined && resetInMs === undefined && windowMs === undefined) return null;
  return {
    ...(capacity !== undefined ? { capacity } : {}),
    ...(available !== undefined ? { available } : {}),
    ...(resetInMs !== undefined && resetInMs >= 0 ? { resetInMs } : {}),
    ...(windowMs !== undefined && windowMs > 0 ? { windowMs } : {}),
  };
}

/**
 * A 429 says how long to wait in `X-Rate-Limit-Time-Reset-Ms` (also
 * `X-Retry-After`, seconds), not in `Retry-After`. A 429 without them is
 * platform load: no wait is known and the SDK backs off.
 */
export function translateBigcommerceError(res: HttpResponse, _req?: HttpRequest): RateLimitedError | undefined {
  if (res.status !== 429) return undefined;
  const resetMs = num(res.headers['x-rate-limit-time-reset-ms']);
  const retrySeconds = num(res.headers['x-retry-after']);
  const wait = resetMs ?? (retrySeconds !== undefined ? retrySeconds * 1000 : parseRetryAfter(res.headers['retry-after']));
  return new RateLimitedError('BigCommerce rate limit reached', wait ?? null, { status: 429, providerMessage: summarizeBody(res.body) });
}
