import { ValidationError } from '@storebridge/contracts';
import { createWooCommercePlugin, woocommercePlugin } from './woocommerce.plugin';
import { parseHostRateLimit, woocommerceRateLimit, WOOCOMMERCE_DEFAULT_HOST_LIMIT } from './woocommerce.config';

describe('WooCommerce host rate limit', () => {
  it('paces a host limit with a tenth as burst and never more than the limit in any window', () => {
    const policy = woocommerceRateLimit({ requests: 25, windowSeconds: 10 });
    expect(policy).toEqual({ kind: 'token-bucket', capacity: 2, refillPerSecond: 2.3 });
    if (policy.kind !== 'token-bucket') throw new Error('unreachable');
    // Burst plus one window of refill is exactly the host's allowance.
    expect(policy.capacity + policy.refillPerSecond * 10).toBeCloseTo(25);
    expect(woocommerceRateLimit({ requests: 5, windowSeconds: 1 })).toEqual({ kind: 'token-bucket', capacity: 1, refillPerSecond: 4 });
  });

  it("takes a connection's host limit from its settings (rateLimitFor), else the plugin's default", () => {
    expect(woocommercePlugin.rateLimitFor?.({ hostRateLimit: { requests: 120, windowSeconds: 60 } })).toEqual({ kind: 'token-bucket', capacity: 12, refillPerSecond: 1.8 });
    expect(woocommercePlugin.rateLimitFor?.({ otherOption: true })).toEqual(woocommerceRateLimit(WOOCOMMERCE_DEFAULT_HOST_LIMIT));
    const lenient = createWooCommercePlugin({ hostRateLimit: { requests: 100, windowSeconds: 10 } });
    expect(lenient.rateLimitFor?.({})).toEqual(lenient.rateLimit);
  });

  it.each([
    ['not an object', 25, 'must be an object'],
    ['an array', [25, 10], 'must be an object'],
    ['unknown keys', { requests: 25, windowSeconds: 10, burst: 5 }, 'unknown keys: burst'],
    ['no requests', { windowSeconds: 10 }, 'requests must be a whole number'],
    ['fractional requests', { requests: 2.5, windowSeconds: 10 }, 'requests must be a whole number'],
    ['zero requests', { requests: 0, windowSeconds: 10 }, 'requests must be a whole number'],
    ['requests as text', { requests: '25', windowSeconds: 10 }, 'requests must be a whole number'],
    ['a zero window', { requests: 25, windowSeconds: 0 }, 'windowSeconds must be'],
    ['an endless window', { requests: 25, windowSeconds: Infinity }, 'windowSeconds must be'],
    ['a window over a day', { requests: 25, windowSeconds: 86_401 }, 'windowSeconds must be'],
  ])('refuses %s with a ValidationError naming the setting', (_name, value, message) => {
    expect(() => parseHostRateLimit(value)).toThrow(ValidationError);
    expect(() => woocommercePlugin.rateLimitFor?.({ hostRateLimit: value })).toThrow(message);
  });

  it('validates settings as a whole: known keys with valid values, a typo refused', () => {
    const validate = woocommercePlugin.validateSettings!;
    expect(() => validate({})).not.toThrow();
    expect(() => validate({ hostRateLimit: { requests: 60, windowSeconds: 60 }, weightUnit: 'lbs' })).not.toThrow();
    expect(() => validate({ hostRatelimit: { requests: 60, windowSeconds: 60 } })).toThrow(/unknown settings: settings\.hostRatelimit/);
    expect(() => validate({ weightUnit: 'stone' })).toThrow(/settings\.weightUnit must be one of/);
    expect(() => validate({ weightUnit: 3 })).toThrow(ValidationError);
    expect(() => validate({ hostRateLimit: { requests: 0, windowSeconds: 1 } })).toThrow(ValidationError);
  });
});
