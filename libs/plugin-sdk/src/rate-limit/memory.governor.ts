import type { RateLimitFeedback, RateLimitPolicy } from '@storebridge/contracts';
import { initialWindow, observeWindow, takeFromWindow } from './fixed-window';
import { adoptWindowFeedback, bucketShape, realSleep, reserveUnits, unlimitedGovernor, type GovernorOptions, type Grant, type RateLimitGovernor } from './rate-limit.governor';

/**
 * In-process governor. A caller takes its cost only when the bucket holds it
 * (as the provider checks on arrival), else sleeps for the deficit and checks
 * again; refunds of over-estimated costs (Shopify charges the requested cost
 * up front and refunds the difference) therefore let waiting callers go at
 * once instead of after a wait computed from the estimate. Fixed windows
 * follow the provider's window as fixed-window.ts describes.
 */
export function createMemoryGovernor(policy: RateLimitPolicy, options: GovernorOptions = {}): RateLimitGovernor {
  const headroom = options.headroom ?? 0.05;
  const jitter = options.jitterSeconds ?? 0.1;
  const shape = bucketShape(policy, headroom, jitter);
  const now = options.now ?? (() => Date.now());
  const sleep = options.sleep ?? realSleep;

  if (shape.kind === 'none') return unlimitedGovernor;

  if (shape.kind === 'window') {
    const window = initialWindow();
    const limits = { ...shape };
    return {
      async acquire(cost = 1) {
        for (;;) {
          const taken = takeFromWindow(window, now(), cost, limits);
          if (taken.wait === 0) return { cost, window: taken.window };
          await sleep(taken.wait);
        }
      },
      async observe(feedback: RateLimitFeedback, grant?: Grant) {
        adoptWindowFeedback(limits, feedback, headroom, jitter);
        observeWindow(window, now(), feedback, limits.quota, limits.windowMs, grant);
      },
    };
  }

  let capacity = shape.capacity;
  let perMs = shape.perMs;
  let fullCapacity = policy.kind === 'token-bucket' ? policy.capacity : policy.kind === 'cost-points' ? policy.maxAvailable : capacity;
  const reserve = () => reserveUnits(fullCapacity, perMs * 1000, headroom, jitter);
  let tokens = capacity;
  let last = now();
  const refill = () => {
    const t = now();
    tokens = Math.min(capacity, tokens + Math.max(0, t - last) * perMs);
    last = t;
  };
  return {
    async acquire(cost = 1) {
      for (;;) {
        refill();
        // A cost above the whole bucket can only ever run on a full bucket.
        const need = Math.min(cost, capacity);
        if (tokens >= need) {
          tokens -= cost;
          return { cost };
        }
        await sleep(Math.max(1, Math.ceil((need - tokens) / perMs)));
      }
    },
    async observe(feedback: RateLimitFeedback) {
      refill();
      if (feedback.capacity !== undefined && feedback.capacity > 0) fullCapacity = feedback.capacity;
      if (feedback.refillPerSecond !== undefined && feedback.refillPerSecond > 0) perMs = feedback.refillPerSecond / 1000;
      // A larger bucket (a plan found larger than assumed) gains the difference; a smaller one keeps the level, up to its size.
      const resized = fullCapacity - reserve();
      tokens = resized > capacity ? tokens + resized - capacity : Math.min(tokens, resized);
      capacity = resized;
      if (feedback.refund !== undefined && feedback.refund > 0) tokens = Math.min(capacity, tokens + feedback.refund);
      // Only ever correct downwards: the provider's level does not yet include
      // calls we reserved that are still in flight.
      if (feedback.available !== undefined) tokens = Math.min(tokens, feedback.available - reserve());
    },
  };
}
