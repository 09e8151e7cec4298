import request from 'supertest';
import { DataSource } from 'typeorm';
import { startWooCommerceSandbox, type RunningWooCommerceSandbox } from '@storebridge/plugin-woocommerce/testing';
import type { TestApp, TestTenant } from '../support/test-app';
import { landing, startConnectTestbed, visit, type ConnectTestbed, type RecordingClient } from './support';

jest.setTimeout(90_000);

type Settings = Record<string, unknown>;
interface ConnectionRow {
  id: string;
  unified_connection_id: string;
  status: string;
  settings: Settings;
}

/**
 * Per-connection settings end to end (WooCommerce's `hostRateLimit`, the
 * limit of the host in front of a store): given to every connect flow,
 * checked by the provider's plugin before anything is stored, carried by the
 * attempt to the connection, changed with PATCH, and what the governor
 * paces the connection's requests to.
 */
describe('connections: per-connection settings (WooCommerce hostRateLimit)', () => {
  const REDIRECT = 'https://app.example.com/integrations/done';
  /** Generous: no pacing worth the name against a sandbox without a host limit. */
  const FAST = { hostRateLimit: { requests: 1000, windowSeconds: 1 } };
  let sandbox: RunningWooCommerceSandbox;
  let tb: ConnectTestbed;
  let t: TestApp;
  let a: TestTenant;
  let b: TestTenant;
  let api: RecordingClient;

  const db = () => t.started.app.get(DataSource);
  const count = async (table: 'connections' | 'oauth_states') => Number((await db().query(`SELECT count(*) AS n FROM ${table}`))[0].n);
  const connections = async (who = a) => (await api.get('/api/v1/integrations/connections', who)).body.connections as ConnectionRow[];
  const authUrl = (body: object, who = a) => api.post('/api/v1/integrations/auth-url', { redirect_uri: REDIRECT, ...body }, who);
  const postKeys = async (body: object, form = false) => {
    const req = request(tb.base).post('/connect/keys');
    return api.record(await (form ? req.type('form') : req).send(body));
  };

  /** A connection through WooCommerce's key provisioning: auth-url with the store → approval in the store → return. */
  async function provision(body: object, store = sandbox): Promise<string> {
    const res = await authUrl({ provider: 'woocommerce', store: store.baseUrl, ...body });
    expect(res.status).toBe(200);
    const approved = await visit(res.body.auth_url);
    expect(approved.status).toBe(302);
    return landing(await api.public(approved.location!.pathname + approved.location!.search), REDIRECT).connectionId;
  }

  /** A connect page state for WooCommerce (auth-url without a store). */
  async function pageState(body: object = {}): Promise<string> {
    const res = await authUrl({ provider: 'woocommerce', ...body });
    expect(res.status).toBe(200);
    return new URL(res.body.auth_url).searchParams.get('state')!;
  }

  async function connection(id: string, who = a): Promise<ConnectionRow> {
    const res = await api.get(`/api/v1/integrations/connections/${id}`, who);
    expect(res.status).toBe(200);
    return res.body.connection;
  }

  function expectInvalid(res: { status: number; body: { error?: string; message?: string } }, field: RegExp): void {
    expect([res.status, res.body.error]).toEqual([422, 'invalid_settings']);
    expect(res.body.message).toMatch(field);
  }

  beforeAll(async () => {
    sandbox = await startWooCommerceSandbox({ seed: 7, products: 2, orders: 2, hostLimit: null });
    // No scheduler: a first import of an ACTIVE connection would add requests to the ones the governor test counts.
    tb = await startConnectTestbed({ plugins: 'woocommerce,shopify', env: { SYNC_TICK_MS: '0' } });
    ({ t, a, b, api } = tb);
    for (const who of [a, b]) expect((await api.put('/api/v1/integrations/settings', { allowedRedirectUris: [REDIRECT] }, who)).status).toBe(200);
  });

  afterAll(async () => {
    await tb?.close();
    await sandbox?.close();
  });

  it('creates a connection with the settings given to auth-url (key provisioning), and shows them', async () => {
    const id = await provision({ settings: FAST });
    expect(await connection(id)).toMatchObject({ unified_connection_id: id, settings: FAST });
    expect((await connections()).find((c) => c.unified_connection_id === id)?.settings).toEqual(FAST);
    // Without settings: {}.
    const plain = await provision({});
    expect((await connection(plain)).settings).toEqual({});
  });

  it('refuses settings its provider does not accept with 422, storing nothing', async () => {
    const [attempts, conns] = [await count('oauth_states'), await count('connections')];
    const woo = (settings: unknown) => authUrl({ provider: 'woocommerce', store: sandbox.baseUrl, settings });
    expectInvalid(await woo({ hostRateLimit: { requests: 0, windowSeconds: 10 } }), /settings\.hostRateLimit\.requests/);
    expectInvalid(await woo({ hostRateLimit: { requests: 10, windowSeconds: 10, burst: 5 } }), /settings\.hostRateLimit has unknown keys: burst/);
    expectInvalid(await woo({ hostRateLimit: '25/10' }), /settings\.hostRateLimit must be an object/);
    // A mistyped key is refused, not stored while the default pace silently stays.
    expectInvalid(await woo({ hostRatelimit: { requests: 10, windowSeconds: 10 } }), /unknown settings: settings\.hostRatelimit/);
    expectInvalid(await woo({ weightUnit: 'stone' }), /settings\.weightUnit must be one of/);
    expectInvalid(await woo({ note: 'x'.repeat(5000) }), /at most 4096 bytes/);
    // The connect page's form for WooCommerce (no store yet) checks them too.
    expectInvalid(await authUrl({ provider: 'woocommerce', settings: { hostRateLimit: { requests: 5 } } }), /settings\.hostRateLimit\.windowSeconds/);
    // A provider without per-connection options takes none: a typo is refused, not ignored.
    expectInvalid(await authUrl({ provider: 'shopify', store: 'acme.myshopify.com', settings: { hostRateLimit: { requests: 5, windowSeconds: 1 } } }), /Shopify takes no connection settings: settings\.hostRateLimit/);
    // Settings mean something only to one provider: without it they cannot be checked.
    expectInvalid(await authUrl({ settings: FAST }), /name the provider/);
    const notObject = await woo([1, 2]);
    expect([notObject.status, notObject.body.error]).toEqual([400, 'validation_failed']);
    expect([await count('oauth_states'), await count('connections')]).toEqual([attempts, conns]);
    // {} is no settings, for any provider.
    expect((await authUrl({ provider: 'shopify', store: 'acme.myshopify.com', settings: {} })).status).toBe(200);
    expect((await authUrl({ settings: {} })).status).toBe(200);
  });

  it('documents settings in the OpenAPI reference', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    const schemaOf = (path: string, method: string) => {
      const ref: string = doc.paths[path][method].requestBody.content['application/json'].schema.$ref;
      return doc.components.schemas[ref.split('/').pop()!];
    };
    expect(Object.keys(doc.paths['/api/v1/integrations/connections/{id}']).sort()).toEqual(['delete', 'get', 'patch']);
    expect(schemaOf('/api/v1/integrations/connections/{id}', 'patch')).toMatchObject({ required: ['settings'], properties: { settings: { type: 'object' } } });
    expect(schemaOf('/api/v1/integrations/auth-url', 'post').properties.settings).toMatchObject({ type: 'object', example: { hostRateLimit: expect.any(Object) } });
  });

  describe('keys typed on the connect page', () => {
    it('takes settings with the keys as JSON, and as JSON text in a form', async () => {
      const json = await postKeys({ state: await pageState(), provider: 'woocommerce', store: sandbox.baseUrl, credentials: sandbox.sandbox.issueKeys(), settings: FAST });
      expect((await connection(landing(json, REDIRECT).connectionId)).settings).toEqual(FAST);

      const keys = sandbox.sandbox.issueKeys();
      const slow = { hostRateLimit: { requests: 120, windowSeconds: 60 } };
      const form = await postKeys(
        { state: await pageState(), provider: 'woocommerce', store: sandbox.baseUrl, 'credentials[consumerKey]': keys.consumerKey, 'credentials[consumerSecret]': keys.consumerSecret, settings: JSON.stringify(slow) },
        true,
      );
      expect((await connection(landing(form, REDIRECT).connectionId)).settings).toEqual(slow);
    });

    it('keeps the settings the page was opened with when the keys come without any', async () => {
      const state = await pageState({ settings: FAST });
      const res = await postKeys({ state, provider: 'woocommerce', store: sandbox.baseUrl, credentials: sandbox.sandbox.issueKeys() });
      expect((await connection(landing(res, REDIRECT).connectionId)).settings).toEqual(FAST);
    });

    it('refuses bad settings as JSON 422 before the state is used, so the keys can be sent again', async () => {
      const state = await pageState();
      const conns = await count('connections');
      const body = { state, provider: 'woocommerce', store: sandbox.baseUrl, credentials: sandbox.sandbox.issueKeys() };
      expectInvalid(await postKeys({ ...body, settings: { hostRateLimit: { requests: 1.5, windowSeconds: 1 } } }), /settings\.hostRateLimit\.requests must be a whole number/);
      const notJson = await postKeys({ state, provider: 'woocommerce', store: sandbox.baseUrl, settings: '{"hostRateLimit":' }, true);
      expect([notJson.status, notJson.body.error]).toEqual([400, 'validation_failed']);
      expect(await count('connections')).toBe(conns);
      const ok = await postKeys({ ...body, settings: FAST });
      expect((await connection(landing(ok, REDIRECT).connectionId)).settings).toEqual(FAST);
    });

    it("carries the page's settings through the store's approval (connect/start)", async () => {
      const state = await pageState({ settings: FAST });
      const start = await api.public(`/connect/start?state=${encodeURIComponent(state)}&provider=woocommerce&store=${encodeURIComponent(sandbox.baseUrl)}`);
      expect(start.status).toBe(302);
      const approved = await visit(start.headers.location);
      const id = landing(await api.public(approved.location!.pathname + approved.location!.search), REDIRECT).connectionId;
      expect((await connection(id)).settings).toEqual(FAST);
    });
  });

  describe('PATCH /api/v1/integrations/connections/:id', () => {
    let id = '';
    const patch = (settings: unknown, who = a, target = id) => api.patch(`/api/v1/integrations/connections/${target}`, { settings }, who);

    beforeAll(async () => {
      id = await provision({});
    });

    it("replaces the connection's settings, by conn_… id or UUID, and {} clears them", async () => {
      const slow = { hostRateLimit: { requests: 60, windowSeconds: 60 } };
      const res = await patch(slow);
      expect(res.status).toBe(200);
      expect(res.body.connection).toMatchObject({ unified_connection_id: id, settings: slow });
      expect((await connection(id)).settings).toEqual(slow);
      const { id: uuid } = await connection(id);
      expect((await patch(FAST, a, uuid)).body.connection.settings).toEqual(FAST);
      expect((await patch({})).body.connection.settings).toEqual({});
      expect((await connection(uuid)).settings).toEqual({});
    });

    it('refuses invalid settings with 422 and leaves them as they were', async () => {
      expect((await patch(FAST)).status).toBe(200);
      expectInvalid(await patch({ hostRateLimit: { requests: 10, windowSeconds: 0 } }), /settings\.hostRateLimit\.windowSeconds/);
      const missing = await api.patch(`/api/v1/integrations/connections/${id}`, {});
      expect([missing.status, missing.body.error]).toEqual([400, 'validation_failed']);
      const extra = await api.patch(`/api/v1/integrations/connections/${id}`, { settings: {}, status: 'ACTIVE' });
      expect([extra.status, extra.body.error]).toEqual([400, 'validation_failed']);
      expect((await connection(id)).settings).toEqual(FAST);
    });

    it("is 404 for another tenant's connection or an unknown one, and changes nothing", async () => {
      const { id: uuid } = await connection(id);
      for (const target of [id, uuid]) {
        const res = await patch({}, b, target);
        expect([res.status, res.body.error]).toEqual([404, 'connection_not_found']);
        expect((await api.get(`/api/v1/integrations/connections/${target}`, b)).status).toBe(404);
      }
      expect((await patch({}, a, 'conn_woocommerce_nope00')).status).toBe(404);
      expect((await connection(id)).settings).toEqual(FAST);
      expect(await connections(b)).toEqual([]);
    });
  });

  describe('the governor paces to the setting', () => {
    // A host that lets 3 requests through in any second, as the sandbox counts them (sliding).
    const HOST = { requests: 3, windowSeconds: 1 };
    let limited: RunningWooCommerceSandbox;
    let id = '';
    /** `POST callback`: one authenticated request to the store each (verifyConnection). */
    const verify = () => api.post('/api/v1/integrations/callback', { connection_id: id });

    beforeAll(async () => {
      limited = await startWooCommerceSandbox({ seed: 8, products: 1, orders: 1, hostLimit: HOST });
    });
    afterAll(async () => {
      await limited?.close();
    });

    it('keeps a connection under its host limit when its settings name it, and lets PATCH lift the pacing', async () => {
      // Below the host's 3/s: burst 1, then 1 a second (its 2/s leaves room for network jitter).
      const setting = { hostRateLimit: { requests: 2, windowSeconds: 1 } };
      id = await provision({ settings: setting }, limited);
      // Let the host's window forget the connect flow's own requests (approval screen, key check).
      await new Promise((r) => setTimeout(r, HOST.windowSeconds * 1000 + 100));
      limited.sandbox.resetStats();

      // The published default (25 / 10 s: burst 2, then 2.3/s) would send these 5 in about 1.3 s and meet 429s here.
      const started = performance.now();
      const paced = await Promise.all([1, 2, 3, 4, 5].map(() => verify()));
      const seconds = (performance.now() - started) / 1000;
      expect(paced.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
      expect(limited.sandbox.stats()).toMatchObject({ requests: 5, throttled: 0 });
      // 4 requests after the burst at 1 a second.
      expect(seconds).toBeGreaterThanOrEqual(3);

      // Claiming a far higher limit: the next contexts stop pacing, and this host refuses the excess.
      expect((await api.patch(`/api/v1/integrations/connections/${id}`, { settings: FAST })).status).toBe(200);
      limited.sandbox.resetStats();
      const unpaced = await Promise.all(Array.from({ length: 10 }, () => verify()));
      for (const r of unpaced) expect([201, 429]).toContain(r.status);
      expect(limited.sandbox.stats().throttled).toBeGreaterThan(0);
      expect((await connection(id)).status).toBe('ACTIVE');
    });
  });
});
