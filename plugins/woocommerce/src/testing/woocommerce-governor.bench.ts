import { createConnectionContext } from '@storebridge/plugin-sdk';
import { WOOCOMMERCE_DEFAULT_HOST_LIMIT, woocommerceRateLimit, type HostRateLimit } from '../woocommerce.config';
import { woocommercePlugin } from '../woocommerce.plugin';
import { startWooCommerceSandbox } from './woocommerce.sandbox';

export interface GovernorBenchOptions {
  /** Shrinks the host window to windowSeconds / scale (default 10); the share is unchanged. */
  scale?: number;
  hostLimit?: HostRateLimit;
  productReads?: number;
  orderReads?: number;
  productWrites?: number;
  concurrency?: number;
}

export interface GovernorBenchFigures {
  hostLimit: HostRateLimit;
  scale: number;
  requests: number;
  seconds: number;
  achievedPerSecond: number;
  /** Achieved rate as a share of what the host allows (requests / window). */
  shareOfHostRate: number;
  /** Achieved as a share of the most a sliding window lets through over the run, starting empty. */
  shareOfWindowMaximum: number;
  throttled: number;
  lines: string[];
}

/**
 * Product reads (product + variations: 2 requests each), order reads and
 * product writes through the plugin against its sandbox behind a sliding
 * host limit, paced by the SDK governor with the plugin's policy for that
 * limit. For `bench:governor` and plugins/woocommerce/test/governor-figures.ts.
 */
export async function runWooCommerceGovernorBench(options: GovernorBenchOptions = {}): Promise<GovernorBenchFigures> {
  const scale = options.scale ?? 10;
  const host = options.hostLimit ?? WOOCOMMERCE_DEFAULT_HOST_LIMIT;
  const reads = options.productReads ?? 150;
  const orderReads = options.orderReads ?? 150;
  const writes = options.productWrites ?? 40;
  const concurrency = options.concurrency ?? 16;
  const limit = { requests: host.requests, windowSeconds: host.windowSeconds / scale };
  const sb = await startWooCommerceSandbox({ seed: 3, products: 40, orders: 40, hostLimit: limit });
  try {
    const policy = woocommerceRateLimit(limit);
    const ctx = createConnectionContext(woocommercePlugin, {
      connectionId: 'bench',
      connectionKey: `bench:${sb.baseUrl}`,
      store: woocommercePlugin.auth.resolveStore(sb.baseUrl),
      credentials: { consumerKey: sb.consumerKey, consumerSecret: sb.consumerSecret },
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
    // Interleave writes among reads.
    const order = ops.map((_, i) => i).sort((a, b) => ((a * 7919) % ops.length) - ((b * 7919) % ops.length));
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < order.length) await ops[order[next++]]();
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const stats = sb.sandbox.stats();
    const allowedRate = limit.requests / limit.windowSeconds;
    const theoretical = (limit.requests * Math.ceil(seconds / limit.windowSeconds)) / seconds;
    const achieved = stats.requests / seconds;
    const figures = {
      hostLimit: host,
      scale,
      requests: stats.requests,
      seconds,
      achievedPerSecond: achieved,
      shareOfHostRate: achieved / allowedRate,
      shareOfWindowMaximum: achieved / theoretical,
      throttled: stats.throttled,
    };
    const lines = [
      `WooCommerce behind a host limit of ${host.requests} requests / ${host.windowSeconds} s (sliding), scaled ×${scale}: ${limit.requests} / ${limit.windowSeconds} s`,
      `governor policy:       ${JSON.stringify(policy)}`,
      `operations:            ${reads} product reads + ${orderReads} order reads + ${writes} product writes, ${concurrency} concurrent`,
      `requests at sandbox:   ${stats.requests}`,
      `elapsed:               ${seconds.toFixed(2)} s`,
      `achieved:              ${achieved.toFixed(2)} requests/s (${(achieved / scale).toFixed(2)} at the unscaled limit)`,
      `share of host rate:    ${(figures.shareOfHostRate * 100).toFixed(1)} % of ${allowedRate} requests/s; ${(figures.shareOfWindowMaximum * 100).toFixed(1)} % of the sliding-window maximum over the run`,
      `throttled responses:   ${stats.throttled}`,
    ];
    return { ...figures, lines };
  } finally {
    await sb.close();
  }
}
