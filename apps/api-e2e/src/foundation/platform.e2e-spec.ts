import { startTestApp, type TestApp } from '../support/test-app';

describe('platform routes: health, docs, metrics, admin switch, queues board', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('/health is 200 with Postgres and Redis up', async () => {
    const res = await t.http.get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', checks: { database: { status: 'up' }, redis: { status: 'up' } } });
  });

  it('/docs-json lists the routes, /docs serves the UI', async () => {
    const res = await t.http.get('/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/health', '/api/v1/me', '/api/v1/tokens', '/admin/tenants', '/admin/tenants/{tenantId}/orgs']),
    );
    const ui = await t.http.get('/docs').redirects(1).expect(200);
    expect(ui.text).toContain('swagger');
  });

  it('/metrics exposes HTTP counters by route pattern and process metrics', async () => {
    const tenant = await t.createTenant();
    await t.http.get('/api/v1/me').set(tenant.headers).expect(200);
    const res = await t.http.get('/metrics').expect(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.text).toMatch(/http_requests_total\{method="GET",route="\/api\/v1\/me",status_code="200"\} \d+/);
    expect(res.text).toContain('http_request_duration_seconds_bucket');
    expect(res.text).toContain('process_cpu_user_seconds_total');
  });

  it('every response carries a request id, echoing a given one', async () => {
    const res = await t.http.get('/health').set('X-Request-Id', 'req-abc-123').expect(200);
    expect(res.headers['x-request-id']).toBe('req-abc-123');
    const res2 = await t.http.get('/health').expect(200);
    expect(res2.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('the queue board needs the admin token', async () => {
    await t.http.get('/admin/queues').expect(401);
    const res = await t.http.get('/admin/queues').set('Authorization', `Bearer ${t.adminToken}`).expect(200);
    expect(res.text.toLowerCase()).toContain('<html');
    const basic = Buffer.from(`admin:${t.adminToken}`).toString('base64');
    await t.http.get('/admin/queues').set('Authorization', `Basic ${basic}`).expect(200);
  });
});

describe('without ADMIN_TOKEN the admin API does not exist', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ ADMIN_TOKEN: undefined });
  });
  afterAll(() => t.close());

  it('answers 404 to admin routes even with a bearer', async () => {
    const res = await t.http.post('/admin/tenants').set('Authorization', 'Bearer whatever-long-enough').send({ name: 'x' }).expect(404);
    expect(res.body).toEqual({ error: 'not_found', message: 'Not found' });
    await t.http.get('/admin/queues').expect(404);
  });
});

describe('health when Redis is unreachable', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Port 1 on loopback: nothing listens there.
    t = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:1' });
  });
  afterAll(() => t.close());

  it('answers 503 naming Redis as down while Postgres is up', async () => {
    const res = await t.http.get('/health').expect(503);
    expect(res.body.error).toBe('service_unavailable');
    expect(res.body.checks.database).toEqual({ status: 'up' });
    expect(res.body.checks.redis.status).toBe('down');
  });
});
