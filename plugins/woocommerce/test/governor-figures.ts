/**
 * WooCommerce governor figures (not a spec: run it by hand, it takes ~20 s):
 *
 *   node --conditions=@storebridge/source -r @swc-node/register plugins/woocommerce/test/governor-figures.ts
 *
 * Product reads (2 requests each: product + variations), order reads and
 * product writes through the plugin, against its sandbox behind a host
 * limit of 25 requests in any 10 s (sliding window), paced by the SDK
 * governor with the plugin's default policy. Prints the requests per second
 * achieved as a share of what the host allows, and the throttled responses.
 * SCALE (default 10) shrinks the window to 10/SCALE s; the share is unchanged.
 */
import { createConnectionContext } from '@storebridge/plugin-sdk';
import { WOOCOMMERCE_DEFAULT_HOST_LIMIT, woocommercePlugin, woocommerceRateLimit } from '../src';
import { startWooCommerceSandbox } from '../src/testing';

const SCALE = Number(process.env.SCALE ?? 10);
const READS = Number(process.env.READS ?? 150);
const ORDER_READS = Number(process.env.ORDER_READS ?? 150);
const WRITES = Number(process.env.WRITES ?? 40);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);

async function main(): Promise<void> {
  const limit = { requests: WOOCOMMERCE_DEFAULT_HOST_LIMIT.requests, windowSeconds: WOOCOMMERCE_DEFAULT_HOST_LIMIT.windowSeconds / SCALE };
  const sb = await startWooCommerceSandbox({ seed: 3, products: 40, orders: 40, hostLimit: limit });
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
  for (let i = 0; i < READS; i++) ops.push(() => products.get(productIds[i % productIds.length]));
  for (let i = 0; i < ORDER_READS; i++) ops.push(() => orders.get(orderIds[i % orderIds.length]));
  for (let i = 0; i < WRITES; i++) ops.push(() => products.create({ productName: `Bench ${i}`, productType: 'Bench', tags: ['bench'], variants: [{ sku: `B-${i}`, price: '9.99', inventory: { totalCount: 1 } }] }));
  const order = ops.map((_, i) => i).sort((a, b) => ((a * 7919) % ops.length) - ((b * 7919) % ops.length));

  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < order.length) await ops[order[next++]]();
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const stats = sb.sandbox.stats();
  const allowedRate = limit.requests / limit.windowSeconds;
  // The most a sliding window lets through in `seconds`, starting empty: a full window's worth per window begun.
  const theoretical = (limit.requests * Math.ceil(seconds / limit.windowSeconds)) / seconds;
  const achieved = stats.requests / seconds;
  console.log(`host limit:            ${WOOCOMMERCE_DEFAULT_HOST_LIMIT.requests} requests / ${WOOCOMMERCE_DEFAULT_HOST_LIMIT.windowSeconds} s (sliding), scaled ×${SCALE}: ${limit.requests} / ${limit.windowSeconds} s`);
  console.log(`governor policy:       ${JSON.stringify(policy)}`);
  console.log(`operations:            ${READS} product reads + ${ORDER_READS} order reads + ${WRITES} product writes, ${CONCURRENCY} concurrent`);
  console.log(`requests at sandbox:   ${stats.requests}`);
  console.log(`elapsed:               ${seconds.toFixed(2)} s`);
  console.log(`achieved:              ${achieved.toFixed(2)} requests/s (${(achieved / SCALE).toFixed(2)} at the unscaled limit)`);
  console.log(`share of host rate:    ${((achieved / allowedRate) * 100).toFixed(1)} % of ${allowedRate} requests/s; ${((achieved / theoretical) * 100).toFixed(1)} % of the sliding-window maximum over the run`);
  console.log(`throttled responses:   ${stats.throttled}`);
  await sb.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
