import { createHmac, randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { KeyRing, KeyRotationService } from '@storebridge/connections';
import { startWooCommerceSandbox, type RunningWooCommerceSandbox } from '@storebridge/plugin-woocommerce/testing';
import type { TestApp, TestTenant } from '../support/test-app';
import { expectNoSecretsShown, itServesTheUnifiedApi, landing, startConnectTestbed, visit, type ConnectTestbed, type RecordingClient } from './support';

jest.setTimeout(90_000);

/**
 * WooCommerce's connect flows against its sandbox: the store creating keys
 * on the merchant's approval (`/wc-auth/v1/authorize`: keys POSTed to our
 * callback, the browser sent to our return URL) and keys typed on the
 * connect page; then the unified API through the connection.
 */
describe('connections: WooCommerce key provisioning, key entry and unified API (sandbox)', () => {
  const REDIRECT = 'https://app.example.com/integrations/done';
  const KEYS = '/api/v1/integrations/provision/woocommerce/keys';
  /** What the connection the unified API tests use says of its host: no limit worth pacing to. */
  const UNLIMITED_HOST = { hostRateLimit: { requests: 10_000, windowSeconds: 1 } };
  let sandbox: RunningWooCommerceSandbox;
  let tb: ConnectTestbed;
  let t: TestApp;
  let a: TestTenant;
  let b: TestTenant;
  let api: RecordingClient;
  const issued: Array<{ consumerKey: string; consumerSecret: string }> = [];
  let connectionId = '';

  const connections = async (who = a) => (await api.get('/api/v1/integrations/connections', who)).body.connections as Array<Record<string, string>>;
  const statesHoldingKeys = async () => Number((await t.started.app.get(DataSource).query(`SELECT count(*) AS n FROM oauth_states WHERE credentials_enc IS NOT NULL`))[0].n);
  /** What the store would POST to our callback_url. */
  const delivery = (userId: string, keys = { consumer_key: 'ck_forged0000', consumer_secret: 'cs_forged0000' }) => ({ key_id: 1, user_id: userId, ...keys, key_permissions: 'read_write' });
  const deliver = async (body: unknown) => api.record(await request(tb.base).post(KEYS).set('content-type', 'application/json;charset=UTF-8').send(JSON.stringify(body)));

  async function authUrl(body: object = { provider: 'woocommerce', store: sandbox.baseUrl, redirect_uri: REDIRECT }, who = a): Promise<URL> {
    const res = await api.post('/api/v1/integrations/auth-url', body, who);
    expect(res.status).toBe(200);
    return new URL(res.body.auth_url);
  }

  /** The merchant's browser on the store's approval screen: the sandbox decides, delivers the keys to us, and redirects. */
  async function approve(url: URL): Promise<URL> {
    const res = await visit(url.toString());
    expect(res.status).toBe(302);
    expect(res.location!.pathname).toBe('/api/v1/integrations/provision/woocommerce/return');
    return res.location!;
  }

  const back = (to: URL) => api.public(to.pathname + to.search);

  beforeAll(async () => {
    // No host limit in front of the sandbox. The connection the unified API tests use says so in its settings;
    // the others keep the plugin's conservative default pace (25 requests / 10 s).
    sandbox = await startWooCommerceSandbox({ seed: 5, products: 8, orders: 9, hostLimit: null });
    const issue = sandbox.sandbox.issueKeys.bind(sandbox.sandbox);
    sandbox.sandbox.issueKeys = (permissions) => {
      const keys = issue(permissions);
      issued.push(keys);
      return keys;
    };
    tb = await startConnectTestbed({ plugins: 'woocommerce' });
    ({ t, a, b, api } = tb);
    expect((await api.put('/api/v1/integrations/settings', { allowedRedirectUris: [REDIRECT] })).status).toBe(200);
  });

  afterAll(async () => {
    await tb?.close();
    await sandbox?.close();
  });

  it('lists WooCommerce as API keys the store can also provision', async () => {
    const res = await api.get('/api/v1/integrations/providers');
    expect(res.body.providers).toEqual([
      expect.objectContaining({
        code: 'woocommerce',
        auth: expect.objectContaining({ kind: 'api-key', provisioning: true, fields: [expect.objectContaining({ name: 'consumerKey' }), expect.objectContaining({ name: 'consumerSecret', secret: true })] }),
      }),
    ]);
  });

  it("points auth-url with a store at the store's /wc-auth/v1/authorize, without one at the connect page", async () => {
    const url = await authUrl();
    expect(`${url.origin}${url.pathname}`).toBe(`${sandbox.baseUrl}/wc-auth/v1/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      app_name: 'Storebridge',
      scope: 'read_write',
      user_id: expect.stringMatching(/^[\w-]+\.[\w-]+$/),
      return_url: `${tb.base}/api/v1/integrations/provision/woocommerce/return`,
      callback_url: `${tb.base}${KEYS}`,
    });
    const page = await authUrl({ provider: 'woocommerce', redirect_uri: REDIRECT });
    expect(`${page.origin}${page.pathname}`).toBe(`${tb.base}/connect`);
    expect(page.searchParams.get('provider')).toBe('woocommerce');
    const bad = await api.post('/api/v1/integrations/auth-url', { provider: 'woocommerce', store: 'http://shop.example.com', redirect_uri: REDIRECT });
    expect([bad.status, bad.body.error]).toEqual([400, 'invalid_store']);
  });

  it('provisions keys: the store delivers them, the browser returns, the keys are checked and stored, POST callback secures', async () => {
    const returned = await approve(await authUrl({ provider: 'woocommerce', store: sandbox.baseUrl, redirect_uri: REDIRECT, settings: UNLIMITED_HOST }));
    expect(returned.searchParams.get('success')).toBe('1');
    expect(issued).toHaveLength(1);
    expect(await statesHoldingKeys()).toBe(1);

    const landed = landing(await back(returned), REDIRECT);
    expect(landed).toMatchObject({ category: 'commerce', provider: 'woocommerce' });
    connectionId = landed.connectionId;
    expect(connectionId).toMatch(/^conn_woocommerce_[0-9a-f]{6}$/);
    // The held keys went into the connection (sealed by the vault) and off the attempt.
    expect(await statesHoldingKeys()).toBe(0);
    const [row] = await t.started.app.get(DataSource).query(`SELECT credentials_enc, key_id FROM connections WHERE unified_connection_id = $1`, [connectionId]);
    expect(row.credentials_enc).toMatch(/^v1\./);
    expect(row.credentials_enc).not.toContain(issued[0].consumerKey);
    expect(await connections()).toEqual([expect.objectContaining({ unified_connection_id: connectionId, status: 'PENDING', store: sandbox.baseUrl, settings: UNLIMITED_HOST })]);

    // The return is single-use, like the delivery.
    expect((await back(returned)).body.error).toBe('invalid_state');

    const ok = await api.post('/api/v1/integrations/callback', { connection_id: connectionId, provider: 'woocommerce' });
    expect(ok.status).toBe(201);
    expect((await connections())[0].status).toBe('ACTIVE');
  });

  it('re-encrypts keys held for a return under a new master key, and the return still reads them', async () => {
    const returned = await approve(await authUrl());
    const ds = t.started.app.get(DataSource);
    const result = await t.started.app.get(KeyRotationService, { strict: false }).rotate({ newKey: randomBytes(32).toString('base64') });
    expect(result.remaining).toBe(0);
    const [held] = await ds.query(`SELECT key_id FROM oauth_states WHERE credentials_enc IS NOT NULL`);
    expect(held.key_id).toBe(result.keyId);
    const { connectionId: id } = landing(await back(returned), REDIRECT);
    expect((await api.del(`/api/v1/integrations/connections/${id}`)).status).toBe(204);
  });

  it('refuses key deliveries that no pending attempt of ours asked for, and stores nothing', async () => {
    const url = await authUrl();
    const state = url.searchParams.get('user_id')!;
    const [body, sig] = state.split('.');
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString());

    const forged = await deliver(delivery('not.ours'));
    expect([forged.status, forged.body.error]).toEqual([400, 'invalid_state']);
    const otherTenant = await deliver(delivery(`${Buffer.from(JSON.stringify({ ...payload, tenantId: b.tenantId, orgId: b.orgId })).toString('base64url')}.${sig}`));
    expect([otherTenant.status, otherTenant.body.error]).toEqual([400, 'invalid_state']);
    const key = t.started.app.get(KeyRing, { strict: false }).derive('oauth-state');
    const expiredBody = Buffer.from(JSON.stringify({ ...payload, exp: Date.now() - 1000 })).toString('base64url');
    const expired = await deliver(delivery(`${expiredBody}.${createHmac('sha256', key).update(expiredBody).digest('base64url')}`));
    expect([expired.status, expired.body.error, expired.body.message]).toEqual([400, 'invalid_state', expect.stringMatching(/expired/)]);
    const malformed = await deliver({ user_id: state, consumer_key: 'nope' });
    expect([malformed.status, malformed.body.error]).toEqual([400, 'invalid_delivery']);
    const readOnly = await deliver({ ...delivery(state), key_permissions: 'read' });
    expect([readOnly.status, readOnly.body.error]).toEqual([400, 'invalid_delivery']);
    const notJson = api.record(await request(tb.base).post(KEYS).set('content-type', 'application/json').send('{"user_id":'));
    expect(notJson.status).toBe(400);
    expect(await statesHoldingKeys()).toBe(0);

    // The attempt is still unused: the store's own delivery goes through (the merchant's browser never comes back here).
    expect((await approve(url)).searchParams.get('success')).toBe('1');
    // Once used, a replayed delivery stores nothing more.
    const replay = await deliver(delivery(state));
    expect([replay.status, replay.body.error]).toEqual([400, 'invalid_state']);
    expect(await statesHoldingKeys()).toBe(1);
  });

  it('does not connect keys that fail against the store, nor a return without keys', async () => {
    // The attempt whose merchant never came back (previous test) expires: the next delivery wipes its keys.
    expect(await statesHoldingKeys()).toBe(1);
    await t.started.app.get(DataSource).query(`UPDATE oauth_states SET expires_at = now() - interval '1 second' WHERE credentials_enc IS NOT NULL`);
    // Keys delivered first by someone who knew the attempt: they do not work on the store, so the return refuses them...
    const url = await authUrl();
    const state = url.searchParams.get('user_id')!;
    expect((await deliver(delivery(state))).status).toBe(200);
    expect(await statesHoldingKeys()).toBe(1);
    // ...and the store's own delivery, arriving second, is refused: WooCommerce deletes its new key and shows its error page.
    const shown = await visit(url.toString());
    expect([shown.status, shown.location]).toEqual([401, null]);
    expect(shown.text).toMatch(/unable to send the consumer data/);
    expect(sandbox.sandbox.isTokenValid(issued[issued.length - 1].consumerKey)).toBe(false);
    const before = (await connections()).length;
    const rejected = await back(new URL(`/api/v1/integrations/provision/woocommerce/return?success=1&user_id=${state}`, tb.base));
    expect([rejected.status, rejected.body.error]).toEqual([400, 'keys_rejected']);

    // Keys the store delivered, revoked before the merchant is back (e.g. deleted in WooCommerce › REST API).
    const returned = await approve(await authUrl());
    sandbox.sandbox.revokeToken(issued[issued.length - 1].consumerKey);
    expect((await back(returned)).body.error).toBe('keys_rejected');

    // Back with success=1 although nothing was delivered.
    const early = (await authUrl()).searchParams.get('user_id')!;
    const empty = await back(new URL(`/api/v1/integrations/provision/woocommerce/return?success=1&user_id=${early}`, tb.base));
    expect([empty.status, empty.body.error]).toEqual([400, 'keys_not_received']);

    expect(await connections()).toHaveLength(before);
    expect(await statesHoldingKeys()).toBe(0);
  });

  it('connects nothing when the merchant declines (success=0)', async () => {
    const before = issued.length;
    const connected = (await connections()).length;
    sandbox.sandbox.consent.denyNext();
    const returned = await approve(await authUrl());
    expect(Object.fromEntries(returned.searchParams)).toEqual({ success: '0', user_id: expect.any(String) });
    expect(issued).toHaveLength(before);
    const denied = await back(returned);
    expect([denied.status, denied.body.error]).toEqual([400, 'authorization_denied']);
    expect((await back(returned)).body.error).toBe('invalid_state');
    expect(await connections()).toHaveLength(connected);
  });

  it("lets the second tenant neither see nor complete the first tenant's attempt", async () => {
    const returned = await approve(await authUrl());
    // B's own flow for the same store is its own attempt; A's return still lands in A.
    const bUrl = await authUrl({ provider: 'woocommerce', store: sandbox.baseUrl }, b);
    expect(bUrl.searchParams.get('user_id')).not.toBe(returned.searchParams.get('user_id'));
    const res = await back(returned);
    expect(res.status).toBe(302);
    const id = new URL(res.headers.location).searchParams.get('connection_id')!;
    expect(await connections(b)).toEqual([]);
    expect((await api.post('/api/v1/integrations/callback', { connection_id: id }, b)).status).toBe(404);
    expect((await api.del(`/api/v1/integrations/connections/${id}`)).status).toBe(204);
  });

  describe('keys typed on the connect page', () => {
    const page = (state: string) => api.public(`/connect?state=${encodeURIComponent(state)}&provider=woocommerce`);
    const submit = async (fields: Record<string, string>) => api.record(await request(tb.base).post('/connect/keys').type('form').send(fields));
    let state = '';

    beforeAll(async () => {
      state = (await authUrl({ provider: 'woocommerce', redirect_uri: REDIRECT })).searchParams.get('state')!;
    });

    it('offers approval in the store and the key form', async () => {
      const res = await page(state);
      expect(res.status).toBe(200);
      expect(res.text).toContain('action="/connect/start"');
      expect(res.text).toContain('<h3 id="p-woocommerce-keys-title">Or enter API keys</h3>');
      expect(res.text).toContain('name="credentials[consumerKey]"');
      expect(res.text).toMatch(/name="credentials\[consumerSecret\]" type="password"/);
    });

    it('checks the keys against the store before the state is used, then connects them', async () => {
      const good = sandbox.sandbox.issueKeys();
      const form = { state, provider: 'woocommerce', store: sandbox.baseUrl, 'credentials[consumerKey]': good.consumerKey, 'credentials[consumerSecret]': good.consumerSecret };

      const missing = await submit({ ...form, 'credentials[consumerSecret]': '' });
      expect(missing.status).toBe(400);
      expect(missing.text).toMatch(/<div role="alert">Consumer secret is required<\/div>/);
      const wrong = await submit({ ...form, 'credentials[consumerSecret]': 'cs_wrong' });
      expect(wrong.status).toBe(400);
      expect(wrong.text).toMatch(/role="alert">WooCommerce did not accept these keys/);
      const unknownField = await submit({ ...form, extra: 'x' });
      expect([unknownField.status, unknownField.body.error]).toEqual([400, 'validation_failed']);

      const ok = await submit(form);
      const landed = landing(ok, REDIRECT);
      expect(landed.connectionId).toMatch(/^conn_woocommerce_/);
      expect((await api.post('/api/v1/integrations/callback', { connection_id: landed.connectionId })).status).toBe(201);
      expect((await connections()).find((c) => c.unified_connection_id === landed.connectionId)).toMatchObject({ status: 'ACTIVE' });

      // The page's state is used up.
      const again = await submit(form);
      expect(again.status).toBe(400);
      expect(again.text).toContain('<h1>Cannot connect</h1>');
      expect((await api.del(`/api/v1/integrations/connections/${landed.connectionId}`)).status).toBe(204);
    });

    it('takes the same keys as JSON', async () => {
      const fresh = (await authUrl({ provider: 'woocommerce', redirect_uri: REDIRECT })).searchParams.get('state')!;
      const keys = sandbox.sandbox.issueKeys();
      const res = api.record(await request(tb.base).post('/connect/keys').send({ state: fresh, provider: 'woocommerce', store: sandbox.baseUrl, credentials: keys }));
      const { connectionId: id } = landing(res, REDIRECT);
      expect((await api.del(`/api/v1/integrations/connections/${id}`)).status).toBe(204);
    });
  });

  itServesTheUnifiedApi({ ctx: () => ({ api, b, connectionId }), products: 8, orders: 9, pageSize: 3, sku: 'WOO' });

  it('never shows a credential in a response or a log line', () => {
    expect(issued.length).toBeGreaterThanOrEqual(5);
    expectNoSecretsShown({
      answers: api.answers,
      logText: tb.logs.text(),
      secrets: [...issued.flatMap((k) => [k.consumerKey, k.consumerSecret]), tb.masterKey],
      logged: KEYS,
    });
    // The return URL carries the connect state in user_id: redacted like OAuth's state.
    expect(tb.logs.text()).toContain('user_id=%5Bredacted%5D');
    expect(tb.logs.text()).not.toMatch(/[?&]user_id=(?!%5Bredacted%5D)[^&"\s]+/);
  });
});
