import type { ProviderPlugin } from '@storebridge/contracts';
import { collectAll, createConnectionContext, windowLimit } from '@storebridge/plugin-sdk';
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

/** Answers grouped by the window their `X-Rate-Limit-Time-Reset-Ms` points at (ends closer than half a window are one window), in order: calls answered per window. */
function answeredPerWindow(answers: Array<{ end: number; answered: boolean }>, windowMs: number): number[] {
  const counts: number[] = [];
  let last = -Infinity;
  for (const a of [...answers].sort((x, y) => x.end - y.end)) {
    if (a.end - last > windowMs / 2) counts.push(0);
    last = a.end;
    if (a.answered) counts[counts.length - 1]++;
  }
  return counts;
}

/**
 * Product reads and creates through the plugin against its sandbox at the
 * Standard plan's published quota (150 requests per 30 s window), paced by
 * the SDK governor following the window the answers report. The window is
 * shortened by `scale` (default 10: 150 per 3 s); the quota per window, and
 * so the share, is the plan's. Not shorter by default: at 150 per 1 s a busy
 * machine cannot always serve the quota within a window (the share then
 * measures the machine, not the governor). The most a run can have answered is the quota
 * of every window its requests were counted in (read from the answers).
 */
async function runOne(alignment: 'epoch' | 'first-request', options: BigcommerceGovernorBenchOptions): Promise<GovernorBenchResult> {
  const scale = options.scale ?? 10;
  const reads = options.productReads ?? 700;
  const writes = options.productWrites ?? 100;
  const concurrency = options.concurrency ?? 32;
  const quota = BIGCOMMERCE_PLAN_QUOTAS.standard;
  const windowMs = BIGCOMMERCE_WINDOW_MS / scale;
  const sb = await startBigcommerceSandbox({ seed: 3, products: 100, orders: 5, quota, windowMs, windowAlignment: alignment });
  try {
    // Note where each answer says its window ends, to count the calls answered in each window.
    const answers: Array<{ end: number; answered: boolean }> = [];
    const plugin: ProviderPlugin = {
      ...bigcommercePlugin,
      readRateLimit(res, req) {
        const reset = Number(res.headers['x-rate-limit-time-reset-ms']);
        if (Number.isFinite(reset)) answers.push({ end: Date.now() + reset, answered: res.status !== 429 });
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
    const ids = (await collectAll((cursor) => products.list({ limit: 250, cursor }))).map((p) => p.remoteId);
    // Start as a fresh window opens, as the maximum assumes: wait out the one the listing's answers point at.
    const listingWindowEnd = Math.max(...answers.map((a) => a.end));
    await new Promise((r) => setTimeout(r, Math.max(0, listingWindowEnd - Date.now()) + 20));
    sb.sandbox.resetStats();
    answers.length = 0;

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
    const perWindow = answeredPerWindow(answers, windowMs);
    const answered = stats.requests - stats.throttled;
    // The last window holds whatever the workload had left: the share is of the windows before it, which had work waiting throughout.
    const full = perWindow.length > 1 ? perWindow.slice(0, -1) : perWindow;
    const fullAnswered = full.reduce((a, b) => a + b, 0);
    return {
      provider: `BigCommerce, ${ALIGNMENT_NAMES[alignment]}`,
      publishedLimit: `${quota} requests / ${BIGCOMMERCE_WINDOW_MS / 1000} s window (Standard)`,
      share: fullAnswered / (quota * full.length),
      shareBasis: 'requests answered ÷ (quota × windows), over every window but the last (which holds what the workload had left)',
      throttled: stats.throttled,
      calls: stats.requests,
      failed,
      seconds,
      details: [
        `window ÷${scale} = ${windowMs} ms; ${reads} product reads + ${writes} product creates, ${concurrency} concurrent`,
        `answered per window: ${perWindow.join(' ')} (the governor keeps 5 % free: at most ${windowLimit(quota, 0.05)} of ${quota})`,
        `whole run, last window included: ${((answered / (quota * perWindow.length)) * 100).toFixed(1)} % (${answered} in ${perWindow.length} windows)`,
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
