import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { KeyRing, KeyRotationService } from '@storebridge/connections';
import { startShopifySandbox, type RunningShopifySandbox } from '@storebridge/plugin-shopify/testing';
import { startTestApp, type TestApp, type TestTenant } from '../support/test-app';
import { captureLogs } from './support';

jest.setTimeout(60_000);

/**
 * The whole connect flow (reference 002) against the Shopify plugin's
 * sandbox, then the unified products/orders API (references 000, 001)
 * through the new connection: pagination, every filter, writes, provider
 * failures, tenant isolation, key rotation, and no credential in any
 * response or log line.
 */
describe('connections: connect flow and unified API (Shopify sandbox)', () => {
  const REDIRECT = 'https://app.example.com/integrations/done';
  const masterKey = randomBytes(32).toString('base64');
  let sandbox: RunningShopifySandbox;
  let t: TestApp;
  let a: TestTenant;
  let b: TestTenant;
  let logs: ReturnType<typeof captureLogs>;
  const issuedTokens: string[] = [];
  const bodies: string[] = [];
  let connectionId = '';
  const savedEnv = { LOG: process.env.LOG, SHOPIFY_SANDBOX_URL: process.env.SHOPIFY_SANDBOX_URL };

  const record = (res: Response): Response => {
    bodies.push(res.text ?? '', JSON.stringify(res.headers));
    return res;
  };
  const get = async (path: string, who = a) => record(await t.http.get(path).set(who.headers));
  const post = async (path: string, body: object, who = a) => record(await t.http.post(path).set(who.headers).send(body));
  const put = async (path: string, body: object, who = a) => record(await t.http.put(path).set(who.headers).send(body));
  const patch = async (path: string, body: object, who = a) => record(await t.http.patch(path).set(who.headers).send(body));
  const del = async (path: string, who = a) => record(await t.http.delete(path).set(who.headers));

  /** Runs the consent screen (the sandbox approves by itself) and returns our callback's path and query. */
  async function consent(authUrl: string): Promise<string> {
    const res = await fetch(authUrl, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const back = new URL(res.headers.get('location')!);
    expect(back.pathname).toBe('/api/v1/integrations/oauth/shopify/callback');
    return back.pathname + back.search;
  }

  async function authUrl(body: object = { provider: 'shopify', store: sandbox.baseUrl, redirect_uri: REDIRECT }): Promise<string> {
    const res = await post('/api/v1/integrations/auth-url', body);
    expect(res.status).toBe(200);
    return res.body.auth_url as string;
  }

  beforeAll(async () => {
    // Twenty times the published cost budget (same ratio), so pacing does not dominate the run.
    sandbox = await startShopifySandbox({ seed: 11, products: 23, orders: 17, limitScale: 20 });
    const issue = sandbox.sandbox.issueToken.bind(sandbox.sandbox);
    sandbox.sandbox.issueToken = (token?: string) => {
      const issued = issue(token);
      issuedTokens.push(issued);
      return issued;
    };
    process.env.SHOPIFY_SANDBOX_URL = sandbox.baseUrl;
    process.env.LOG = '1';
    t = await startTestApp({ LOG_LEVEL: 'debug', STOREBRIDGE_MASTER_KEY: masterKey, STOREBRIDGE_PLUGINS: 'shopify', PUBLIC_URL: 'http://127.0.0.1:9' });
    logs = captureLogs();
    a = await t.createTenant('A');
    b = await t.createTenant('B');
  });

  afterAll(async () => {
    await t?.close();
    logs?.restore();
    await sandbox?.close();
    process.env.LOG = savedEnv.LOG;
    process.env.SHOPIFY_SANDBOX_URL = savedEnv.SHOPIFY_SANDBOX_URL;
    if (savedEnv.LOG === undefined) delete process.env.LOG;
    if (savedEnv.SHOPIFY_SANDBOX_URL === undefined) delete process.env.SHOPIFY_SANDBOX_URL;
  });

  it('lists the loaded providers with auth scheme and capabilities', async () => {
    const res = await get('/api/v1/integrations/providers');
    expect(res.status).toBe(200);
    expect(res.body.providers).toEqual([
      expect.objectContaining({ code: 'shopify', displayName: 'Shopify', auth: expect.objectContaining({ kind: 'oauth2' }), capabilities: expect.objectContaining({ products: expect.any(Object) }) }),
    ]);
  });

  it('allows only redirect URIs on the org allowlist', async () => {
    const denied = await post('/api/v1/integrations/auth-url', { provider: 'shopify', store: sandbox.baseUrl, redirect_uri: REDIRECT });
    expect(denied.status).toBe(400);
    expect(denied.body.error).toBe('redirect_uri_not_allowed');
    const set = await put('/api/v1/integrations/settings', { allowedRedirectUris: [REDIRECT] });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ allowedRedirectUris: [REDIRECT] });
    expect((await post('/api/v1/integrations/auth-url', { provider: 'shopify', store: sandbox.baseUrl, redirect_uri: 'https://evil.example.com/x' })).status).toBe(400);
    // Another org's allowlist is its own.
    expect((await post('/api/v1/integrations/auth-url', { provider: 'shopify', store: sandbox.baseUrl, redirect_uri: REDIRECT }, b)).status).toBe(400);
  });

  it('points auth-url at the connect page without a provider, at the consent screen with one', async () => {
    const page = await authUrl({});
    expect(page).toMatch(/^http:\/\/127\.0\.0\.1:9\/connect\?state=/);
    const direct = await authUrl();
    expect(direct.startsWith(`${sandbox.baseUrl}/admin/oauth/authorize?`)).toBe(true);
    expect(new URL(direct).searchParams.get('redirect_uri')).toBe('http://127.0.0.1:9/api/v1/integrations/oauth/shopify/callback');
    const noStore = await post('/api/v1/integrations/auth-url', { provider: 'shopify' });
    expect([noStore.status, noStore.body.error]).toEqual([400, 'store_required']);
    const unknown = await post('/api/v1/integrations/auth-url', { provider: 'nosuch', store: 'x' });
    expect([unknown.status, unknown.body.error]).toEqual([400, 'unknown_provider']);
  });

  it('completes OAuth: our callback stores the tokens and redirects with connection_id', async () => {
    const callback = await consent(await authUrl());
    const res = record(await t.http.get(callback));
    expect(res.status).toBe(302);
    const to = new URL(res.headers.location);
    expect(`${to.origin}${to.pathname}`).toBe(REDIRECT);
    expect(to.searchParams.get('category')).toBe('commerce');
    expect(to.searchParams.get('provider')).toBe('shopify');
    connectionId = to.searchParams.get('connection_id')!;
    expect(connectionId).toMatch(/^conn_shopify_[0-9a-f]{6}$/);

    // Single use: the same redirect again is refused.
    const replay = record(await t.http.get(callback));
    expect([replay.status, replay.body.error]).toEqual([400, 'invalid_state']);

    const list = await get('/api/v1/integrations/connections');
    expect(list.body.connections).toHaveLength(1);
    const [c] = list.body.connections;
    expect(Object.keys(c).sort()).toEqual(['category', 'created_at', 'id', 'last_error', 'provider', 'status', 'store', 'unified_connection_id', 'updated_at']);
    expect(c).toMatchObject({ unified_connection_id: connectionId, provider: 'shopify', status: 'PENDING' });
    expect(c.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
  });

  it('refuses a tampered, expired or foreign-signed state and a bad provider signature', async () => {
    const callback = new URL(await consent(await authUrl()), 'http://x');
    const state = callback.searchParams.get('state')!;
    const [body, sig] = state.split('.');
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString());

    const tampered = new URL(callback);
    tampered.searchParams.set('state', `${Buffer.from(JSON.stringify({ ...payload, tenantId: b.tenantId, orgId: b.orgId })).toString('base64url')}.${sig}`);
    const r1 = record(await t.http.get(tampered.pathname + tampered.search));
    expect([r1.status, r1.body.error]).toEqual([400, 'invalid_state']);

    // Correctly signed (with the server's own state key) but past its 10 minutes.
    const key = t.started.app.get(KeyRing, { strict: false }).derive('oauth-state');
    const expiredBody = Buffer.from(JSON.stringify({ ...payload, exp: Date.now() - 1000 })).toString('base64url');
    const expired = new URL(callback);
    expired.searchParams.set('state', `${expiredBody}.${createHmac('sha256', key).update(expiredBody).digest('base64url')}`);
    const r2 = record(await t.http.get(expired.pathname + expired.search));
    expect([r2.status, r2.body.error]).toEqual([400, 'invalid_state']);
    expect(r2.body.message).toMatch(/expired/);

    const badHmac = new URL(callback);
    badHmac.searchParams.set('hmac', '0'.repeat(64));
    const r3 = record(await t.http.get(badHmac.pathname + badHmac.search));
    expect([r3.status, r3.body.error]).toEqual([400, 'invalid_callback_signature']);
  });

  it('secures the connection with POST callback and validates its input', async () => {
    const empty = await post('/api/v1/integrations/callback', { connection_id: '' });
    expect(empty.status).toBe(400);
    const accounting = await post('/api/v1/integrations/callback', { connection_id: connectionId, category: 'accounting' });
    expect([accounting.status, accounting.body.error]).toEqual([400, 'unsupported_category']);
    const mismatch = await post('/api/v1/integrations/callback', { connection_id: connectionId, provider: 'woocommerce' });
    expect([mismatch.status, mismatch.body.error]).toEqual([400, 'provider_mismatch']);
    expect((await post('/api/v1/integrations/callback', { connection_id: 'conn_shopify_000000' })).status).toBe(404);
    expect((await post('/api/v1/integrations/callback', { connection_id: connectionId }, b)).status).toBe(404);

    const ok = await post('/api/v1/integrations/callback', { connection_id: connectionId, category: 'commerce', provider: 'shopify' });
    expect(ok.status).toBe(201);
    expect(ok.body).toEqual({ status: 'success', message: 'Integration secured' });
    const list = await get('/api/v1/integrations/connections');
    expect(list.body.connections[0].status).toBe('ACTIVE');
  });

  const products = (q: string, who = a) => get(`/api/v1/unified/commerce/products?connectionId=${connectionId}${q}`, who);
  const orders = (q: string, who = a) => get(`/api/v1/unified/commerce/orders?connectionId=${connectionId}${q}`, who);

  async function pages(fetchPage: (cursor: string) => Promise<Response>, key: 'products' | 'orders'): Promise<Array<Record<string, any>>> {
    const out: Array<Record<string, any>> = [];
    let cursor = '';
    for (let i = 0; i < 50; i++) {
      const res = await fetchPage(cursor ? `&cursor=${encodeURIComponent(cursor)}` : '');
      expect(res.status).toBe(200);
      out.push(...res.body[key]);
      if (!res.body.pageInfo.hasNext) {
        expect(res.body.pageInfo.nextCursor).toBeNull();
        return out;
      }
      cursor = res.body.pageInfo.nextCursor;
    }
    throw new Error('pagination did not end');
  }

  let allProducts: Array<Record<string, any>> = [];

  it('lists products in pages with stable unified ids, by connectionId or credentialId', async () => {
    allProducts = await pages((c) => products(`&limit=7${c}`), 'products');
    expect(allProducts).toHaveLength(23);
    expect(new Set(allProducts.map((p) => p.id)).size).toBe(23);
    const p = allProducts[0];
    expect(p.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(p.id).not.toBe(p.remoteId);
    expect(p.variants[0]).toMatchObject({ productId: p.id, remoteId: expect.any(String) });
    if (p.variants[0].weight.length) expect(p.variants[0].weight.map((w: { unit: string }) => w.unit)).toEqual(['kg', 'g', 'oz', 'lb']);
    const again = await get(`/api/v1/unified/commerce/products?credentialId=${connectionId}&limit=100`);
    expect(again.body.products.map((x: { id: string }) => x.id)).toEqual(allProducts.map((x) => x.id));
    expect((await get('/api/v1/unified/commerce/products')).status).toBe(400);
  });

  it('applies each product filter (pushed down or not) without dropping or repeating records', async () => {
    const ids = (xs: Array<Record<string, any>>) => xs.map((x) => x.id);
    const type = allProducts[3].productType as string;
    expect(ids(await pages((c) => products(`&limit=2&productType=${encodeURIComponent(type)}${c}`), 'products'))).toEqual(
      ids(allProducts.filter((p) => p.productType === type)),
    );
    const word = String(allProducts[5].description).split(/\s+/).find((w: string) => w.length > 4)!.toLowerCase();
    const byDescription = await pages((c) => products(`&limit=2&descriptionContains=${encodeURIComponent(word)}${c}`), 'products');
    expect(byDescription.length).toBeGreaterThan(0);
    expect(ids(byDescription)).toEqual(ids(allProducts.filter((p) => String(p.description ?? '').toLowerCase().includes(word))));
    const created = [...allProducts.map((p) => p.createdTimestamp as number)].sort((x, y) => x - y)[10];
    expect(ids(await pages((c) => products(`&limit=3&createdTimestamp=${created}${c}`), 'products')).sort()).toEqual(
      ids(allProducts.filter((p) => p.createdTimestamp >= created)).sort(),
    );
    const updated = [...allProducts.map((p) => p.updatedTimestamp as number)].sort((x, y) => x - y)[12];
    expect(ids(await pages((c) => products(`&limit=3&updatedSince=${updated}${c}`), 'products')).sort()).toEqual(
      ids(allProducts.filter((p) => p.updatedTimestamp >= updated)).sort(),
    );
    expect((await products('&cursor=not-ours')).status).toBe(400);
  });

  it('gets, creates, replaces, patches and deletes a product in the store', async () => {
    const one = await get(`/api/v1/unified/commerce/products/${allProducts[2].id}?connectionId=${connectionId}`);
    expect(one.status).toBe(200);
    expect(one.body.product).toMatchObject({ id: allProducts[2].id, remoteId: allProducts[2].remoteId });
    expect((await get(`/api/v1/unified/commerce/products/${randomUUID()}?connectionId=${connectionId}`)).status).toBe(404);

    const created = await post(`/api/v1/unified/commerce/products?connectionId=${connectionId}`, {
      productName: 'New Hoodie',
      description: 'A cool hoodie to keep you warm',
      productStatus: 'ACTIVE',
      variants: [{ price: 40, sku: 'HOODIE-T', weight: { value: 25, unit: 'oz' } }],
    });
    expect(created.status).toBe(201);
    const product = created.body.product;
    expect(product).toMatchObject({ productName: 'New Hoodie', productStatus: 'ACTIVE', id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(product.variants[0]).toMatchObject({ sku: 'HOODIE-T', price: '40.00', productId: product.id });
    expect(product.variants[0].weight.find((w: { unit: string }) => w.unit === 'oz').value).toBeCloseTo(25);
    expect(product.variants[0].weight).toHaveLength(4);
    expect((await post(`/api/v1/unified/commerce/products?connectionId=${connectionId}`, { description: 'no name' })).status).toBe(400);

    const replaced = await put(`/api/v1/unified/commerce/products/${product.id}?connectionId=${connectionId}`, {
      productName: 'Winter coat',
      description: 'A puffy coat',
      productStatus: 'ACTIVE',
      variants: [{ remoteId: product.variants[0].remoteId, price: '100.00', sku: 'HOODIE-T' }],
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body.product).toMatchObject({ id: product.id, productName: 'Winter coat', description: 'A puffy coat' });
    const patched = await patch(`/api/v1/unified/commerce/products/${product.id}?connectionId=${connectionId}`, { tags: ['Winter'] });
    expect(patched.status).toBe(200);
    expect(patched.body.product).toMatchObject({ id: product.id, productName: 'Winter coat', tags: ['Winter'] });

    expect((await del(`/api/v1/unified/commerce/products/${product.id}?connectionId=${connectionId}`)).status).toBe(204);
    expect((await get(`/api/v1/unified/commerce/products/${product.id}?connectionId=${connectionId}`)).status).toBe(404);
  });

  it('lists and gets orders with each filter', async () => {
    const all = await pages((c) => orders(`&limit=6${c}`), 'orders');
    expect(all).toHaveLength(17);
    const ids = (xs: Array<Record<string, any>>) => xs.map((x) => x.id);
    for (const [param, field] of [['fulfillmentStatus', 'fulfillmentStatus'], ['orderStatus', 'orderStatus'], ['currency', 'currency']] as const) {
      const value = all[1][field];
      expect(ids(await pages((c) => orders(`&limit=4&${param}=${value}${c}`), 'orders'))).toEqual(ids(all.filter((o) => o[field] === value)));
    }
    const since = [...all.map((o) => Date.parse(o.remoteUpdatedAt))].sort((x, y) => x - y)[8];
    expect(ids(await pages((c) => orders(`&limit=4&updatedSince=${Math.floor(since / 1000)}${c}`), 'orders')).sort()).toEqual(
      ids(all.filter((o) => Date.parse(o.remoteUpdatedAt) >= Math.floor(since / 1000) * 1000)).sort(),
    );
    expect((await orders('&orderStatus=Nope')).status).toBe(400);
    const one = await get(`/api/v1/unified/commerce/orders/${all[0].id}?connectionId=${connectionId}`);
    expect(one.status).toBe(200);
    expect(one.body.order).toMatchObject({ id: all[0].id, remoteId: all[0].remoteId, lineItems: expect.any(Array) });
  });

  it("keeps the second tenant away from the first tenant's connection", async () => {
    expect((await get('/api/v1/integrations/connections', b)).body).toEqual({ connections: [] });
    expect((await products('&limit=1', b)).status).toBe(404);
    expect((await get(`/api/v1/unified/commerce/orders/${randomUUID()}?connectionId=${connectionId}`, b)).status).toBe(404);
    expect((await del(`/api/v1/integrations/connections/${connectionId}`, b)).status).toBe(404);
  });

  it('maps provider throttling to 429 with Retry-After and an outage to 502', async () => {
    sandbox.sandbox.setFaults({ rateLimit: 5, retryAfterSeconds: 7 });
    const limited = await products('&limit=1');
    expect([limited.status, limited.body.error, limited.headers['retry-after']]).toEqual([429, 'provider_rate_limited', '7']);
    sandbox.sandbox.setFaults({ serverError: 5 });
    const down = await products('&limit=1');
    expect([down.status, down.body.error]).toEqual([502, 'provider_unavailable']);
    sandbox.sandbox.clearFaults();
    expect((await products('&limit=1')).status).toBe(200);
  });

  it('re-encrypts every credential on key rotation and keeps the connection working', async () => {
    const ds = t.started.app.get(DataSource);
    const [before] = await ds.query(`SELECT key_id, credentials_enc FROM connections WHERE unified_connection_id = $1`, [connectionId]);
    const result = await t.started.app.get(KeyRotationService, { strict: false }).rotate({ newKey: randomBytes(32).toString('base64') });
    expect(result.reencrypted).toBeGreaterThanOrEqual(1);
    expect(result.remaining).toBe(0);
    const [after] = await ds.query(`SELECT key_id, credentials_enc FROM connections WHERE unified_connection_id = $1`, [connectionId]);
    expect(after.key_id).toBe(result.keyId);
    expect(after.key_id).not.toBe(before.key_id);
    expect(after.credentials_enc).not.toBe(before.credentials_enc);
    for (const token of issuedTokens) expect(after.credentials_enc).not.toContain(token);
    expect((await products('&limit=2')).status).toBe(200);
  });

  it('registers a sandbox connection from a fallback identifier outside production', async () => {
    const res = await post('/api/v1/integrations/callback', { connection_id: 'conn_shopify_fallback1', provider: 'shopify' });
    expect(res.status).toBe(201);
    const list = await get('/api/v1/integrations/connections');
    expect(list.body.connections.find((c: { unified_connection_id: string }) => c.unified_connection_id === 'conn_shopify_fallback1')).toMatchObject({ status: 'ACTIVE' });
    // The same id from another tenant is not theirs to take.
    expect((await post('/api/v1/integrations/callback', { connection_id: 'conn_shopify_fallback1', provider: 'shopify' }, b)).status).toBe(404);
  });

  it('moves a connection whose token the store revoked to NEEDS_REAUTH (502), then answers 409', async () => {
    for (const token of issuedTokens) sandbox.sandbox.revokeToken(token);
    const revoked = await products('&limit=1');
    expect([revoked.status, revoked.body.error]).toEqual([502, 'provider_auth_revoked']);
    const conn = (await get('/api/v1/integrations/connections')).body.connections.find((c: { unified_connection_id: string }) => c.unified_connection_id === connectionId);
    expect(conn.status).toBe('NEEDS_REAUTH');
    const again = await products('&limit=1');
    expect([again.status, again.body.error]).toEqual([409, 'connection_not_active']);
  });

  it('revokes a connection: REVOKED, credentials wiped', async () => {
    expect((await del(`/api/v1/integrations/connections/${connectionId}`)).status).toBe(204);
    const conn = (await get('/api/v1/integrations/connections')).body.connections.find((c: { unified_connection_id: string }) => c.unified_connection_id === connectionId);
    expect(conn.status).toBe('REVOKED');
    const [row] = await t.started.app.get(DataSource).query(`SELECT credentials_enc, key_id FROM connections WHERE unified_connection_id = $1`, [connectionId]);
    expect(row).toEqual({ credentials_enc: null, key_id: null });
  });

  it('never shows a credential in a response or a log line', () => {
    const logText = logs.text();
    // The capture works: it holds the request lines of the provider's redirects.
    expect(logText).toContain('/api/v1/integrations/oauth/shopify/callback');
    expect(issuedTokens.length).toBeGreaterThanOrEqual(2);
    const secrets = [...issuedTokens, sandbox.clientSecret, masterKey];
    const responses = bodies.join('\n');
    for (const s of secrets) {
      expect(responses).not.toContain(s);
      expect(logText).not.toContain(s);
    }
    expect(responses).not.toMatch(/credentials_enc|"v1\.[0-9a-f]{12}\./);
    // One-time OAuth codes and callback signatures are redacted from request lines.
    expect(logText).toMatch(/code=%5Bredacted%5D|"code":"\[redacted\]"/);
    expect(logText).not.toMatch(/[?&](code|hmac)=(?!%5Bredacted%5D)[^&"\s]+/);
  });
});
