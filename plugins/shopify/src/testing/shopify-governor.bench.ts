import { collectAll, createConnectionContext } from '@storebridge/plugin-sdk';
import { interleave, runConcurrently, type GovernorBench, type GovernorBenchOptions, type GovernorBenchResult } from '@storebridge/plugin-sdk/testing';
import { SHOPIFY_PLAN_LIMITS } from '../shopify.config';
import { shopifyPlugin } from '../shopify.plugin';
import { startShopifySandbox } from './shopify.sandbox';

export interface ShopifyGovernorBenchOptions extends GovernorBenchOptions {
  productReads?: number;
  productWrites?: number;
}

/**
 * Product reads and writes through the plugin against its sandbox at the
 * Standard plan's published GraphQL limits (100 points/s, bucket 1000),
 * paced by the SDK governor. Bucket and restore rate are both multiplied by
 * `scale` (default 5) so the run takes seconds; their ratio, and so the
 * share, is the plan's. The most a run of T seconds can spend is the full
 * bucket plus T seconds of restore. Not scaled further by default: at ×10 the
 * sandbox and client in one process need ~65 GraphQL calls/s, which a busy
 * machine does not always serve (the share then measures the machine).
 */
async function run(options: ShopifyGovernorBenchOptions = {}): Promise<GovernorBenchResult[]> {
  const scale = options.scale ?? 5;
  const reads = options.productReads ?? 1000;
  const writes = options.productWrites ?? 250;
  const concurrency = options.concurrency ?? 32;
  const plan = SHOPIFY_PLAN_LIMITS.standard;
  const bucket = plan.maxAvailable * scale;
  const restore = plan.restorePerSecond * scale;
  const sb = await startShopifySandbox({ seed: 3, products: 100, orders: 10, plan: 'standard', limitScale: scale });
  try {
    const ctx = createConnectionContext(shopifyPlugin, {
      connectionId: 'bench',
      connectionKey: `bench:${sb.baseUrl}`,
      store: shopifyPlugin.auth.resolveStore(sb.baseUrl),
      credentials: { accessToken: sb.accessToken },
      // The plugin's published Standard policy, scaled like the sandbox.
      rateLimit: { kind: 'cost-points', maxAvailable: bucket, restorePerSecond: restore },
    });
    const products = shopifyPlugin.createProductPort(ctx);
    const ids = (await collectAll((cursor) => products.list({ limit: 250, cursor }))).map((p) => p.remoteId);
    // Start measuring from a full bucket, as the maximum assumes.
    await new Promise((r) => setTimeout(r, (bucket / restore) * 1000 + 200));
    sb.sandbox.resetStats();
    const pointsBefore = sb.sandbox.pointsCharged;

    const ops: Array<() => Promise<unknown>> = [];
    for (let i = 0; i < reads; i++) ops.push(() => products.get(ids[i % ids.length]));
    for (let i = 0; i < writes; i++) {
      ops.push(() =>
        products.create({
          productName: `Bench product ${i}`,
          productStatus: 'DRAFT',
          variants: [{ sku: `BENCH-${i}`, price: '9.99', optionValues: [{ name: 'Size', value: 'M' }], inventory: { totalCount: 1 }, weight: { value: 1, unit: 'kg' } }],
        }),
      );
    }
    const started = performance.now();
    const failed = await runConcurrently(interleave(ops), concurrency);
    const seconds = (performance.now() - started) / 1000;
    const points = sb.sandbox.pointsCharged - pointsBefore;
    const stats = sb.sandbox.stats();
    const most = bucket + restore * seconds;
    return [
      {
        provider: 'Shopify',
        publishedLimit: `${plan.restorePerSecond} points/s, bucket ${plan.maxAvailable} (GraphQL Admin, Standard)`,
        share: points / most,
        shareBasis: 'points charged ÷ (bucket + restore × run time)',
        throttled: stats.throttled,
        calls: stats.requests,
        failed,
        seconds,
        details: [
          `scaled ×${scale}: ${restore} points/s, bucket ${bucket}; ${reads} product reads + ${writes} product writes, ${concurrency} concurrent`,
          `${points} points charged: ${(points / seconds).toFixed(1)} points/s of at most ${(most / seconds).toFixed(1)} (${((points / seconds / restore) * 100).toFixed(1)} % of the restore rate alone)`,
        ],
      },
    ];
  } finally {
    await sb.close();
  }
}

export const governorBench: GovernorBench = { name: 'Shopify', run };
