/**
 * Governor figures for BigCommerce (not a jest spec: run it by hand):
 *   node --conditions=@storebridge/source -r @swc-node/register plugins/bigcommerce/test/governor.bench.ts
 *
 * READS product reads and WRITES product creates through the plugin against
 * its sandbox at the Standard plan's published quota (150 requests per 30 s
 * window), paced by the SDK governor. To finish in seconds the window is
 * shortened by SCALE (default 30: 150 per 1 s); the quota per window, and so
 * the share, is the plan's. Runs once with windows aligned to the epoch (what
 * the governor assumes) and once with windows that start at the first request
 * after the last one ended, and prints for each: requests the sandbox counted,
 * their share of the quota the elapsed windows allowed, and throttled (429)
 * responses.
 */
import { createConnectionContext } from '@storebridge/plugin-sdk';
import { bigcommercePlugin, BIGCOMMERCE_PLAN_QUOTAS, BIGCOMMERCE_WINDOW_MS } from '../src';
import { startBigcommerceSandbox } from '../src/testing';

const READS = Number(process.env.READS ?? 1200);
const WRITES = Number(process.env.WRITES ?? 100);
const SCALE = Number(process.env.SCALE ?? 30);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32);

async function run(alignment: 'epoch' | 'first-request'): Promise<void> {
  const quota = BIGCOMMERCE_PLAN_QUOTAS.standard;
  const windowMs = BIGCOMMERCE_WINDOW_MS / SCALE;
  const sb = await startBigcommerceSandbox({ seed: 3, products: 100, orders: 5, quota, windowMs, windowAlignment: alignment });
  const ctx = createConnectionContext(bigcommercePlugin, {
    connectionId: `bench-${alignment}`,
    connectionKey: `bench-${alignment}:${sb.baseUrl}`,
    store: bigcommercePlugin.auth.resolveStore(sb.baseUrl),
    credentials: { accessToken: sb.accessToken },
    rateLimit: { kind: 'fixed-window', limit: quota, windowMs },
    // Waits are at most one (short) window: never hand a 429 to the caller here.
    retry: { maxAttempts: 6 },
  });
  const products = bigcommercePlugin.createProductPort(ctx);
  const ids: string[] = [];
  for (let cursor: string | null = null; ; ) {
    const page = await products.list({ limit: 250, cursor });
    ids.push(...page.items.map((p) => p.remoteId));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  // Start from a fresh window, as the theoretical maximum assumes.
  await new Promise((r) => setTimeout(r, windowMs + 50));
  sb.sandbox.resetStats();
  const countedBefore = sb.sandbox.countedRequests;

  const ops: Array<() => Promise<unknown>> = [];
  for (let i = 0; i < READS; i++) ops.push(() => products.get(ids[i % ids.length]));
  for (let i = 0; i < WRITES; i++) {
    ops.splice(Math.floor((i * ops.length) / WRITES), 0, () =>
      products.create({
        productName: `Bench product ${alignment} ${i}`,
        productStatus: 'DRAFT',
        variants: [{ sku: `BENCH-${i}`, price: '9.99', optionValues: [{ name: 'Size', value: 'M' }], inventory: { totalCount: 1 }, weight: { value: 1, unit: 'kg' } }],
      }),
    );
  }
  const started = performance.now();
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < ops.length) await ops[next++]().catch(() => failed++);
    }),
  );
  const ms = performance.now() - started;
  const stats = sb.sandbox.stats();
  const counted = sb.sandbox.countedRequests - countedBefore;
  const allowed = (quota * ms) / windowMs;
  console.log(`BigCommerce Standard (${quota} req / ${BIGCOMMERCE_WINDOW_MS / 1000} s) window ÷${SCALE} = ${windowMs} ms, windows aligned to ${alignment}`);
  console.log(`  operations:          ${READS} product reads + ${WRITES} product creates (1 + 1 calls each), ${CONCURRENCY} concurrent, ${failed} failed`);
  console.log(`  requests counted:    ${counted} in ${(ms / 1000).toFixed(2)} s`);
  const answered = counted - stats.throttled;
  console.log(`  share of quota used: ${((answered / allowed) * 100).toFixed(1)} % (${answered} answered of ${Math.round(allowed)} the elapsed windows allowed; the governor keeps 5 % free)`);
  console.log(`  throttled (429):     ${stats.throttled}`);
  await sb.close();
}

async function main(): Promise<void> {
  const only = process.env.ALIGNMENT as 'epoch' | 'first-request' | undefined;
  if (only !== 'first-request') await run('epoch');
  if (only !== 'epoch') await run('first-request');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
