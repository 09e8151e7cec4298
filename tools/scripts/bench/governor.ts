/**
 * `npm run bench:governor`: 2,000 product reads and 500 product writes
 * through the Shopify plugin against its sandbox at the Standard plan's
 * published GraphQL limits, paced by the SDK governor. Prints the cost
 * points per second achieved as a share of the theoretical maximum, and the
 * throttled responses (target: ≥ 90 %, zero throttled).
 *
 * To finish in seconds, bucket and restore rate are both scaled by SCALE
 * (default 10); their ratio — and so the share — is that of the plan.
 */
import { createConnectionContext } from '@storebridge/plugin-sdk';
import { shopifyPlugin, SHOPIFY_PLAN_LIMITS } from '@storebridge/plugin-shopify';
import { startShopifySandbox } from '@storebridge/plugin-shopify/testing';

const READS = Number(process.env.READS ?? 2000);
const WRITES = Number(process.env.WRITES ?? 500);
const SCALE = Number(process.env.SCALE ?? 10);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32);

async function main(): Promise<void> {
  const plan = SHOPIFY_PLAN_LIMITS.standard;
  const sb = await startShopifySandbox({ seed: 3, products: 100, orders: 10, plan: 'standard', limitScale: SCALE });
  const ctx = createConnectionContext(shopifyPlugin, {
    connectionId: 'bench',
    connectionKey: `bench:${sb.baseUrl}`,
    store: shopifyPlugin.auth.resolveStore(sb.baseUrl),
    credentials: { accessToken: sb.accessToken },
    // The plugin's published Standard policy, scaled like the sandbox.
    rateLimit: { kind: 'cost-points', maxAvailable: plan.maxAvailable * SCALE, restorePerSecond: plan.restorePerSecond * SCALE },
  });
  const products = shopifyPlugin.createProductPort(ctx);
  const ids: string[] = [];
  for (let cursor: string | null = null; ; ) {
    const page = await products.list({ limit: 250, cursor });
    ids.push(...page.items.map((p) => p.remoteId));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  // Start measuring from a full bucket, as the theoretical maximum assumes.
  await new Promise((r) => setTimeout(r, ((plan.maxAvailable * SCALE) / (plan.restorePerSecond * SCALE)) * 1000 + 200));
  sb.sandbox.resetStats();
  const pointsBefore = sb.sandbox.pointsCharged;

  const ops: Array<() => Promise<unknown>> = [];
  for (let i = 0; i < READS; i++) ops.push(() => products.get(ids[i % ids.length]));
  for (let i = 0; i < WRITES; i++) {
    ops.push(() =>
      products.create({
        productName: `Bench product ${i}`,
        productStatus: 'DRAFT',
        variants: [{ sku: `BENCH-${i}`, price: '9.99', optionValues: [{ name: 'Size', value: 'M' }], inventory: { totalCount: 1 }, weight: { value: 1, unit: 'kg' } }],
      }),
    );
  }
  // Interleave writes among reads.
  ops.sort((a, b) => (ops.indexOf(a) * 7919) % ops.length - (ops.indexOf(b) * 7919) % ops.length);

  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < ops.length) await ops[next++]();
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const points = sb.sandbox.pointsCharged - pointsBefore;
  const stats = sb.sandbox.stats();
  const restore = plan.restorePerSecond * SCALE;
  const bucket = plan.maxAvailable * SCALE;
  // Most that can be spent in `seconds`: the full bucket plus what it restores meanwhile.
  const theoretical = (bucket + restore * seconds) / seconds;
  const achieved = points / seconds;
  console.log(`Shopify GraphQL Admin, Standard plan (${plan.restorePerSecond} points/s, bucket ${plan.maxAvailable}) scaled ×${SCALE}: ${restore} points/s, bucket ${bucket}`);
  console.log(`operations:            ${READS} product reads + ${WRITES} product writes, ${CONCURRENCY} concurrent`);
  console.log(`requests at sandbox:   ${stats.requests}`);
  console.log(`elapsed:               ${seconds.toFixed(2)} s`);
  console.log(`cost points charged:   ${points}`);
  console.log(`achieved:              ${achieved.toFixed(1)} points/s (${(achieved / SCALE).toFixed(1)} at the unscaled plan)`);
  console.log(`theoretical maximum:   ${theoretical.toFixed(1)} points/s (bucket + restore over the run)`);
  console.log(`share of maximum:      ${((achieved / theoretical) * 100).toFixed(1)} %  (vs restore rate alone: ${((achieved / restore) * 100).toFixed(1)} %)`);
  console.log(`throttled responses:   ${stats.throttled}`);
  await sb.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
