import { createConnectionContext } from '@storebridge/plugin-sdk';
import { interleave, runConcurrently, type GovernorBench, type GovernorBenchOptions, type GovernorBenchResult } from '@storebridge/plugin-sdk/testing';
import { WOOCOMMERCE_DEFAULT_HOST_LIMIT, WOOCOMMERCE_HOST_LIMIT_SETTING, type HostRateLimit } from '../woocommerce.config';
import { woocommercePlugin } from '../woocommerce.plugin';
import { startWooCommerceSandbox } from './woocommerce.sandbox';

export interface WooCommerceGovernorBenchOptions extends GovernorBenchOptions {
  /** The host limit the sandbox enforces and the connection is configured with (default 25 requests / 10 s). */
  hostLimit?: HostRateLimit;
  productReads?: number;
  orderReads?: number;
  productWrites?: number;
}

/**
 * Product reads (product + variations: 2 requests each), order reads and
 * product writes through the plugin against its sandbox behind a sliding
 * host limit, paced by the SDK governor with the policy the plugin derives
 * from the connection's `hostRateLimit` setting (ProviderPlugin.rateLimitFor).
 * The window is shortened by `scale` (default 4: 25 per 2.5 s); the requests
 * per window, and so the share, are the host's. Not shorter by default: the
 * governor's jitter allowance (0.1 s of refill) does not shrink with the
 * window, so at ÷10 it takes half the burst, and a token every 43 ms then
 * loses the timers' millisecond of lateness each time (≈ 88 % instead of
 * the policy's 92 %). wc/v3 publishes no limit: the share is of the host's
 * rate (requests per window, sustained over the run).
 */
async function run(options: WooCommerceGovernorBenchOptions = {}): Promise<GovernorBenchResult[]> {
  const scale = options.scale ?? 4;
  const host = options.hostLimit ?? WOOCOMMERCE_DEFAULT_HOST_LIMIT;
  const reads = options.productReads ?? 75;
  const orderReads = options.orderReads ?? 75;
  const writes = options.productWrites ?? 20;
  const concurrency = options.concurrency ?? 16;
  const limit = { requests: host.requests, windowSeconds: host.windowSeconds / scale };
  const sb = await startWooCommerceSandbox({ seed: 3, products: 40, orders: 40, hostLimit: limit });
  try {
    const settings = { [WOOCOMMERCE_HOST_LIMIT_SETTING]: limit };
    const policy = woocommercePlugin.rateLimitFor?.(settings) ?? woocommercePlugin.rateLimit;
    const ctx = createConnectionContext(woocommercePlugin, {
      connectionId: 'bench',
      connectionKey: `bench:${sb.baseUrl}`,
      store: woocommercePlugin.auth.resolveStore(sb.baseUrl),
      credentials: { consumerKey: sb.consumerKey, consumerSecret: sb.consumerSecret },
      settings,
      rateLimit: policy,
    });
    const products = woocommercePlugin.createProductPort(ctx);
    const orders = woocommercePlugin.createOrderPort(ctx);
    const productIds = [...sb.sandbox.products.keys()].map(String);
    const orderIds = [...sb.sandbox.orders.keys()].map(String);
    // Warm the weight-unit and term caches, then let the host window drain.
    await products.create({ productName: 'warm-up', productType: 'Bench', tags: ['bench'], variants: [{ sku: 'WARM', price: 1 }] });
    await new Promise((r) => setTimeout(r, limit.windowSeconds * 1000 + 200));
    sb.sandbox.resetStats();

    const ops: Array<() => Promise<unknown>> = [];
    for (let i = 0; i < reads; i++) ops.push(() => products.get(productIds[i % productIds.length]));
    for (let i = 0; i < orderReads; i++) ops.push(() => orders.get(orderIds[i % orderIds.length]));
    for (let i = 0; i < writes; i++) {
      ops.push(() => products.create({ productName: `Bench ${i}`, productType: 'Bench', tags: ['bench'], variants: [{ sku: `B-${i}`, price: '9.99', inventory: { totalCount: 1 } }] }));
    }
    const started = performance.now();
    const failed = await runConcurrently(interleave(ops), concurrency);
    const seconds = (performance.now() - started) / 1000;
    const stats = sb.sandbox.stats();
    const answered = stats.requests - stats.throttled;
    // What the host lets through at its rate over the run, and the most a sliding window admits from empty (a burst per window).
    const atHostRate = (limit.requests * seconds) / limit.windowSeconds;
    const slidingMost = limit.requests * Math.ceil(seconds / limit.windowSeconds);
    return [
      {
        provider: 'WooCommerce, sandbox host limit',
        publishedLimit: `${host.requests} requests / ${host.windowSeconds} s, sliding (host)`,
        share: answered / atHostRate,
        shareBasis: 'requests answered ÷ (host rate × run time)',
        throttled: stats.throttled,
        calls: stats.requests,
        failed,
        seconds,
        details: [
          `window ÷${scale} = ${limit.windowSeconds * 1000} ms; ${reads} product reads + ${orderReads} order reads + ${writes} product writes, ${concurrency} concurrent`,
          `governor policy from settings.${WOOCOMMERCE_HOST_LIMIT_SETTING}: ${JSON.stringify(policy)}`,
          `${((answered / slidingMost) * 100).toFixed(1)} % of the most a sliding window admits over the run (${slidingMost}: a full window per started window)`,
        ],
      },
    ];
  } finally {
    await sb.close();
  }
}

export const governorBench: GovernorBench = { name: 'WooCommerce', run };
