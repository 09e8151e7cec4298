import { createHmac, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { KeyRing, KeyRotationService } from '@storebridge/connections';
import { startShopifySandbox, type RunningShopifySandbox } from '@storebridge/plugin-shopify/testing';
import type { TestApp, TestTenant } from '../support/test-app';
import { expectNoSecretsShown, itServesTheUnifiedApi, landing, startConnectTestbed, visit, type ConnectTestbed, type RecordingClient } from './support';

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
  let sandbox: RunningShopifySandbox;
  let tb: ConnectTestbed;
  let t: TestApp;
  let a: TestTenant;
  let b: TestTenant;
  let api: RecordingClient;
  const issuedTokens: string[] = [];
  let connectionId = '';

  const get = (path: string, who = a) => api.get(path, who);
  const post = (path: string, body: object, who = a) => api.post(path, body, who);
  const put = (path: string, body: object, who = a) => api.put(path, body, who);
  const del = (path: string, who = a) => api.del(path, who);

  /** Runs the consent screen (the sandbox approves by itself) and returns our callback's path and query. */
  async function consent(authUrl: string): Promise<string> {
    const res = await visit(authUrl);
    expect(res.status).toBe(302);
    expect(res.location!.pathname).toBe('/api/v1/integrations/oauth/shopify/callback');
    return res.location!.pathname + res.location!.search;
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
    tb = await startConnectTestbed({ plugins: 'shopify', env: { SHOPIFY_SANDBOX_URL: sandbox.baseUrl } });
    ({ t, a, b, api } = tb);
  });

  afterAll(async () => {
    await tb?.close();
    await sandbox?.close();
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
    expect(page.startsWith(`${tb.base}/connect?state=`)).toBe(true);
    const direct = await authUrl();
    expect(direct.startsWith(`${sandbox.baseUrl}/admin/oauth/authorize?`)).toBe(true);
    expect(new URL(direct).searchParams.get('redirect_uri')).toBe(`${tb.base}/api/v1/integrations/oauth/shopify/callback`);
    const noStore = await post('/api/v1/integrations/auth-url', { provider: 'shopify' });
    expect([noStore.status, noStore.body.error]).toEqual([400, 'store_required']);
    const unknown = await post('/api/v1/integrations/auth-url', { provider: 'nosuch', store: 'x' });
    expect([unknown.status, unknown.body.error]).toEqual([400, 'unknown_provider']);
  });

  it('completes OAuth: our callback stores the tokens and redirects with connection_id', async () => {
    const callback = await consent(await authUrl());
    const back = landing(await api.public(callback), REDIRECT);
    expect(back).toMatchObject({ category: 'commerce', provider: 'shopify' });
    connectionId = back.connectionId;
    expect(connectionId).toMatch(/^conn_shopify_[0-9a-f]{6}$/);

    // Single use: the same redirect again is refused.
    const replay = await api.public(callback);
    expect([replay.status, replay.body.error]).toEqual([400, 'invalid_state']);

    const list = await get('/api/v1/integrations/connections');
    expect(list.body.connections).toHaveLength(1);
    const [c] = list.body.connections;
    expect(Object.keys(c).sort()).toEqual(['category', 'created_at', 'id', 'last_error', 'provider', 'settings', 'status', 'store', 'unified_connection_id', 'updated_at']);
    expect(c).toMatchObject({ unified_connection_id: connectionId, provider: 'shopify', status: 'PENDING', settings: {} });
    expect(c.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
  });

  it('refuses a tampered, expired or foreign-signed state and a bad provider signature', async () => {
    const callback = new URL(await consent(await authUrl()), 'http://x');
    const state = callback.searchParams.get('state')!;
    const [body, sig] = state.split('.');
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString());

    const tampered = new URL(callback);
    tampered.searchParams.set('state', `${Buffer.from(JSON.stringify({ ...payload, tenantId: b.tenantId, orgId: b.orgId })).toString('base64url')}.${sig}`);
    const r1 = await api.public(tampered.pathname + tampered.search);
    expect([r1.status, r1.body.error]).toEqual([400, 'invalid_state']);

    // Correctly signed (with the server's own state key) but past its 10 minutes.
    const key = t.started.app.get(KeyRing, { strict: false }).derive('oauth-state');
    const expiredBody = Buffer.from(JSON.stringify({ ...payload, exp: Date.now() - 1000 })).toString('base64url');
    const expired = new URL(callback);
    expired.searchParams.set('state', `${expiredBody}.${createHmac('sha256', key).update(expiredBody).digest('base64url')}`);
    const r2 = await api.public(expired.pathname + expired.search);
    expect([r2.status, r2.body.error]).toEqual([400, 'invalid_state']);
    expect(r2.body.message).toMatch(/expired/);

    const badHmac = new URL(callback);
    badHmac.searchParams.set('hmac', '0'.repeat(64));
    const r3 = await api.public(badHmac.pathname + badHmac.search);
    expect([r3.status, r3.body.error]).toEqual([400, 'invalid_callback_signature']);
  });

  it('refuses a declined consent, and the state goes with it', async () => {
    sandbox.sandbox.consent.denyNext();
    const callback = await consent(await authUrl());
    expect(new URL(callback, 'http://x').searchParams.get('error')).toBe('access_denied');
    const denied = await api.public(callback);
    expect([denied.status, denied.body.error]).toEqual([400, 'authorization_denied']);
    expect([(await api.public(callback)).body.error]).toEqual(['invalid_state']);
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

  itServesTheUnifiedApi({ ctx: () => ({ api, b, connectionId }), products: 23, orders: 17, pageSize: 7, sku: 'SHOP' });

  const products = (q: string) => get(`/api/v1/unified/commerce/products?connectionId=${connectionId}${q}`);

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
    const logText = tb.logs.text();
    expect(issuedTokens.length).toBeGreaterThanOrEqual(2);
    // The capture holds the request lines of the provider's redirects.
    expectNoSecretsShown({ answers: api.answers, logText, secrets: [...issuedTokens, sandbox.clientSecret, tb.masterKey], logged: '/api/v1/integrations/oauth/shopify/callback' });
    // One-time OAuth codes and callback signatures are redacted from request lines.
    expect(logText).toMatch(/code=%5Bredacted%5D|"code":"\[redacted\]"/);
    expect(logText).not.toMatch(/[?&](code|hmac)=(?!%5Bredacted%5D)[^&"\s]+/);
  });
});
