import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { createWorker, loadConfig } from '@storebridge/api';
import { startShopifySandbox, type RunningShopifySandbox } from '@storebridge/plugin-shopify/testing';
import { MAX_PAGES_AHEAD, SyncTickService } from '@storebridge/sync';
import { startTestApp, type TestApp, type TestTenant } from '../support/test-app';
import { connectSandbox, eventually, waitForJob, type JobView } from './sync-support';

const ROOT = path.resolve(__dirname, '../../../..');

/**
 * Imports from a Shopify sandbox of 1,000 products and 1,000 orders. The
 * app serves HTTP only; a child worker process starts the import and is
 * killed after its first checkpoint, then a worker in this process resumes
 * it. Every record lands once and no page is fetched twice over.
 */
jest.setTimeout(120_000);

describe('sync: imports with checkpoints', () => {
  let t: TestApp;
  let a: TestTenant;
  let b: TestTenant;
  let sandbox: RunningShopifySandbox;
  let connectionId = '';
  let child: ChildProcess | undefined;
  let worker: Awaited<ReturnType<typeof createWorker>> | undefined;
  const prefix = 'sbsync_' + randomBytes(4).toString('hex');
  const masterKey = randomBytes(32).toString('base64');
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    STOREBRIDGE_PLUGINS: 'shopify',
    STOREBRIDGE_QUEUE_PREFIX: prefix,
    STOREBRIDGE_MASTER_KEY: masterKey,
  };
  const syncEnv = { SYNC_TICK_MS: '0', SYNC_BACKOFF_MS: '100', SYNC_LOCK_MS: '2000', SYNC_IMPORT_PAGE_SIZE: '100' };

  const startImport = async (body: object) => {
    const res = await t.http.post(`/api/v1/integrations/connections/${connectionId}/sync`).set(a.headers).send(body);
    expect(res.status).toBe(202);
    return res.body.jobId as string;
  };
  /** Requests the sandbox answered with data (throttled ones asked again). */
  const servedRequests = () => sandbox.sandbox.stats().requests - sandbox.sandbox.stats().throttled;
  const count = async (sql: string) => Number((await t.started.app.get(DataSource).query(sql, [a.tenantId]))[0].n);

  beforeAll(async () => {
    sandbox = await startShopifySandbox({ seed: 7, products: 1000, orders: 1000, limitScale: 100 });
    t = await startTestApp({ ...env, ...syncEnv, STOREBRIDGE_ROLE: 'api' });
    a = await t.createTenant('A');
    b = await t.createTenant('B');
    connectionId = await connectSandbox(t.started.app, a, sandbox);
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await worker?.close();
    await t?.close();
    await sandbox?.close();
  });

  it('validates the request: 400 for a bad body, 404 for an unknown or foreign connection', async () => {
    const url = `/api/v1/integrations/connections/${connectionId}/sync`;
    expect((await t.http.post(url).set(a.headers).send({ objects: ['customers'] })).status).toBe(400);
    expect((await t.http.post(url).set(a.headers).send({ objects: [], mode: 'full' })).status).toBe(400);
    expect((await t.http.post(url).set(b.headers).send({ objects: ['products'] })).status).toBe(404);
    expect((await t.http.post('/api/v1/integrations/connections/00000000-0000-4000-8000-000000000000/sync').set(a.headers).send({ objects: ['products'] })).status).toBe(404);
  });

  it('resumes from its checkpoint after the worker process is killed, and lands every record once', async () => {
    sandbox.sandbox.resetStats();
    const jobId = await startImport({ objects: ['products', 'orders'], mode: 'full' });
    child = spawn(process.execPath, ['--conditions=@storebridge/source', '-r', '@swc-node/register', 'apps/api/src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...env, ...syncEnv, STOREBRIDGE_ROLE: 'worker', DATABASE_URL: t.started.database.url, REDIS_URL: process.env.REDIS_URL, LOG_LEVEL: 'warn', LOG: process.env.SYNC_E2E_CHILD_LOG ?? '' },
      stdio: process.env.SYNC_E2E_CHILD_LOG ? 'inherit' : 'ignore',
    });
    // The first checkpoint: at least one page saved, the products not done.
    const ds = t.started.app.get(DataSource);
    await eventually(async () => {
      const [p] = await ds.query(`SELECT pages, done FROM sync_import_progress WHERE job_id = $1 AND object = 'products'`, [jobId]);
      return p && p.pages >= 1;
    }, 60_000);
    child?.kill('SIGKILL');
    child = undefined;
    const killedAt = (await ds.query(`SELECT pages FROM sync_import_progress WHERE job_id = $1 AND object = 'products'`, [jobId]))[0].pages;

    worker = await createWorker(loadConfig({ ...process.env, ...env, ...syncEnv, DATABASE_URL: t.started.database.url, STOREBRIDGE_ROLE: 'worker' }), {
      url: t.started.database.url,
      embedded: false,
      poolSize: 10,
      stop: async () => undefined,
    });
    const job: JobView = await waitForJob(t, a, jobId, 60_000);
    expect(job.status).toBe('succeeded');
    const products = job.progress?.find((p) => p.object === 'products');
    const orders = job.progress?.find((p) => p.object === 'orders');
    expect(products).toMatchObject({ records: 1000, done: true });
    expect(orders).toMatchObject({ records: 1000, done: true });
    // The resumed run continued after the checkpoint: pages are counted once (no page twice over),
    // and the sandbox served about one list request per page, not a second pass: the kill loses at
    // most the pages read ahead of the writer and the one in flight.
    expect(products?.runs).toBe(2);
    expect(products?.pages).toBeGreaterThan(killedAt);
    expect(servedRequests()).toBeLessThanOrEqual((products?.pages ?? 0) + (orders?.pages ?? 0) + MAX_PAGES_AHEAD + 2);
    expect(await count(`SELECT count(*) AS n FROM products WHERE tenant_id = $1 AND sync_source = 'shopify'`)).toBe(1000);
    expect(await count(`SELECT count(DISTINCT sync_source_id) AS n FROM products WHERE tenant_id = $1 AND sync_source = 'shopify'`)).toBe(1000);
    expect(await count(`SELECT count(*) AS n FROM orders WHERE tenant_id = $1`)).toBe(1000);
    expect(await count(`SELECT count(*) AS n FROM product_variants WHERE tenant_id = $1`)).toBeGreaterThanOrEqual(1000);
    // The other tenant sees none of it.
    expect((await t.http.get('/api/v1/orders?limit=1').set(b.headers)).body.orders).toEqual([]);
  });

  it('an incremental import starts from the high-water mark; a full import archives what disappeared upstream', async () => {
    const incremental = await waitForJob(t, a, await startImport({ objects: ['products'], mode: 'incremental' }), 60_000);
    expect([incremental.status, incremental.error]).toEqual(['succeeded', null]);
    expect(incremental.progress?.[0].records).toBeLessThan(1000);

    const archivedBefore = await count(`SELECT count(*) AS n FROM products WHERE tenant_id = $1 AND product_status = 'ARCHIVED'`);
    (Reflect.get(sandbox.sandbox, 'products') as Map<number, unknown>).delete(8_000_000_001);
    const full = await waitForJob(t, a, await startImport({ objects: ['products'], mode: 'full' }), 60_000);
    expect(full.status).toBe('succeeded');
    expect(full.progress?.[0].records).toBe(999);
    const gone = await t.http.get('/api/v1/products?filter=syncSourceId:EQ:8000000001&productStatus=ARCHIVED').set(a.headers).expect(200);
    expect(gone.body.products).toHaveLength(1);
    expect(await count(`SELECT count(*) AS n FROM products WHERE tenant_id = $1 AND product_status = 'ARCHIVED'`)).toBe(archivedBefore + 1);
  });

  it('a connection seen ACTIVE for the first time gets an import at once, then on schedule only', async () => {
    const tick = t.started.app.get(SyncTickService, { strict: false });
    expect(await tick.schedule()).toEqual({ scheduled: 0, activated: 1 });
    expect(await tick.schedule()).toEqual({ scheduled: 0, activated: 0 });
    const jobs = (await t.http.get(`/unified/sync/jobs?connectionId=${connectionId}`).set(a.headers).expect(200)).body.jobs as Array<{ trigger: string; jobId: string }>;
    const activated = jobs.filter((j) => j.trigger === 'activated');
    expect(activated).toHaveLength(1);
    expect((await waitForJob(t, a, activated[0].jobId, 60_000)).status).toBe('succeeded');
  });
});
