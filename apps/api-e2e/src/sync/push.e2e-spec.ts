import { createHmac } from 'node:crypto';
import { DataSource } from 'typeorm';
import { startShopifySandbox, type RunningShopifySandbox } from '@storebridge/plugin-shopify/testing';
import { CredentialVault } from '@storebridge/connections';
import { SyncQueues, SyncTickService } from '@storebridge/sync';
import { startTestApp, type TestApp, type TestTenant } from '../support/test-app';
import { connectSandbox, eventually, waitForJob, type JobView } from './sync-support';

/**
 * Push fan-out (reference 002) to two Shopify sandboxes: create, skip when
 * unchanged, update without duplicating, delete, 5xx retried into one
 * product, two pushes of one product at once, credentials renewed under a
 * worker's feet, revoked credentials failing at once, Idempotency-Key, the
 * relay, auto-push from the catalog outbox, and webhooks in.
 */
describe('sync: push fan-out, auto-push and webhooks', () => {
  let t: TestApp;
  let a: TestTenant;
  let b: TestTenant;
  let s1: RunningShopifySandbox;
  let s2: RunningShopifySandbox;
  let c1 = '';
  let c2 = '';
  const count = (s: RunningShopifySandbox) => s.sandbox.stats().records.products;

  const push = (productId: string, action = 'UPSERT', key?: string, who = a) => {
    const req = t.http.post('/unified/sync/push/product').set(who.headers);
    if (key) req.set('Idempotency-Key', key);
    return req.send({ productId, action });
  };
  const pushAndWait = async (productId: string, action = 'UPSERT') => {
    const res = await push(productId, action);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ status: 'queued', jobId: expect.any(String) });
    return waitForJob(t, a, res.body.jobId);
  };
  const row = (job: JobView, connectionId: string) => job.connections.find((c) => c.connectionId === connectionId)!;
  const createProduct = async (name: string, sku: string) =>
    (await t.http.post('/api/v1/products').set(a.headers).send({ productName: name, variants: [{ sku, price: '25.00' }] }).expect(201)).body.product.id as string;

  beforeAll(async () => {
    [s1, s2] = await Promise.all([startShopifySandbox({ seed: 1, products: 2, orders: 0 }), startShopifySandbox({ seed: 2, products: 2, orders: 0 })]);
    t = await startTestApp({ STOREBRIDGE_PLUGINS: 'shopify', SYNC_TICK_MS: '0', SYNC_BACKOFF_MS: '50', SYNC_RELAY_AFTER_MS: '0', SYNC_PUSH_ATTEMPTS: '5' });
    a = await t.createTenant('A');
    b = await t.createTenant('B');
    c1 = await connectSandbox(t.started.app, a, s1);
    c2 = await connectSandbox(t.started.app, a, s2);
  });

  afterAll(async () => {
    await t?.close();
    await Promise.all([s1?.close(), s2?.close()]);
  });

  let p1 = '';

  it('validates the body (400) and the product (404, also for another tenant)', async () => {
    p1 = await createProduct('Hoodie', 'SYNC-HOODIE');
    expect((await t.http.post('/unified/sync/push/product').set(a.headers).send({ productId: p1, action: 'MERGE' })).status).toBe(400);
    expect((await t.http.post('/unified/sync/push/product').set(a.headers).send({ productId: 'nope', action: 'UPSERT' })).status).toBe(400);
    const missing = await push('00000000-0000-4000-8000-000000000000');
    expect([missing.status, missing.body.error]).toEqual([404, 'product_not_found']);
    expect((await push(p1, 'UPSERT', undefined, b)).status).toBe(404);
  });

  it('UPSERT creates the product on both stores; the same push again is skipped; a change updates in place', async () => {
    const before = [count(s1), count(s2)];
    const first = await pushAndWait(p1);
    expect(first.status).toBe('succeeded');
    expect(first.connections).toHaveLength(2);
    for (const c of [c1, c2]) expect(row(first, c)).toMatchObject({ status: 'succeeded', attempts: 1, reason: 'created', remoteId: expect.any(String) });
    expect([count(s1), count(s2)]).toEqual([before[0] + 1, before[1] + 1]);

    const again = await pushAndWait(p1);
    expect(again.status).toBe('succeeded');
    for (const c of [c1, c2]) expect(row(again, c)).toMatchObject({ status: 'skipped', reason: 'unchanged since the last push' });

    await t.http.patch(`/api/v1/products/${p1}`).set(a.headers).send({ productName: 'Hoodie v2' }).expect(200);
    const changed = await pushAndWait(p1);
    for (const c of [c1, c2]) expect(row(changed, c)).toMatchObject({ status: 'succeeded', reason: 'updated', remoteId: row(first, c).remoteId });
    expect([count(s1), count(s2)]).toEqual([before[0] + 1, before[1] + 1]);
    // Another tenant sees nothing of it.
    expect((await t.http.get(`/unified/sync/jobs/${changed.jobId}`).set(b.headers)).status).toBe(404);
  });

  it('a store answering 5xx three times gets the product once, after retries', async () => {
    const p = await createProduct('Cap', 'SYNC-CAP');
    const before = count(s1);
    s1.sandbox.setFaults({ serverError: 3 });
    const job = await pushAndWait(p);
    s1.sandbox.clearFaults();
    expect(job.status).toBe('succeeded');
    expect(row(job, c1).status).toBe('succeeded');
    expect(row(job, c1).attempts).toBeGreaterThan(1);
    expect(count(s1)).toBe(before + 1);
    const attempts = await t.started.app
      .get(DataSource)
      .query(`SELECT outcome FROM sync_delivery_attempts a JOIN sync_deliveries d ON d.id = a.delivery_id WHERE d.job_id = $1 AND d.connection_id = $2 ORDER BY a.id`, [job.jobId, c1]);
    expect(attempts.map((x: { outcome: string }) => x.outcome).at(-1)).toBe('succeeded');
    expect(attempts.filter((x: { outcome: string }) => x.outcome === 'error').length).toBeGreaterThan(0);
  });

  it('two pushes of one product at once: each store gets it once; one delivery creates it, the other finds it unchanged', async () => {
    const p = await createProduct('Beanie', 'SYNC-BEANIE');
    const before = [count(s1), count(s2)];
    const [r1, r2] = await Promise.all([push(p), push(p)]);
    const [j1, j2] = await Promise.all([waitForJob(t, a, r1.body.jobId), waitForJob(t, a, r2.body.jobId)]);
    expect([count(s1), count(s2)]).toEqual([before[0] + 1, before[1] + 1]);
    for (const c of [c1, c2]) {
      const rows = [row(j1, c), row(j2, c)];
      expect(rows.map((r) => r.reason).sort()).toEqual(['created', 'unchanged since the last push']);
      expect(rows[0].remoteId).toBe(rows[1].remoteId);
    }
  });

  it('requests arriving together (valid, refused, one key twice, a product gone before its fan-out): each answered as if alone', async () => {
    const queues = t.started.app.get(SyncQueues, { strict: false });
    const [x, y, gone] = await Promise.all([createProduct('Batch X', 'SYNC-BATCH-X'), createProduct('Batch Y', 'SYNC-BATCH-Y'), createProduct('Batch Gone', 'SYNC-BATCH-GONE')]);
    const before = [count(s1), count(s2)];
    // Held back from the workers, so that the fan-outs run together once the queue resumes.
    await queues.push.pause();
    let answers;
    try {
      answers = await Promise.all([
        push(x),
        push(y, 'UPSERT', 'batch-key'),
        push(y, 'UPSERT', 'batch-key'),
        push(gone),
        push('00000000-0000-4000-8000-000000000001'),
        push(x, 'UPSERT', undefined, b),
      ]);
      // Gone from the catalog (the API archives; this is a row removed behind its back) before the fan-out reads it.
      await t.started.app.get(DataSource).query(`DELETE FROM products WHERE id = $1`, [gone]);
    } finally {
      await queues.push.resume();
    }
    const [rx, ry1, ry2, rGone, rMissing, rOther] = answers;
    expect([rx.status, ry1.status, ry2.status, rGone.status]).toEqual([202, 202, 202, 202]);
    expect(ry2.body.jobId).toBe(ry1.body.jobId);
    expect([rMissing.status, rMissing.body.error, rOther.status]).toEqual([404, 'product_not_found', 404]);

    const [jx, jy, jGone] = await Promise.all([rx, ry1, rGone].map((r) => waitForJob(t, a, r.body.jobId)));
    for (const job of [jx, jy]) {
      expect(job.status).toBe('succeeded');
      expect(job.connections.map((c) => [c.connectionId, c.status, c.reason]).sort()).toEqual([[c1, 'succeeded', 'created'], [c2, 'succeeded', 'created']].sort());
    }
    expect([count(s1), count(s2)]).toEqual([before[0] + 2, before[1] + 2]);
    // The product deleted before its fan-out ran: the request fails with the reason, no store is asked.
    expect([jGone.status, jGone.connections]).toEqual(['failed', []]);
    const [recorded] = await t.started.app.get(DataSource).query(`SELECT error FROM sync_jobs WHERE id = $1`, [rGone.body.jobId]);
    expect(recorded.error).toMatch(/^product_not_found/);
    // Tenant B's refused request left nothing behind.
    expect((await t.http.get(`/unified/sync/jobs?productId=${x}`).set(b.headers).expect(200)).body.jobs).toEqual([]);
  });

  it('credentials renewed while a worker holds the old ones: the delivery goes through with the new ones, the connection stays ACTIVE', async () => {
    const p = await createProduct('Gloves', 'SYNC-GLOVES');
    await pushAndWait(p); // the worker now holds c1's context (a few seconds)
    const renewed = s1.sandbox.issueToken();
    s1.sandbox.revokeToken(s1.accessToken);
    const sealed = t.started.app.get(CredentialVault, { strict: false }).seal(c1, { accessToken: renewed });
    await t.started.app.get(DataSource).query(`UPDATE connections SET credentials_enc = $2, key_id = $3 WHERE id = $1`, [c1, sealed.envelope, sealed.keyId]);
    await t.http.patch(`/api/v1/products/${p}`).set(a.headers).send({ productName: 'Gloves v2' }).expect(200);
    const job = await pushAndWait(p);
    // Refused with the held credentials, then retried with the stored ones (or loaded fresh, if the hold had lapsed).
    expect(row(job, c1)).toMatchObject({ status: 'succeeded', reason: 'updated' });
    expect(row(job, c1).attempts).toBeLessThanOrEqual(2);
    const list = (await t.http.get('/api/v1/integrations/connections').set(a.headers)).body.connections;
    expect(list.find((c: { id: string }) => c.id === c1).status).toBe('ACTIVE');
  });

  it('Idempotency-Key: the same body replays the first answer, another body is 409', async () => {
    const first = await push(p1, 'UPSERT', 'key-1');
    expect(first.status).toBe(202);
    const replay = await push(p1, 'UPSERT', 'key-1');
    expect([replay.status, replay.body]).toEqual([202, first.body]);
    const other = await push(p1, 'DELETE', 'key-1');
    expect([other.status, other.body.error]).toEqual([409, 'idempotency_key_reused']);
    // Another org may use the same key for its own request.
    expect((await push(p1, 'UPSERT', 'key-1', b)).status).toBe(404);
    await waitForJob(t, a, first.body.jobId);
    const jobs = (await t.http.get(`/unified/sync/jobs?productId=${p1}`).set(a.headers).expect(200)).body.jobs;
    expect(jobs.filter((j: { jobId: string }) => j.jobId === first.body.jobId)).toHaveLength(1);
  });

  it('a request recorded while Redis refused it is queued by the relay', async () => {
    const queues = t.started.app.get(SyncQueues, { strict: false });
    const spy = jest.spyOn(queues, 'enqueueRequests').mockRejectedValueOnce(new Error('redis down'));
    await t.http.patch(`/api/v1/products/${p1}`).set(a.headers).send({ productName: 'Hoodie v3' }).expect(200);
    const res = await push(p1);
    expect(res.status).toBe(202);
    spy.mockRestore();
    expect((await t.http.get(`/unified/sync/jobs/${res.body.jobId}`).set(a.headers)).body.status).toBe('queued');
    const report = await t.started.app.get(SyncTickService, { strict: false }).relay();
    expect(report).toBeGreaterThanOrEqual(1);
    const job = await waitForJob(t, a, res.body.jobId);
    expect(job.status).toBe('succeeded');
  });

  it('auto-push turns catalog changes into pushes when the org enables it', async () => {
    const tick = t.started.app.get(SyncTickService, { strict: false });
    await tick.autoPush(); // drain what earlier tests wrote while auto-push was off
    expect((await t.http.put('/api/v1/sync/settings').set(a.headers).send({ autoPush: 'yes' })).status).toBe(400);
    expect((await t.http.put('/api/v1/sync/settings').set(a.headers).send({ autoPush: true }).expect(200)).body).toEqual({ autoPush: true });
    const p = await createProduct('Scarf', 'SYNC-SCARF');
    expect(await tick.autoPush()).toBe(1);
    const jobs = (await t.http.get(`/unified/sync/jobs?productId=${p}`).set(a.headers).expect(200)).body.jobs;
    expect(jobs).toHaveLength(1);
    const job = await waitForJob(t, a, jobs[0].jobId);
    expect(job.connections.map((c) => c.status)).toEqual(['succeeded', 'succeeded']);
    await t.http.put('/api/v1/sync/settings').set(a.headers).send({ autoPush: false }).expect(200);
  });

  it('DELETE removes the product from both stores and clears the map', async () => {
    const before = [count(s1), count(s2)];
    const job = await pushAndWait(p1, 'DELETE');
    expect(job.connections.map((c) => c.status)).toEqual(['succeeded', 'succeeded']);
    expect([count(s1), count(s2)]).toEqual([before[0] - 1, before[1] - 1]);
    const again = await pushAndWait(p1, 'DELETE');
    expect(again.connections.map((c) => c.reason)).toEqual(['not on this store', 'not on this store']);
  });

  it('webhooks: a forged signature is 401 and records nothing; a duplicate delivery is applied once', async () => {
    const remoteId = '8000000001';
    const body = Buffer.from(JSON.stringify({ id: Number(remoteId), title: 'x' }));
    const sign = (secret: string) => createHmac('sha256', secret).update(body).digest('base64');
    const send = (hmac: string, eventId = 'evt-1') =>
      t.http
        .post(`/webhooks/shopify/${c1}`)
        .set({ 'Content-Type': 'application/json', 'X-Shopify-Topic': 'products/update', 'X-Shopify-Event-Id': eventId, 'X-Shopify-Hmac-Sha256': hmac })
        .send(body.toString());
    const forged = await send(sign('not-the-secret'));
    expect([forged.status, forged.body.error]).toEqual([401, 'invalid_signature']);
    const ds = t.started.app.get(DataSource);
    expect(await ds.query(`SELECT 1 FROM sync_webhook_events`)).toHaveLength(0);
    expect((await t.http.post(`/webhooks/shopify/00000000-0000-4000-8000-000000000000`).send({})).status).toBe(404);

    const ok = await send(sign(s1.clientSecret));
    expect([ok.status, ok.body]).toEqual([202, { status: 'accepted' }]);
    const dup = await send(sign(s1.clientSecret));
    expect([dup.status, dup.body]).toEqual([200, { status: 'duplicate' }]);
    const products = await eventually(async () => {
      const res = await t.http.get(`/api/v1/products?filter=syncSourceId:EQ:${remoteId}`).set(a.headers);
      return res.body.products?.length ? res.body.products : null;
    });
    expect(products).toHaveLength(1);
    expect(products[0]).toMatchObject({ syncSource: 'shopify', syncSourceId: remoteId });
    await eventually(async () => (await ds.query(`SELECT 1 FROM sync_webhook_events WHERE processed_at IS NOT NULL`)).length === 1);
    expect(await ds.query(`SELECT 1 FROM sync_webhook_events`)).toHaveLength(1);
  });

  it('revoked credentials fail permanently with the reason while the other store succeeds', async () => {
    const p = await createProduct('Mittens', 'SYNC-MITTENS');
    s2.sandbox.revokeToken(s2.accessToken);
    const job = await pushAndWait(p);
    expect(job.status).toBe('partially_failed');
    expect(row(job, c1)).toMatchObject({ status: 'succeeded' });
    expect(row(job, c2)).toMatchObject({ status: 'failed', attempts: 1, reason: expect.stringMatching(/^auth_revoked/) });
    const list = (await t.http.get('/api/v1/integrations/connections').set(a.headers)).body.connections;
    expect(list.find((c: { id: string }) => c.id === c2).status).toBe('NEEDS_REAUTH');
  });
});
