import type { ProviderPlugin } from '@storebridge/contracts';
import { createConnectionContext, windowLimit } from '@storebridge/plugin-sdk';
import { interleave, runConcurrently, type GovernorBench, type GovernorBenchOptions, type GovernorBenchResult } from '@storebridge/plugin-sdk/testing';
import { BIGCOMMERCE_PLAN_QUOTAS, BIGCOMMERCE_WINDOW_MS } from '../bigcommerce.config';
import { bigcommercePlugin } from '../bigcommerce.plugin';
import { startBigcommerceSandbox } from './bigcommerce.sandbox';

export interface BigcommerceGovernorBenchOptions extends GovernorBenchOptions {
  productReads?: number;
  productWrites?: number;
  /** Which window starts to run (default both: BigCommerce does not document which it uses). */
  alignments?: Array<'epoch' | 'first-request'>;
}

const ALIGNMENT_NAMES = { epoch: 'windows on the clock', 'first-request': 'windows from the first request' } as const;

/** How many distinct windows the answers' `X-Rate-Limit-Time-Reset-Ms` pointed at: ends closer than half a window are one window. */
function countWindows(ends: number[], windowMs: number): number {
  const sorted = [...ends].sort((a, b) => a - b);
  let windows = 0;
  let last = -Infinity;
  for (const end of sorted) {
    if (end - last > windowMs / 2) windows++;
    last = end;
  }
  return windows;
}

/**
 * Product reads and creates through the plugin against its sandbox at the
 * Standard plan's published quota (150 requests per 30 s window), paced by
 * the SDK governor following the window the answers report. The window is
 * shortened by `scale` (default 30: 150 per 1 s); the quota per window, and
 * so the share, is the plan's. The most a run can have answered is the quota
 * of every window its requests were counted in (read from the answers).
 */
async function runOne(alignment: 'epoch' | 'first-request', options: BigcommerceGovernorBenchOptions): Promise<GovernorBenchResult> {
  const scale = options.scale ?? 30;
  const reads = options.productReads ?? 1200;
  const writes = options.productWrites ?? 100;
  const concurrency = options.concurrency ?? 32;
  const quota = BIGCOMMERCE_PLAN_QUOTAS.standard;
  const windowMs = BIGCOMMERCE_WINDOW_MS / scale;
  const sb = await startBigcommerceSandbox({ seed: 3, products: 100, orders: 5, quota, windowMs, windowAlignment: alignment });
  try {
    // Note where each answer says its window ends, to count the windows the run used.
    const windowEnds: number[] = [];
    const plugin: ProviderPlugin = {
      ...bigcommercePlugin,
      readRateLimit(res, req) {
        const reset = Number(res.headers['x-rate-limit-time-reset-ms']);
        if (Number.isFinite(reset)) windowEnds.push(Date.now() + reset);
        return bigcommercePlugin.readRateLimit?.(res, req);
      },
    };
    const ctx = createConnectionContext(plugin, {
      connectionId: `bench-${alignment}`,
      connectionKey: `bench-${alignment}:${sb.baseUrl}`,
      store: plugin.auth.resolveStore(sb.baseUrl),
      credentials: { accessToken: sb.accessToken },
      rateLimit: { kind: 'fixed-window', limit: quota, windowMs },
      // A wait is at most one (short) window: a 429 is retried here, not handed on.
      retry: { maxAttempts: 6 },
    });
    const products = plugin.createProductPort(ctx);
    const ids: string[] = [];
    for (let cursor: string | null = null; ; ) {
      const page = await products.list({ limit: 250, cursor });
      ids.push(...page.items.map((p) => p.remoteId));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    // Start as a fresh window opens, as the maximum assumes: wait out the one the listing's answers point at.
    const listingWindowEnd = Math.max(...windowEnds);
    await new Promise((r) => setTimeout(r, Math.max(0, listingWindowEnd - Date.now()) + 20));
    sb.sandbox.resetStats();
    windowEnds.length = 0;

    const ops: Array<() => Promise<unknown>> = [];
    for (let i = 0; i < reads; i++) ops.push(() => products.get(ids[i % ids.length]));
    for (let i = 0; i < writes; i++) {
      ops.push(() =>
        products.create({
          productName: `Bench product ${alignment} ${i}`,
          productStatus: 'DRAFT',
          variants: [{ sku: `BENCH-${i}`, price: '9.99', optionValues: [{ name: 'Size', value: 'M' }], inventory: { totalCount: 1 }, weight: { value: 1, unit: 'kg' } }],
        }),
      );
    }
    const started = performance.now();
    const failed = await runConcurrently(interleave(ops), concurrency);
    const seconds = (performance.now() - started) / 1000;
    const stats = sb.sandbox.stats();
    const windows = countWindows(windowEnds, windowMs);
    const answered = stats.requests - stats.throttled;
    return {
      provider: `BigCommerce, ${ALIGNMENT_NAMES[alignment]}`,
      publishedLimit: `${quota} requests / ${BIGCOMMERCE_WINDOW_MS / 1000} s window (Standard)`,
      share: answered / (quota * windows),
      shareBasis: 'requests answered ÷ (quota × windows they were counted in)',
      throttled: stats.throttled,
      calls: stats.requests,
      failed,
      seconds,
      details: [
        `window ÷${scale} = ${windowMs} ms; ${reads} product reads + ${writes} product creates, ${concurrency} concurrent`,
        `${answered} answered in ${windows} windows of ${quota} (the governor keeps 5 % free: at most ${((windowLimit(quota, 0.05) / quota) * 100).toFixed(1)} %)`,
      ],
    };
  } finally {
    await sb.close();
  }
}

export const governorBench: GovernorBench = {
  name: 'BigCommerce',
  async run(options: BigcommerceGovernorBenchOptions = {}) {
    const results: GovernorBenchResult[] = [];
    for (const alignment of options.alignments ?? (['epoch', 'first-request'] as const)) results.push(await runOne(alignment, options));
    return results;
  },
};
