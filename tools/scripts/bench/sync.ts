/**
 * Sync engine benchmark (not a test; never runs in `npm test`).
 *
 *   npm run bench:sync
 *   BENCH_RECORDS=2000 BENCH_PUSH_PRODUCTS=500 npm run bench:sync
 *   BENCH_ONLY=push npm run bench:sync      (or import)
 *
 * Needs Postgres (the test database server, see @storebridge/persistence/testing)
 * and Redis (REDIS_URL). Prints:
 *   - import throughput (products/s, orders/s into Postgres) from a Shopify
 *     sandbox with rate limiting off, next to the time the plugin alone takes
 *     to page through the same sandbox (the floor); target ≤ 1.5× the floor;
 *   - push fan-out of BENCH_PUSH_PRODUCTS products to 5 stores (deliveries/s)
 *     next to the raw Bull throughput of `noop` jobs on the System queue in
 *     the same run; target ≥ 25%.
 */
import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { createApp, loadConfig } from '@storebridge/api';
import { ProductsService } from '@storebridge/catalog';
import { ConnectionsService, PLUGIN_REGISTRY, type PluginRegistryPort } from '@storebridge/connections';
import type { ProviderPlugin } from '@storebridge/contracts';
import { createTestDatabase } from '@storebridge/persistence/testing';
import { createConnectionContext } from '@storebridge/plugin-sdk';
import { startShopifySandbox, type RunningShopifySandbox } from '@storebridge/plugin-shopify/testing';
import { ImportRunner, QueueName, SyncJobsService } from '@storebridge/sync';
import { TenancyService, TenantContext, type TenantScope } from '@storebridge/tenancy';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1000);
const PUSH_PRODUCTS = Number(process.env.BENCH_PUSH_PRODUCTS ?? 1000);
const STORES = 5;
const PAGE = 100;
const NOOP_JOBS = 5000;
const ONLY = process.env.BENCH_ONLY ?? '';
if (!['', 'import', 'push'].includes(ONLY)) throw new Error('BENCH_ONLY must be import or push');

const secondsSince = (t: number) => (performance.now() - t) / 1000;

/** The floor: the plugin alone paging through the sandbox, nothing written. */
async function pagingFloor(plugin: ProviderPlugin, sandbox: RunningShopifySandbox): Promise<{ products: number; orders: number }> {
  const ctx = createConnectionContext(plugin, {
    connectionId: 'floor',
    connectionKey: 'floor-' + randomBytes(3).toString('hex'),
    store: plugin.auth.resolveStore(sandbox.baseUrl),
    credentials: { accessToken: sandbox.accessToken },
  });
  const time = async (list: (cursor: string | null) => Promise<{ items: unknown[]; nextCursor: string | null }>) => {
    const t = performance.now();
    let cursor: string | null = null;
    let n = 0;
    do {
      const page = await list(cursor);
      n += page.items.length;
      cursor = page.nextCursor;
    } while (cursor);
    if (n !== RECORDS) throw new Error(`floor paged ${n} records, expected ${RECORDS}`);
    return secondsSince(t);
  };
  const products = plugin.createProductPort(ctx);
  const orders = plugin.createOrderPort(ctx);
  return { products: await time((cursor) => products.list({ limit: PAGE, cursor })), orders: await time((cursor) => orders.list({ limit: PAGE, cursor })) };
}

async function connect(app: INestApplication, scope: TenantScope, plugin: ProviderPlugin, sandbox: RunningShopifySandbox): Promise<string> {
  const connections = app.get(ConnectionsService, { strict: false });
  return app.get(TenantContext, { strict: false }).run(scope, async () => {
    const conn = await connections.create({ provider: plugin.code, category: 'commerce', store: plugin.auth.resolveStore(sandbox.baseUrl), credentials: { accessToken: sandbox.accessToken } });
    await connections.setStatus(conn, 'ACTIVE');
    return conn.id;
  });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Import throughput next to the paging floor. */
async function benchImport(app: INestApplication, plugin: ProviderPlugin, importStore: RunningShopifySandbox): Promise<string[]> {
  const tenancy = app.get(TenancyService, { strict: false });
  const context = app.get(TenantContext, { strict: false });
  const floor = await pagingFloor(plugin, importStore);
  const t1 = await tenancy.createTenant('bench-import');
  const scope1 = { tenantId: t1.tenantId, orgId: t1.orgId };
  const importConn = await connect(app, scope1, plugin, importStore);
  const runImport = (object: 'products' | 'orders') =>
    context.run(scope1, async () => {
      const { jobId } = await app.get(SyncJobsService, { strict: false }).requestImport(importConn, { objects: [object], mode: 'full' }, undefined, 'bench', true);
      const t = performance.now();
      const summary = await app.get(ImportRunner, { strict: false }).run(jobId);
      if (summary.objects[0].records !== RECORDS) throw new Error(`imported ${summary.objects[0].records} ${object}, expected ${RECORDS}`);
      return secondsSince(t);
    });
  const productsSecs = await runImport('products');
  const ordersSecs = await runImport('orders');
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  return [
    `import ${RECORDS} products: ${productsSecs.toFixed(2)} s (${(RECORDS / productsSecs).toFixed(0)} products/s); plugin paging floor ${floor.products.toFixed(2)} s → ${ratio(productsSecs, floor.products)}× floor (target ≤ 1.5×)`,
    `import ${RECORDS} orders:   ${ordersSecs.toFixed(2)} s (${(RECORDS / ordersSecs).toFixed(0)} orders/s); plugin paging floor ${floor.orders.toFixed(2)} s → ${ratio(ordersSecs, floor.orders)}× floor (target ≤ 1.5×)`,
  ];
}

/** Raw Bull (noop jobs) and the push fan-out, in the same run. */
async function benchPush(app: INestApplication, plugin: ProviderPlugin, pushStores: RunningShopifySandbox[]): Promise<string[]> {
  const tenancy = app.get(TenancyService, { strict: false });
  const context = app.get(TenantContext, { strict: false });

  // --- raw Bull ----------------------------------------------------------
  const system = app.get<Queue>(getQueueToken(QueueName.System), { strict: false });
  const tNoop = performance.now();
  await system.addBulk(Array.from({ length: NOOP_JOBS }, () => ({ name: 'noop', data: {}, opts: { removeOnComplete: true } })));
  await waitFor(async () => {
    const c = await system.getJobCounts('waiting', 'active', 'delayed');
    return c.waiting + c.active + c.delayed === 0;
  });
  const noopPerSec = NOOP_JOBS / secondsSince(tNoop);

  // --- push fan-out --------------------------------------------------------
  const t2 = await tenancy.createTenant('bench-push');
  const scope2 = { tenantId: t2.tenantId, orgId: t2.orgId };
  for (const s of pushStores) await connect(app, scope2, plugin, s);
  const ids = await context.run(scope2, async () => {
    const products = app.get(ProductsService, { strict: false });
    const out: string[] = [];
    for (let i = 0; i < PUSH_PRODUCTS; i++) {
      const { product } = await products.create({ productName: `Bench ${i}`, productType: 'Bench', variants: [{ sku: `BENCH-${i}`, price: '10.00' }] });
      out.push(product.id);
    }
    return out;
  });
  const ds = app.get(DataSource);
  const tPush = performance.now();
  await context.run(scope2, async () => {
    const jobs = app.get(SyncJobsService, { strict: false });
    for (const productId of ids) await jobs.requestPush({ productId, action: 'UPSERT' });
  });
  const expected = PUSH_PRODUCTS * STORES;
  await waitFor(async () => {
    const [row] = await ds.query(`SELECT count(*)::int AS n FROM sync_deliveries WHERE tenant_id = $1 AND status IN ('succeeded', 'failed', 'skipped')`, [t2.tenantId]);
    return row.n >= expected;
  });
  const pushSecs = secondsSince(tPush);
  const [failed] = await ds.query(`SELECT count(*)::int AS n FROM sync_deliveries WHERE tenant_id = $1 AND status = 'failed'`, [t2.tenantId]);
  const deliveriesPerSec = expected / pushSecs;
  return [
    `push ${PUSH_PRODUCTS} products × ${STORES} stores: ${pushSecs.toFixed(2)} s, ${deliveriesPerSec.toFixed(0)} deliveries/s (${failed.n} failed)`,
    `raw Bull noop: ${noopPerSec.toFixed(0)} jobs/s → fan-out at ${((deliveriesPerSec / noopPerSec) * 100).toFixed(0)}% of raw Bull (target ≥ 25%)`,
  ];
}

async function main(): Promise<void> {
  Object.assign(process.env, { SYNC_TICK_MS: '0', SYNC_IMPORT_PAGE_SIZE: String(PAGE), SYNC_DELIVERY_CONCURRENCY: process.env.SYNC_DELIVERY_CONCURRENCY ?? '16' });
  const db = await createTestDatabase('sb_bench_sync');
  const importStore = ONLY === 'push' ? null : await startShopifySandbox({ seed: 3, products: RECORDS, orders: RECORDS, limitScale: 1_000_000 });
  const pushStores = ONLY === 'import' ? [] : await Promise.all(Array.from({ length: STORES }, (_, i) => startShopifySandbox({ seed: 10 + i, products: 1, orders: 0, limitScale: 1_000_000 })));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: db.url,
    REDIS_URL: process.env.REDIS_URL,
    ADMIN_TOKEN: 'bench-' + randomBytes(8).toString('hex'),
    STOREBRIDGE_MASTER_KEY: randomBytes(32).toString('base64'),
    STOREBRIDGE_PLUGINS: 'shopify',
    STOREBRIDGE_QUEUE_PREFIX: 'sbbench_' + randomBytes(4).toString('hex'),
    STOREBRIDGE_DATA_DIR: `tmp/bench-sync-${process.pid}`,
  });
  const started = await createApp(config);
  await started.app.init();
  const app = started.app;
  try {
    const plugin = app.get<PluginRegistryPort>(PLUGIN_REGISTRY, { strict: false }).get('shopify');
    if (!plugin) throw new Error('the shopify plugin is not loaded');
    const lines: string[] = [];
    if (importStore) lines.push(...(await benchImport(app, plugin, importStore)));
    if (pushStores.length) lines.push(...(await benchPush(app, plugin, pushStores)));
    console.log('\nsync benchmark');
    for (const line of lines) console.log(line);
  } finally {
    await started.close();
    await Promise.all([importStore?.close(), ...pushStores.map((s) => s.close())]);
    await db.drop();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
