import { RateLimitedError } from '@storebridge/contracts';
import { readBigcommerceRateLimit, translateBigcommerceError } from './bigcommerce-rate-limit';

const res = (status: number, headers: Record<string, string>) => ({ status, headers, body: { status, title: 'Too many requests' } });

describe('BigCommerce rate-limit headers', () => {
  it('feeds the quota, the window length, what is left of the window and when it ends to the governor', () => {
    expect(
      readBigcommerceRateLimit(
        res(200, { 'x-rate-limit-requests-quota': '150', 'x-rate-limit-requests-left': '37', 'x-rate-limit-time-reset-ms': '1200', 'x-rate-limit-time-window-ms': '30000' }),
      ),
    ).toEqual({ capacity: 150, available: 37, resetInMs: 1200, windowMs: 30000 });
    // A window length that is not a positive number is left out.
    expect(readBigcommerceRateLimit(res(200, { 'x-rate-limit-requests-left': '5', 'x-rate-limit-time-window-ms': '0' }))).toEqual({ available: 5 });
    // The 429 example of api-rate-limits.mdx carries the reset alone.
    expect(readBigcommerceRateLimit(res(429, { 'x-rate-limit-time-reset-ms': '15000' }))).toEqual({ resetInMs: 15000 });
    expect(readBigcommerceRateLimit(res(200, { 'x-rate-limit-time-reset-ms': 'soon' }))).toBeNull();
    expect(readBigcommerceRateLimit(res(200, {}))).toBeNull();
  });

  it('turns a 429 into RateLimitedError waiting X-Rate-Limit-Time-Reset-Ms, else X-Retry-After', () => {
    const e = translateBigcommerceError(res(429, { 'x-rate-limit-time-reset-ms': '15000', 'x-retry-after': '16' }));
    expect(e).toBeInstanceOf(RateLimitedError);
    expect(e!.retryAfterMs).toBe(15000);
    expect(translateBigcommerceError(res(429, { 'x-retry-after': '3' }))!.retryAfterMs).toBe(3000);
    // Platform load: no headers, no known wait; the SDK backs off.
    expect(translateBigcommerceError(res(429, {}))!.retryAfterMs).toBeNull();
    expect(translateBigcommerceError(res(404, {}))).toBeUndefined();
  });
});
