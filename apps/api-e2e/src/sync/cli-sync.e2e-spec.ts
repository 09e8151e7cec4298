import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { startShopifySandbox, type RunningShopifySandbox } from '@storebridge/plugin-shopify/testing';
import { startTestApp, type TestApp, type TestTenant } from '../support/test-app';
import { connectSandbox } from './sync-support';

const ROOT = path.resolve(__dirname, '../../../..');

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `npm run cli -- connections:sync`: the operator's foreground import, run
 * as the operator runs it (a process of its own on the same database),
 * against a Shopify sandbox.
 */
jest.setTimeout(180_000);

describe('cli: connections:sync', () => {
  let t: TestApp;
  let a: TestTenant;
  let b: TestTenant;
  let sandbox: RunningShopifySandbox;
  let connectionId = '';
  const masterKey = randomBytes(32).toString('base64');
  const env = { STOREBRIDGE_PLUGINS: 'shopify', STOREBRIDGE_MASTER_KEY: masterKey, STOREBRIDGE_QUEUE_PREFIX: 'sbcli_' + randomBytes(4).toString('hex') };

  const cli = (...args: string[]): Promise<CliRun> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['tools/scripts/cli.mjs', ...args], {
        cwd: ROOT,
        env: { ...process.env, ...env, DATABASE_URL: t.started.database.url, REDIS_URL: process.env.REDIS_URL, SYNC_IMPORT_PAGE_SIZE: '50' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  const count = async (sql: string, tenant: TestTenant) => Number((await t.started.app.get(DataSource).query(sql, [tenant.tenantId]))[0].n);

  beforeAll(async () => {
    sandbox = await startShopifySandbox({ seed: 11, products: 120, orders: 80, limitScale: 100 });
    t = await startTestApp({ ...env, STOREBRIDGE_ROLE: 'api' });
    a = await t.createTenant('A');
    b = await t.createTenant('B');
    connectionId = await connectSandbox(t.started.app, a, sandbox);
  });

  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
  });

  it('imports in the foreground with progress, prints a summary, and the job is the tenant’s own', async () => {
    const run = await cli('connections:sync', connectionId, '--objects', 'products,orders', '--full');
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });

    const summary = JSON.parse(run.stdout) as { syncJobId: string; status: string; objects: Array<{ object: string; pages: number; records: number; done: boolean }>; recordsPerSecond: number };
    expect(summary.status).toBe('succeeded');
    expect(summary.objects).toEqual([
      expect.objectContaining({ object: 'products', records: 120, rejected: 0, done: true }),
      expect.objectContaining({ object: 'orders', records: 80, rejected: 0, done: true }),
    ]);
    const [products, orders] = summary.objects;
    expect(summary.recordsPerSecond).toBeGreaterThan(0);
    // Not a TTY: one progress line per write (a write takes the pages read by then), and a last one.
    const progress = run.stderr.split('\n').filter((l) => l.includes('records/s'));
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.length).toBeLessThanOrEqual(products.pages + orders.pages + 1);
    expect(progress.at(-1)).toMatch(
      new RegExp(`products ✔ ${products.pages} pages / 120 records {2}orders ✔ ${orders.pages} pages / 80 records {2}\\d+ records/s {2}throttled \\d+× \\(`),
    );

    expect(await count(`SELECT count(*) AS n FROM products WHERE tenant_id = $1 AND sync_source = 'shopify'`, a)).toBe(120);
    expect(await count(`SELECT count(*) AS n FROM orders WHERE tenant_id = $1`, a)).toBe(80);
    expect(await count(`SELECT count(*) AS n FROM products WHERE tenant_id = $1`, b)).toBe(0);

    const job = await t.http.get(`/unified/sync/jobs/${summary.syncJobId}`).set(a.headers).expect(200);
    expect(job.body).toMatchObject({ status: 'succeeded', trigger: 'cli' });
    expect((await t.http.get(`/unified/sync/jobs/${summary.syncJobId}`).set(b.headers)).status).toBe(404);
  });

  it('a second, incremental run lands nothing twice', async () => {
    const run = await cli('connections:sync', connectionId, '--objects', 'products');
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as { status: string; objects: Array<{ object: string; records: number }> };
    expect(summary.status).toBe('succeeded');
    expect(summary.objects.map((o) => o.object)).toEqual(['products']);
    expect(await count(`SELECT count(*) AS n FROM products WHERE tenant_id = $1 AND sync_source = 'shopify'`, a)).toBe(120);
    expect(await count(`SELECT count(DISTINCT sync_source_id) AS n FROM products WHERE tenant_id = $1 AND sync_source = 'shopify'`, a)).toBe(120);
  });

  it('refuses an unknown connection and unknown objects with a usage error (exit 2), importing nothing', async () => {
    const unknown = await cli('connections:sync', '00000000-0000-4000-8000-000000000000');
    expect({ code: unknown.code, stderr: unknown.code === 2 ? '' : unknown.stderr }).toEqual({ code: 2, stderr: '' });
    expect(unknown.stderr).toContain('no connection 00000000-0000-4000-8000-000000000000');

    const badObjects = await cli('connections:sync', connectionId, '--objects', 'customers');
    expect(badObjects.code).toBe(2);
    expect(badObjects.stderr).toContain('--objects takes products and/or orders');

    const missing = await cli('connections:sync');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('the connection id is required');
    expect(await count(`SELECT count(*) AS n FROM sync_jobs WHERE tenant_id = $1 AND kind = 'import'`, a)).toBe(2);
  });
});
