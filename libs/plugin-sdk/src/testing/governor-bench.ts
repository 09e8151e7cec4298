/**
 * The convention `npm run bench:governor` discovers: a plugin's `/testing`
 * entry exports `governorBench`, which drives the plugin against its sandbox
 * under the provider's published rate limit, paced by the SDK governor, and
 * reports how much of that limit it used and how often the sandbox said no.
 */
export interface GovernorBench {
  /** The provider, as the table names it. */
  name: string;
  /** One result per scenario (most benches have one). */
  run(options?: GovernorBenchOptions): Promise<GovernorBenchResult[]>;
}

export interface GovernorBenchOptions {
  /**
   * Divides the provider's time unit (window length, restore period) so a
   * run takes seconds; the quota per unit, and so the share, is the
   * published one. Each bench has its own default.
   */
  scale?: number;
  /** Callers issuing operations at once. */
  concurrency?: number;
}

export interface GovernorBenchResult {
  /** Provider and scenario, e.g. "BigCommerce, windows start on the clock". */
  provider: string;
  /** The published (or configured) limit the run was held to, unscaled. */
  publishedLimit: string;
  /** What the run used, as a share (0–1) of the most that limit allows over the run. */
  share: number;
  /** How `share` is counted for this kind of limit. */
  shareBasis: string;
  /** Answers that told the client to slow down (429, THROTTLED). */
  throttled: number;
  /** Requests the sandbox received while measuring. */
  calls: number;
  /** Operations that failed in the end (after the SDK's retries). */
  failed: number;
  seconds: number;
  /** Further lines worth printing (workload, scale, raw figures). */
  details: string[];
}

/** Runs `ops` with `concurrency` callers, each taking the next op when its last one settles; returns how many failed. */
export async function runConcurrently(ops: ReadonlyArray<() => Promise<unknown>>, concurrency: number): Promise<number> {
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, concurrency) }, async () => {
      while (next < ops.length) {
        const op = ops[next++];
        await op().catch(() => failed++);
      }
    }),
  );
  return failed;
}

/** The same items in a fixed scattered order, so each kind of operation is spread over the run (not all writes at the end). */
export function interleave<T>(items: readonly T[]): T[] {
  // 7919 is prime: i → i·7919 mod n permutes the indices whenever n is not a multiple of it.
  const n = items.length;
  return items
    .map((item, i) => ({ item, key: (i * 7919) % n }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.item);
}
