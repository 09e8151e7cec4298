/**
 * Sync engine benchmark (not a test; never runs in `npm test`).
 *
 *   npm run bench:sync
 *   BENCH_RECORDS=2000 BENCH_PUSH_PRODUCTS=500 npm run bench:sync
 *   BENCH_ONLY=push npm run bench:sync      (or import)
 *   BENCH_ROUNDS=5 BENCH_ONLY=import npm run bench:sync
 *
 * Needs Postgres (the test database server, see @storebridge/persistence/testing)
 * and Redis (REDIS_URL). Prints:
 *   - import throughput (products/s, orders/s into Postgres) from a Shopify
 *     sandbox with rate limiting off, next to the time the plugin alone takes
 *     to page through the same sandbox (the floor); target ≤ 1.5× the floor.
 *     The import half runs BENCH_ROUNDS rounds (default 3; each: the
 *     floor, the host-paced floor, an import into a new tenant) and reports
 *     the median ratio with every round's: this machine's speed drifts by
 *     tens of per cent within a minute, and one round can land anywhere.
 *     Also next to the same paging through the host's connection context
 *     (paced by the Redis governor, as the import is), and with the CPU
 *     each process used and the import's WAL. The CPU the import took in
 *     all processes (the stores' too: they share the machine), spread over
 *     every core, is the least time any schedule could take: where it is
 *     above the target, only less work meets it. Both sides are timed warm:
 *     the paging and an import of each object into another tenant go
 *     first, not timed;
 *   - push fan-out of BENCH_PUSH_PRODUCTS products to 5 stores (deliveries/s)
 *     next to the raw Bull throughput of `noop` jobs on the System queue in
 *     the same run; target ≥ 25%. The clock runs from the first push request
 *     (recorded through SyncJobsService as the API does, API_CALLERS at a
 *     time) until every delivery row is final; each store must then hold
 *     every product exactly once. The CPU a delivery took in all
 *     processes, spread over every core, bounds the rate any schedule
 *     could reach; it is printed next to raw Bull too.
 *     Both are measured warm, as a server runs: BENCH_WARMUP_PRODUCTS pushes
 *     (another tenant, same stores) and a round of noop jobs go first, not
 *     timed, so the JIT has compiled the paths they take. Raw Bull is timed
 *     right before and right after the push, and the push is compared with
 *     their mean: on a shared machine the speed drifts within a run.
 * Every store (the import's and the 5 push stores) runs in a child process:
 * to the floor's plugin and to the app a store is what a provider is, an
 * HTTP peer, and its GraphQL work is not ours to count on our event loop.
 */
import { fork } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { Server } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import type { INestApplication } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { createApp, loadConfig } from '@storebridge/api';
import { ProductsService } from '@storebridge/catalog';
import { CONNECTION_CONTEXT_FACTORY, ConnectionsService, PLUGIN_REGISTRY, type ConnectionContextFactory, type PluginRegistryPort } from '@storebridge/connections';
import type { ProviderPlugin } from '@storebridge/contracts';
import { createTestDatabase } from '@storebridge/persistence/testing';
import { createConnectionContext } from '@storebridge/plugin-sdk';
import { SandboxControl } from '@storebridge/plugin-sdk/testing';
import { startShopifySandbox } from '@storebridge/plugin-shopify/testing';
import { ALL_QUEUES, ImportRunner, QueueName, SyncJobsService } from '@storebridge/sync';
import { TenancyService, TenantContext, type TenantScope } from '@storebridge/tenancy';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1000);
const PUSH_PRODUCTS = Number(process.env.BENCH_PUSH_PRODUCTS ?? 1000);
const STORES = 5;
const PAGE = 100;
/** Rounds of the import half (each: floor, host-paced floor, import into a new tenant); the median is the figure. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const NOOP_JOBS = 5000;
const WARMUP_PRODUCTS = Number(process.env.BENCH_WARMUP_PRODUCTS ?? 1000);
/** Push requests in flight at once, as from that many API clients. */
const API_CALLERS = 8;
const ONLY = process.env.BENCH_ONLY ?? '';
if (!['', 'import', 'push'].includes(ONLY)) throw new Error('BENCH_ONLY must be import or push');
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error('BENCH_ROUNDS must be a whole number ≥ 1');

const STORES_PROCESS_FLAG = '--stores';

const secondsSince = (t: number) => (performance.now() - t) / 1000;

/** A store as the connection sees it. */
interface BenchStore {
  baseUrl: string;
  accessToken: string;
}

/** What a child process starts: sandbox options of each store. */
type StoreSpec = { seed: number; products: number; orders: number };

/** The child process: starts the stores it is given, says where they are, and stops when the parent lets go. */
async function serveStores(specs: StoreSpec[]): Promise<void> {
  const stores = await Promise.all(specs.map((spec) => startShopifySandbox({ ...spec, limitScale: 1_000_000 })));
  // The sandbox announces a 1 s keep-alive, which undici treats as too short to reuse a socket for
  // (its threshold is 1 s too): every call would open a new connection, which a provider keeping
  // connections alive does not cost. The stores here keep them for a minute, like an API's load balancer.
  for (const s of stores) {
    const server = (s.sandbox as unknown as { server?: Server }).server;
    if (server) server.keepAliveTimeout = 60_000;
  }
  process.once('disconnect', () => void Promise.all(stores.map((s) => s.close())).then(() => process.exit(0)));
  // The parent asks how much CPU the stores used, to show what the emulated provider costs.
  process.on('message', (m) => m === 'cpu' && process.send?.({ cpuMs: cpuMs() }));
  process.send?.({ stores: stores.map((s): BenchStore => ({ baseUrl: s.baseUrl, accessToken: s.accessToken })) });
}

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * CPU time (ms) the machine's Postgres and Redis processes have used so far,
 * read from /proc (Linux; null elsewhere). They share the two cores with the
 * app and the stores, so their cost per delivery belongs in the figures.
 */
function serviceCpuMs(): { postgres: number; redis: number } | null {
  if (!existsSync('/proc/self/stat')) return null;
  const ticksPerMs = 100 / 1000; // USER_HZ: 100 on every Linux build we run on.
  const out = { postgres: 0, redis: 0 };
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const which = comm === 'postgres' ? 'postgres' : comm === 'redis-server' ? 'redis' : null;
    if (!which) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime, stime, and cutime, cstime: what its reaped children used (Postgres' backends that ended meanwhile, e.g. a pool's idle ones).
    out[which] += (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / ticksPerMs;
  }
  return out;
}

/** CPU time (ms) used so far by the app, the stores' process, Postgres and Redis. */
interface CpuSnapshot {
  app: number;
  stores: number;
  services: { postgres: number; redis: number } | null;
}

async function cpuSnapshot(stores: BenchStores): Promise<CpuSnapshot> {
  return { app: cpuMs(), stores: await stores.cpuMs(), services: serviceCpuMs() };
}

/** CPU ms each process used between two snapshots, per `per` units of work (Postgres and Redis only where /proc tells). */
function cpuPer(before: CpuSnapshot, after: CpuSnapshot, per: number): { app: number; stores: number; services: { postgres: number; redis: number } | null } {
  const ms = (a: number, b: number) => (b - a) / per;
  return {
    app: ms(before.app, after.app),
    stores: ms(before.stores, after.stores),
    services: before.services && after.services ? { postgres: ms(before.services.postgres, after.services.postgres), redis: ms(before.services.redis, after.services.redis) } : null,
  };
}

type CpuUse = ReturnType<typeof cpuPer>;

/** A CPU use scaled by `k` (per unit of work). */
function scaleCpu(u: CpuUse, k: number): CpuUse {
  return { app: u.app * k, stores: u.stores * k, services: u.services ? { postgres: u.services.postgres * k, redis: u.services.redis * k } : null };
}

/** The mean of `uses` (the CPU ms each round used). */
function meanCpu(uses: CpuUse[]): CpuUse {
  const total = uses.reduce<CpuUse>(
    (a, u) => ({
      app: a.app + u.app,
      stores: a.stores + u.stores,
      services: a.services && u.services ? { postgres: a.services.postgres + u.services.postgres, redis: a.services.redis + u.services.redis } : null,
    }),
    { app: 0, stores: 0, services: { postgres: 0, redis: 0 } },
  );
  return scaleCpu(total, 1 / uses.length);
}

/** The CPU of every process together (app, stores, Postgres and Redis where known). */
function totalCpu(u: CpuUse): number {
  return u.app + u.stores + (u.services ? u.services.postgres + u.services.redis : 0);
}

function cpuText(u: CpuUse): string {
  const services = u.services ? `, Postgres ${u.services.postgres.toFixed(2)}, Redis ${u.services.redis.toFixed(2)}` : '';
  return `app ${u.app.toFixed(2)}, stores ${u.stores.toFixed(2)}${services}`;
}

/** The middle value (of an odd count; the upper middle of an even one). */
function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

/** One round of an object's import half: both floors and the import, timed, with the CPU each used and the import's WAL. */
interface ImportRound {
  floorSecs: number;
  hostFloorSecs: number;
  importSecs: number;
  floorCpu: CpuUse;
  importCpu: CpuUse;
  walBytes: number;
}

interface BenchStores {
  stores: BenchStore[];
  /** CPU time the stores' process has used so far. */
  cpuMs(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Stores in a process of their own, as a provider is on machines of its own:
 * their work does not run on the event loop of the app (or of the floor's
 * plugin) it serves.
 */
async function startStores(specs: StoreSpec[]): Promise<BenchStores> {
  const child = fork(__filename, [STORES_PROCESS_FLAG, JSON.stringify(specs)], { execArgv: process.execArgv, stdio: 'inherit' });
  const stores = await new Promise<BenchStore[]>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { stores: BenchStore[] }).stores));
    child.once('exit', (code) => reject(new Error(`the stores' process exited (${code})`)));
  });
  return {
    stores,
    cpuMs: async () => {
      const answer = new Promise<number>((resolve) => child.once('message', (m) => resolve((m as { cpuMs: number }).cpuMs)));
      child.send('cpu');
      return answer;
    },
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.disconnect();
      await exited;
    },
  };
}

/**
 * The floor: the plugin alone paging through the sandbox's `object`, nothing
 * written; seconds. Its calls are paced in memory, the cheapest pacing
 * there is. With `host`, the plugin gets its context from the host's
 * factory instead, as an import does: paced by the Redis governor every
 * process of a deployment shares (a round trip before each call).
 */
async function pagingFloor(plugin: ProviderPlugin, sandbox: BenchStore, object: 'products' | 'orders', host?: ConnectionContextFactory): Promise<number> {
  const connection = {
    connectionId: 'floor-' + randomBytes(3).toString('hex'),
    store: plugin.auth.resolveStore(sandbox.baseUrl),
    credentials: { accessToken: sandbox.accessToken },
  };
  const ctx = host ? host.create(plugin, { ...connection, app: {} }) : createConnectionContext(plugin, { ...connection, connectionKey: connection.connectionId });
  const port = object === 'products' ? plugin.createProductPort(ctx) : plugin.createOrderPort(ctx);
  const t = performance.now();
  let cursor: string | null = null;
  let n = 0;
  do {
    const page: { items: unknown[]; nextCursor: string | null } = await port.list({ limit: PAGE, cursor });
    n += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  if (n !== RECORDS) throw new Error(`floor paged ${n} ${object}, expected ${RECORDS}`);
  return secondsSince(t);
}

async function connect(app: INestApplication, scope: TenantScope, plugin: ProviderPlugin, sandbox: BenchStore): Promise<string> {
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
async function benchImport(app: INestApplication, plugin: ProviderPlugin, importStores: BenchStores): Promise<string[]> {
  const tenancy = app.get(TenancyService, { strict: false });
  const context = app.get(TenantContext, { strict: false });
  const importStore = importStores.stores[0];
  const ds = app.get(DataSource, { strict: false });
  /** A tenant connected to the import store; answers the import of one object, timed. */
  const importer = async (name: string) => {
    const t = await tenancy.createTenant(name);
    const scope = { tenantId: t.tenantId, orgId: t.orgId };
    const conn = await connect(app, scope, plugin, importStore);
    return (object: 'products' | 'orders') =>
      context.run(scope, async () => {
        const { jobId } = await app.get(SyncJobsService, { strict: false }).requestImport(conn, { objects: [object], mode: 'full' }, undefined, 'bench', true);
        const t0 = performance.now();
        const summary = await app.get(ImportRunner, { strict: false }).run(jobId);
        if (summary.objects[0].records !== RECORDS) throw new Error(`imported ${summary.objects[0].records} ${object}, expected ${RECORDS}`);
        return secondsSince(t0);
      });
  };
  // Warm-up, not timed: the paging and an import of each object into another tenant, so both sides are timed warm.
  const objects = ['products', 'orders'] as const;
  const host = app.get<ConnectionContextFactory>(CONNECTION_CONTEXT_FACTORY, { strict: false });
  for (const object of objects) await pagingFloor(plugin, importStore, object);
  for (const object of objects) await pagingFloor(plugin, importStore, object, host);
  const warmImport = await importer('bench-import-warmup');
  for (const object of objects) await warmImport(object);
  const lines: string[] = [];
  for (const object of objects) {
    const rounds: ImportRound[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const runImport = await importer(`bench-import-${object}-${r}`);
      const c0 = await cpuSnapshot(importStores);
      const floorSecs = await pagingFloor(plugin, importStore, object);
      const c1 = await cpuSnapshot(importStores);
      const hostFloorSecs = await pagingFloor(plugin, importStore, object, host);
      const c1h = await cpuSnapshot(importStores);
      const [{ lsn }] = await ds.query(`SELECT pg_current_wal_lsn()::text AS lsn`);
      const importSecs = await runImport(object);
      const c2 = await cpuSnapshot(importStores);
      const [{ wal }] = await ds.query(`SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1)::bigint AS wal`, [lsn]);
      rounds.push({ floorSecs, hostFloorSecs, importSecs, floorCpu: cpuPer(c0, c1, 1), importCpu: cpuPer(c1h, c2, 1), walBytes: Number(wal) });
    }
    const ratios = rounds.map((r) => r.importSecs / r.floorSecs);
    const mid = rounds[ratios.indexOf(median(ratios))];
    const hostRatio = median(rounds.map((r) => r.importSecs / r.hostFloorSecs));
    const per1000 = (use: CpuUse) => cpuText(scaleCpu(use, 1000 / RECORDS));
    // Each round's CPU in all processes over its floor's time: spread over every core, no schedule finishes sooner.
    const cpuOverFloor = median(rounds.map((r) => totalCpu(r.importCpu) / 1000 / r.floorSecs));
    const cores = availableParallelism();
    lines.push(
      `import ${RECORDS} ${object}: ${median(ratios).toFixed(2)}× the plugin's paging floor (target ≤ 1.5×), the median of ${ROUNDS} rounds: ${ratios.map((x) => `${x.toFixed(2)}×`).join(', ')}`,
      `  median round: import ${mid.importSecs.toFixed(2)} s (${(RECORDS / mid.importSecs).toFixed(0)} ${object}/s), floor ${mid.floorSecs.toFixed(2)} s`,
      `  the same paging through the host's Redis-paced client: import at ${hostRatio.toFixed(2)}× it (median)`,
      `  floor  CPU ms per 1000 ${object}: ${per1000(meanCpu(rounds.map((r) => r.floorCpu)))}`,
      `  import CPU ms per 1000 ${object}: ${per1000(meanCpu(rounds.map((r) => r.importCpu)))}; WAL ${(median(rounds.map((r) => r.walBytes)) / RECORDS / 1024).toFixed(1)} KiB per record`,
      `  the import's CPU in all processes, spread over ${cores} cores: at least ${(cpuOverFloor / cores).toFixed(2)}× floor however it is scheduled (median)`,
    );
  }
  return lines;
}

/** Raw Bull (noop jobs) and the push fan-out, in the same run. */
async function benchPush(app: INestApplication, plugin: ProviderPlugin, stores: BenchStores): Promise<string[]> {
  const pushStores = stores.stores;
  const tenancy = app.get(TenancyService, { strict: false });
  const context = app.get(TenantContext, { strict: false });

  // --- raw Bull ----------------------------------------------------------
  const system = app.get<Queue>(getQueueToken(QueueName.System), { strict: false });
  const noops = async (jobs: number): Promise<{ perSec: number; cpuMs: number }> => {
    const t = performance.now();
    const cpu = cpuMs();
    await system.addBulk(Array.from({ length: jobs }, () => ({ name: 'noop', data: {}, opts: { removeOnComplete: true } })));
    await waitFor(async () => {
      const c = await system.getJobCounts('waiting', 'active', 'delayed');
      return c.waiting + c.active + c.delayed === 0;
    });
    return { perSec: jobs / secondsSince(t), cpuMs: (cpuMs() - cpu) / jobs };
  };
  await noops(NOOP_JOBS / 5); // warm-up, not timed
  const noopBefore = await noops(NOOP_JOBS);

  // --- push fan-out --------------------------------------------------------
  const pushAll = (scope: TenantScope, productIds: string[]) =>
    context.run(scope, async () => {
      // The requests come as from API_CALLERS clients at once, each waiting for its 202 before the next.
      const jobs = app.get(SyncJobsService, { strict: false });
      const queue = [...productIds];
      const caller = async () => {
        for (let productId = queue.shift(); productId; productId = queue.shift()) await jobs.requestPush({ productId, action: 'UPSERT' });
      };
      await Promise.all(Array.from({ length: API_CALLERS }, caller));
    });
  const createProducts = (scope: TenantScope, n: number, label: string) =>
    context.run(scope, async () => {
      const products = app.get(ProductsService, { strict: false });
      const out: string[] = [];
      for (let i = 0; i < n; i++) {
        const { product } = await products.create({ productName: `${label} ${i}`, productType: 'Bench', variants: [{ sku: `${label.toUpperCase()}-${i}`, price: '10.00' }] });
        out.push(product.id);
      }
      return out;
    });
  const ds = app.get(DataSource);
  const push = app.get<Queue>(getQueueToken(QueueName.SyncPush), { strict: false });
  /**
   * Until every delivery of the tenant is final. The rows are counted only
   * once the push queue has nothing left to run: that count scans the
   * table, and polled every 50 ms it cost Postgres more than the statements it waits for.
   */
  const allDelivered = (tenantId: string, expected: number) =>
    waitFor(async () => {
      const c = await push.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      if (c.waiting + c.active + c.delayed + c.prioritized > 0) return false;
      const [row] = await ds.query(`SELECT count(*)::int AS n FROM sync_deliveries WHERE tenant_id = $1 AND status IN ('succeeded', 'failed', 'skipped')`, [tenantId]);
      return row.n >= expected;
    });

  // Warm-up: the same path (requests, fan-outs, deliveries to the same stores), another tenant, not timed.
  const warm = await tenancy.createTenant('bench-warmup');
  const warmScope = { tenantId: warm.tenantId, orgId: warm.orgId };
  for (const s of pushStores) await connect(app, warmScope, plugin, s);
  await pushAll(warmScope, await createProducts(warmScope, WARMUP_PRODUCTS, 'Warmup'));
  await allDelivered(warm.tenantId, WARMUP_PRODUCTS * STORES);

  const t2 = await tenancy.createTenant('bench-push');
  const scope2 = { tenantId: t2.tenantId, orgId: t2.orgId };
  for (const s of pushStores) await connect(app, scope2, plugin, s);
  const ids = await createProducts(scope2, PUSH_PRODUCTS, 'Bench');
  const tPush = performance.now();
  const cpuBefore = await cpuSnapshot(stores);
  await pushAll(scope2, ids);
  const expected = PUSH_PRODUCTS * STORES;
  await allDelivered(t2.tenantId, expected);
  const pushSecs = secondsSince(tPush);
  const used = cpuPer(cpuBefore, await cpuSnapshot(stores), expected);
  const servicesCpu = used.services ? `, ${used.services.postgres.toFixed(2)} ms in Postgres, ${used.services.redis.toFixed(2)} ms in Redis` : '';
  const [failed] = await ds.query(`SELECT count(*)::int AS n FROM sync_deliveries WHERE tenant_id = $1 AND status = 'failed'`, [t2.tenantId]);
  const deliveriesPerSec = expected / pushSecs;
  // All the CPU a delivery took (app, stores, Postgres, Redis), spread over every core: no schedule delivers faster.
  const deliveryCpuMs = totalCpu(used);
  const cores = availableParallelism();
  const ceiling = (cores * 1000) / deliveryCpuMs;
  const noopAfter = await noops(NOOP_JOBS);
  const noopPerSec = (noopBefore.perSec + noopAfter.perSec) / 2;
  const noopCpuMs = (noopBefore.cpuMs + noopAfter.cpuMs) / 2;
  for (const s of pushStores) {
    const held = (await new SandboxControl(s.baseUrl).stats()).records.products;
    const want = 1 + WARMUP_PRODUCTS + PUSH_PRODUCTS;
    if (held !== want) throw new Error(`store ${s.baseUrl} holds ${held} products, expected ${want} (its seed + every pushed one once)`);
  }
  return [
    `push ${PUSH_PRODUCTS} products × ${STORES} stores: ${pushSecs.toFixed(2)} s, ${deliveriesPerSec.toFixed(0)} deliveries/s (${failed.n} failed)`,
    `raw Bull noop: ${noopBefore.perSec.toFixed(0)} jobs/s before, ${noopAfter.perSec.toFixed(0)} after (mean ${noopPerSec.toFixed(0)}) → fan-out at ${((deliveriesPerSec / noopPerSec) * 100).toFixed(0)}% of raw Bull (target ≥ 25%)`,
    `CPU per delivery: ${used.app.toFixed(2)} ms in the app process (a noop job: ${noopCpuMs.toFixed(2)} ms), ${used.stores.toFixed(2)} ms in the stores' process${servicesCpu}`,
    `  at ${deliveryCpuMs.toFixed(2)} ms of CPU in all processes, ${cores} cores deliver at most ${ceiling.toFixed(0)}/s (${((ceiling / noopPerSec) * 100).toFixed(0)}% of raw Bull) however the work is scheduled`,
  ];
}

async function main(): Promise<void> {
  const load = loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
  const db = await createTestDatabase('sb_bench_sync');
  const importStores = ONLY === 'push' ? null : await startStores([{ seed: 3, products: RECORDS, orders: RECORDS }]);
  const pushStores = ONLY === 'import' ? null : await startStores(Array.from({ length: STORES }, (_, i) => ({ seed: 10 + i, products: 1, orders: 0 })));
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
    SYNC_TICK_MS: '0',
    SYNC_IMPORT_PAGE_SIZE: String(PAGE),
    // Deliveries run at the host's default concurrency unless the caller sets it.
    SYNC_DELIVERY_CONCURRENCY: process.env.SYNC_DELIVERY_CONCURRENCY,
  });
  const started = await createApp(config);
  await started.app.init();
  const app = started.app;
  try {
    const plugin = app.get<PluginRegistryPort>(PLUGIN_REGISTRY, { strict: false }).get('shopify');
    if (!plugin) throw new Error('the shopify plugin is not loaded');
    const lines: string[] = [];
    if (importStores) lines.push(...(await benchImport(app, plugin, importStores)));
    if (pushStores) lines.push(...(await benchPush(app, plugin, pushStores)));
    console.log(`\nsync benchmark (load average before: ${load})`);
    for (const line of lines) console.log(line);
  } finally {
    // The run's queues (their prefix is its own) go with it.
    await Promise.all(ALL_QUEUES.map((name) => app.get<Queue>(getQueueToken(name), { strict: false }).obliterate({ force: true }).catch(() => undefined)));
    await started.close();
    await Promise.all([importStores?.close(), pushStores?.close()]);
    await db.drop();
  }
}

const fail = (e: unknown) => {
  console.error(e);
  process.exit(1);
};
if (process.argv.includes(STORES_PROCESS_FLAG)) serveStores(JSON.parse(process.argv[process.argv.indexOf(STORES_PROCESS_FLAG) + 1]) as StoreSpec[]).catch(fail);
else main().then(() => process.exit(0), fail);
