import type { RateLimitFeedback, RateLimitPolicy } from '@storebridge/contracts';

/**
 * Paces calls to one provider connection so that a burst never reaches the
 * provider's limit (proactive), and corrects itself from what the provider
 * reports (feedback). One governor per connection; shared across processes
 * when it keeps its state in Redis.
 */
export interface RateLimitGovernor {
  /** Waits until `cost` units may be spent, then spends them. */
  acquire(cost?: number): Promise<Grant>;
  /**
   * Applies what a response said about the provider's bucket. `grant` is the
   * acquire() the call went out under; pass it (with `{}` when the answer said
   * nothing, or never came) once per call, so fixed windows know which calls
   * are still out.
   *
   * The feedback is applied before observe() returns, or queued ahead of any
   * later acquire() on the same budget (the Redis governor sends it on the
   * connection those go out on, one per process in the host, and Redis runs
   * a connection's commands in order): an acquire() called afterwards sees
   * it whether or not the promise was awaited. The HTTP client does not
   * wait for it; the promise only reports failure.
   */
  observe(feedback: RateLimitFeedback, grant?: Grant): Promise<void>;
}

/** One acquire(): its cost and, for fixed windows, the window it was counted in (that window's start). */
export interface Grant {
  cost: number;
  window?: number;
}

export interface GovernorOptions {
  /**
   * Share of the bucket kept free (default 0.05), for other apps' calls the
   * provider counts against the same store.
   */
  headroom?: number;
  /**
   * Seconds of refill also kept free (default 0.1): calls granted together
   * reach the provider with different delays, and a late one meets a bucket
   * that a later-granted one already used.
   */
  jitterSeconds?: number;
  /** Injected for tests: current time in ms and a sleep. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Units of a bucket the governor leaves unused: the headroom share or the jitter allowance, at most half. */
export function reserveUnits(capacity: number, refillPerSecond: number, headroom: number, jitterSeconds: number): number {
  return Math.min(capacity / 2, Math.max(capacity * headroom, refillPerSecond * jitterSeconds));
}

/** Units of a fixed window's quota the governor lets itself use: all but the headroom share, at least 1. */
export function windowLimit(quota: number, headroom: number): number {
  return Math.max(1, Math.floor(quota * (1 - headroom)));
}

/**
 * A bucket of `capacity` usable units refilled continuously at `perMs`; a
 * fixed window of `quota` units of which the governor uses `limit`, with no
 * grants in its last `jitterMs` (see fixed-window.ts).
 */
export type BucketShape =
  | { kind: 'bucket'; capacity: number; perMs: number }
  | { kind: 'window'; quota: number; limit: number; windowMs: number; jitterMs: number; pollMs: number }
  | { kind: 'none' };

export function bucketShape(policy: RateLimitPolicy, headroom: number, jitterSeconds = 0.1): BucketShape {
  switch (policy.kind) {
    case 'token-bucket':
      return {
        kind: 'bucket',
        capacity: policy.capacity - reserveUnits(policy.capacity, policy.refillPerSecond, headroom, jitterSeconds),
        perMs: policy.refillPerSecond / 1000,
      };
    case 'cost-points':
      return {
        kind: 'bucket',
        capacity: policy.maxAvailable - reserveUnits(policy.maxAvailable, policy.restorePerSecond, headroom, jitterSeconds),
        perMs: policy.restorePerSecond / 1000,
      };
    case 'fixed-window':
      return { kind: 'window', quota: policy.limit, limit: windowLimit(policy.limit, headroom), ...windowTiming(policy.windowMs, jitterSeconds) };
    default:
      return { kind: 'none' };
  }
}

/** A fixed window's shape as a governor keeps it: what the provider reports changes it (adoptWindowFeedback). */
export type WindowShape = Extract<BucketShape, { kind: 'window' }>;

/**
 * Adopts what a response said about the window itself: a reported quota (and
 * the limit the headroom leaves of it) and a reported length (and the timing
 * that follows from it). The memory and Redis governors keep their shape alike.
 */
export function adoptWindowFeedback(shape: WindowShape, feedback: RateLimitFeedback, headroom: number, jitterSeconds: number): void {
  if (feedback.capacity !== undefined && feedback.capacity > 0) {
    shape.quota = feedback.capacity;
    shape.limit = windowLimit(shape.quota, headroom);
  }
  if (feedback.windowMs !== undefined && feedback.windowMs > 0) Object.assign(shape, windowTiming(feedback.windowMs, jitterSeconds));
}

/** A window's length and what follows from it; recomputed when the provider reports another length. */
export function windowTiming(windowMs: number, jitterSeconds = 0.1): { windowMs: number; jitterMs: number; pollMs: number } {
  return {
    windowMs,
    // A short window (tests, scaled benchmarks) keeps at least three quarters of itself for grants.
    jitterMs: Math.min(jitterSeconds * 1000, windowMs / 4),
    pollMs: Math.max(1, Math.round(windowMs / 50)),
  };
}

/** A governor that never waits (policy `none`). */
export const unlimitedGovernor: RateLimitGovernor = {
  acquire: async (cost = 1) => ({ cost }),
  observe: async () => undefined,
};

/** Whether a feedback carries anything at all (a call that only settles its grant does not). */
export function hasFeedback(feedback: RateLimitFeedback): boolean {
  return Object.values(feedback).some((v) => v !== undefined);
}
