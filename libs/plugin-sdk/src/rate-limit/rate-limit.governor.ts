import type { RateLimitFeedback, RateLimitPolicy } from '@storebridge/contracts';

/**
 * Paces calls to one provider connection so that a burst never reaches the
 * provider's limit (proactive), and corrects itself from what the provider
 * reports (feedback). One governor per connection; shared across processes
 * when it keeps its state in Redis.
 */
export interface RateLimitGovernor {
  /** Waits until `cost` units may be spent, then spends them. */
  acquire(cost?: number): Promise<void>;
  /** Applies what a response said about the provider's bucket. */
  observe(feedback: RateLimitFeedback): Promise<void>;
}

export interface GovernorOptions {
  /**
   * Share of the bucket kept free (default 0.05), for other apps' calls the
   * provider counts against the same store and for clock skew.
   */
  headroom?: number;
  /** Injected for tests: current time in ms and a sleep. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A bucket of `capacity` units refilled continuously at `perMs`; fixed windows count per window. */
export type BucketShape =
  | { kind: 'bucket'; capacity: number; perMs: number }
  | { kind: 'window'; limit: number; windowMs: number }
  | { kind: 'none' };

export function bucketShape(policy: RateLimitPolicy, headroom: number): BucketShape {
  switch (policy.kind) {
    case 'token-bucket':
      return { kind: 'bucket', capacity: policy.capacity * (1 - headroom), perMs: policy.refillPerSecond / 1000 };
    case 'cost-points':
      return { kind: 'bucket', capacity: policy.maxAvailable * (1 - headroom), perMs: policy.restorePerSecond / 1000 };
    case 'fixed-window':
      return { kind: 'window', limit: Math.max(1, Math.floor(policy.limit * (1 - headroom))), windowMs: policy.windowMs };
    default:
      return { kind: 'none' };
  }
}

/** A governor that never waits (policy `none`). */
export const unlimitedGovernor: RateLimitGovernor = {
  acquire: async () => undefined,
  observe: async () => undefined,
};
