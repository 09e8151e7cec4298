import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { createWorker, loadConfig } from '@storebridge/api';
import type { SandboxRequest, SandboxResponse } from '@storebridge/plugin-sdk/testing';
import { startShopifySandbox, type RunningShopifySandbox } from '@storebridge/plugin-shopify/testing';
import { QueueName } from '@storebridge/sync';
import { startTestApp, type TestApp, type TestTenant } from '../support/test-app';
import { connectSandbox, eventually, waitForJob, type JobView } from './sync-support';

const ROOT = path.resolve(__dirname, '../../../..');

type Handle = (req: SandboxRequest) => Promise<SandboxResponse>;

/** A ledger statement that stores the remote id of a successful delivery (a `store` write among its rows). */
const storesRemoteId = (sql: string, params: unknown[] | undefined) => sql.includes('sync_product_links') && JSON.stringify(params ?? []).includes('"store"');

/**
 * Pushes across worker processes. The crash gap: the store created the
 * product, but the ledger never stored its id (the worker process died in
 * between, or the write failed); the delivery's next run finds the create
 * recorded as in flight, finds the product at the store by SKU and adopts
 * it, so the store never gets a second copy. The app serves HTTP only; a
 * child worker process runs the first delivery and is killed while the
 * sandbox creates the product. Then two worker processes race on the same
 * products.
 */
jest.setTimeout(120_000);

describe('sync: push across worker processes (crashes, races)', () => {
  let t: TestApp;
  let a: TestTenant;
  let store: RunningShopifySandbox;
  let connectionId = '';
  let child: ChildProcess | undefined;
  let worker: Awaited<ReturnType<typeof createWorker>> | undefined;
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    STOREBRIDGE_PLUGINS: 'shopify',
    STOREBRIDGE_QUEUE_PREFIX: 'sbcrash_' + randomBytes(4).toString('hex'),
    STOREBRIDGE_MASTER_KEY: randomBytes(32).toString('base64'),
  };
  // A killed worker's job is taken up again after about the lock time.
  const syncEnv = { SYNC_TICK_MS: '0', SYNC_BACKOFF_MS: '100', SYNC_LOCK_MS: '2000', SYNC_PUSH_ATTEMPTS: '3' };

  /** The store's products that carry `sku`. */
  const withSku = (sku: string) =>
    [...(Reflect.get(store.sandbox, 'products') as Map<number, { id: number; variants: Array<{ sku: string | null }> }>).values()].filter((p) => p.variants.some((v) => v.sku === sku));
  /** Runs `after` once the sandbox has created a product with `sku`, before it answers. */
  const onCreate = (sku: string, after: () => Promise<void>): (() => void) => {
    const original = Reflect.get(store.sandbox, 'handle') as Handle;
    let fired = false;
    Reflect.set(store.sandbox, 'handle', async (req: SandboxRequest) => {
      const out = await original.call(store.sandbox, req);
      const body = req.body as { query?: string; variables?: { input?: { id?: string } } } | undefined;
      const create = !!body?.query?.includes('productSet') && !body.variables?.input?.id && req.rawBody.toString('utf8').includes(sku);
      if (create && !fired) {
        fired = true;
        await after();
      }
      return out;
    });
    return () => Reflect.set(store.sandbox, 'handle', original);
  };
  const createProduct = async (sku: string) =>
    (await t.http.post('/api/v1/products').set(a.headers).send({ productName: `Crash ${sku}`, variants: [{ sku, price: '12.00' }] }).expect(201)).body.product.id as string;
  const push = async (productId: string, action = 'UPSERT') => {
    const res = await t.http.post('/unified/sync/push/product').set(a.headers).send({ productId, action });
    expect(res.status).toBe(202);
    return res.body.jobId as string;
  };
  const ledger = async (productId: string) =>
    (await t.started.app.get(DataSource).query(`SELECT remote_id, create_in_flight, lease_owner FROM sync_product_links WHERE connection_id = $1 AND product_id = $2`, [connectionId, productId]))[0] as
      | { remote_id: string | null; create_in_flight: { token: string; skus: string[] } | null; lease_owner: string | null }
      | undefined;
  const row = (job: JobView) => job.connections.find((c) => c.connectionId === connectionId);
  /** A worker process of its own (role `worker`) on the same database and Redis. */
  const startChildWorker = () =>
    spawn(process.execPath, ['--conditions=@storebridge/source', '-r', '@swc-node/register', 'apps/api/src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...env, ...syncEnv, STOREBRIDGE_ROLE: 'worker', DATABASE_URL: t.started.database.url, REDIS_URL: process.env.REDIS_URL, LOG_LEVEL: 'warn', LOG: '' },
      stdio: 'ignore',
    });

  beforeAll(async () => {
    store = await startShopifySandbox({ seed: 5, products: 3, orders: 0 });
    t = await startTestApp({ ...env, ...syncEnv, STOREBRIDGE_ROLE: 'api' });
    a = await t.createTenant('A');
    connectionId = await connectSandbox(t.started.app, a, store);
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await worker?.close();
    await t?.close();
    await store?.close();
  });

  it('a worker killed after the store created the product: the next run adopts it instead of creating a second one', async () => {
    const productId = await createProduct('CRASH-KILL');
    child = startChildWorker();
    const killed = new Promise<void>((resolve) => {
      const restore = onCreate('CRASH-KILL', async () => {
        const exited = once(child as ChildProcess, 'exit');
        child?.kill('SIGKILL');
        await exited;
        child = undefined;
        restore();
        resolve();
      });
    });
    const jobId = await push(productId);
    await killed;

    // The store has the product; the ledger knows a create was in flight, not where it landed.
    expect(withSku('CRASH-KILL')).toHaveLength(1);
    const interrupted = await ledger(productId);
    expect(interrupted).toMatchObject({ remote_id: null, create_in_flight: { skus: ['CRASH-KILL'] } });

    worker = await createWorker(loadConfig({ ...process.env, ...env, ...syncEnv, DATABASE_URL: t.started.database.url, STOREBRIDGE_ROLE: 'worker' }), {
      url: t.started.database.url,
      embedded: false,
      poolSize: 10,
      stop: async () => undefined,
    });
    const job = await waitForJob(t, a, jobId, 60_000);
    expect(job.status).toBe('succeeded');
    const created = withSku('CRASH-KILL');
    expect(created).toHaveLength(1);
    expect(row(job)).toMatchObject({ status: 'succeeded', reason: 'adopted', remoteId: String(created[0].id) });
    expect(await ledger(productId)).toEqual({ remote_id: String(created[0].id), create_in_flight: null, lease_owner: null });

    // The ledger is whole again: the same push is skipped, a change updates the adopted product.
    const again = await waitForJob(t, a, await push(productId), 30_000);
    expect(row(again)).toMatchObject({ status: 'skipped', reason: 'unchanged since the last push' });
    await t.http.patch(`/api/v1/products/${productId}`).set(a.headers).send({ productName: 'Crash v2' }).expect(200);
    const changed = await waitForJob(t, a, await push(productId), 30_000);
    expect(row(changed)).toMatchObject({ status: 'succeeded', reason: 'updated', remoteId: String(created[0].id) });
    expect(withSku('CRASH-KILL')).toHaveLength(1);
  });

  it('a ledger write that fails after the store created the product: the retry adopts it', async () => {
    const productId = await createProduct('CRASH-WRITE');
    const ds = (worker as NonNullable<typeof worker>).context.get(DataSource);
    const query = ds.query.bind(ds);
    let failures = 0;
    const spy = jest.spyOn(ds, 'query').mockImplementation(async (sql: string, params?: unknown[]) => {
      // The statement that stores the remote id: it fails once, after the store answered.
      if (failures === 0 && storesRemoteId(sql, params)) {
        failures++;
        throw new Error('connection to the database lost');
      }
      return query(sql, params);
    });
    try {
      const job = await waitForJob(t, a, await push(productId), 30_000);
      expect(failures).toBe(1);
      expect(job.status).toBe('succeeded');
      const created = withSku('CRASH-WRITE');
      expect(created).toHaveLength(1);
      expect(row(job)).toMatchObject({ status: 'succeeded', attempts: 2, reason: 'adopted', remoteId: String(created[0].id) });
      const attempts = await t.started.app
        .get(DataSource)
        .query(`SELECT a.outcome FROM sync_delivery_attempts a JOIN sync_deliveries d ON d.id = a.delivery_id WHERE d.job_id = $1 ORDER BY a.id`, [job.jobId]);
      expect(attempts.map((x: { outcome: string }) => x.outcome)).toEqual(['error', 'succeeded']);
    } finally {
      spy.mockRestore();
    }
  });

  it('DELETE after a create that never reached the ledger removes the product it left at the store', async () => {
    const productId = await createProduct('CRASH-DELETE');
    const ds = (worker as NonNullable<typeof worker>).context.get(DataSource);
    const query = ds.query.bind(ds);
    // Every attempt's write of the remote id fails: the push gives up with the product at the store.
    const spy = jest.spyOn(ds, 'query').mockImplementation(async (sql: string, params?: unknown[]) => {
      if (storesRemoteId(sql, params)) throw new Error('connection to the database lost');
      return query(sql, params);
    });
    let upsert: JobView;
    try {
      upsert = await waitForJob(t, a, await push(productId), 30_000);
    } finally {
      spy.mockRestore();
    }
    expect(row(upsert)).toMatchObject({ status: 'failed', attempts: 3 });
    // Three attempts, one product: the retries found the first one each time.
    expect(withSku('CRASH-DELETE')).toHaveLength(1);
    expect(await ledger(productId)).toMatchObject({ remote_id: null, create_in_flight: { skus: ['CRASH-DELETE'] } });

    const removed = await waitForJob(t, a, await push(productId, 'DELETE'), 30_000);
    expect(row(removed)).toMatchObject({ status: 'succeeded' });
    expect(withSku('CRASH-DELETE')).toHaveLength(0);
    expect(await ledger(productId)).toBeUndefined();
  });

  it('two worker processes taking the same products at once: each product lands on the store once', async () => {
    child = startChildWorker();
    const queue = t.started.app.get<Queue>(getQueueToken(QueueName.SyncPush), { strict: false });
    await eventually(async () => (await queue.getWorkers()).length >= 2, 60_000);
    const skus = Array.from({ length: 12 }, (_, i) => `MULTI-${i}`);
    const ids = await Promise.all(skus.map((sku) => createProduct(sku)));
    // Every product twice, all at once: the two requests' deliveries race in both processes.
    const jobIds = await Promise.all([...ids, ...ids].map((id) => push(id)));
    const jobs = await Promise.all(jobIds.map((id) => waitForJob(t, a, id, 60_000)));
    for (const sku of skus) expect(withSku(sku)).toHaveLength(1);
    for (const [i, id] of ids.entries()) {
      const pair = [jobs[i], jobs[i + ids.length]].map((job) => row(job));
      // One created it; the other found it there, unchanged.
      expect(pair.map((r) => r?.status).sort()).toEqual(['skipped', 'succeeded']);
      expect(pair.map((r) => r?.reason).sort()).toEqual(['created', 'unchanged since the last push']);
      expect(pair.map((r) => r?.remoteId)).toEqual([String(withSku(skus[i])[0].id), String(withSku(skus[i])[0].id)]);
      expect(await ledger(id)).toMatchObject({ remote_id: String(withSku(skus[i])[0].id), create_in_flight: null, lease_owner: null });
    }
  });
});
