import { DataSource } from 'typeorm';
import { startBigcommerceSandbox, type RunningBigcommerceSandbox } from '@storebridge/plugin-bigcommerce/testing';
import type { TestApp, TestTenant } from '../support/test-app';
import { expectNoSecretsShown, itServesTheUnifiedApi, landing, startConnectTestbed, visit, type ConnectTestbed, type RecordingClient } from './support';

jest.setTimeout(60_000);

/**
 * BigCommerce's app install flow against its sandbox: the install link, the
 * auth callback that carries `code`, `scope` and `context=stores/{hash}` but
 * no `state` (matched to the pending attempt by store hash), the token
 * exchange; then the unified API through the connection.
 */
describe('connections: BigCommerce app install (stateless callback) and unified API (sandbox)', () => {
  const REDIRECT = 'https://app.example.com/integrations/done';
  const CALLBACK = '/api/v1/integrations/oauth/bigcommerce/callback';
  let sandbox: RunningBigcommerceSandbox;
  let store = '';
  let tb: ConnectTestbed;
  let t: TestApp;
  let a: TestTenant;
  let b: TestTenant;
  let api: RecordingClient;
  const issuedTokens: string[] = [];
  let connectionId = '';

  const connections = async (who = a) => (await api.get('/api/v1/integrations/connections', who)).body.connections as Array<Record<string, string>>;
  const pending = async () => Number((await t.started.app.get(DataSource).query(`SELECT count(*) AS n FROM oauth_states WHERE provider = 'bigcommerce' AND used_at IS NULL AND expires_at > now()`))[0].n);

  async function authUrl(who = a, body: object = { provider: 'bigcommerce', store, redirect_uri: REDIRECT }): Promise<string> {
    const res = await api.post('/api/v1/integrations/auth-url', body, who);
    expect(res.status).toBe(200);
    return res.body.auth_url as string;
  }

  /** The merchant installs the app: the sandbox sends the browser to our auth callback. */
  async function install(url: string): Promise<URL> {
    const res = await visit(url);
    expect(res.status).toBe(302);
    expect(res.location!.pathname).toBe(CALLBACK);
    return res.location!;
  }

  const callback = (to: URL) => api.public(to.pathname + to.search);
  const withParams = (to: URL, params: Record<string, string | null>) => {
    const out = new URL(to);
    for (const [k, v] of Object.entries(params)) if (v === null) out.searchParams.delete(k);
    else out.searchParams.set(k, v);
    return out;
  };

  beforeAll(async () => {
    // A quota far above the published one (the governor adopts what the sandbox reports), so pacing does not dominate the run.
    sandbox = await startBigcommerceSandbox({ seed: 7, products: 10, orders: 7, quota: 100_000 });
    store = `${sandbox.baseUrl}/stores/${sandbox.storeHash}`;
    const issue = sandbox.sandbox.issueToken.bind(sandbox.sandbox);
    sandbox.sandbox.issueToken = (token?: string) => {
      const issued = issue(token);
      issuedTokens.push(issued);
      return issued;
    };
    tb = await startConnectTestbed({ plugins: 'bigcommerce' });
    ({ t, a, b, api } = tb);
    for (const who of [a, b]) expect((await api.put('/api/v1/integrations/settings', { allowedRedirectUris: [REDIRECT] }, who)).status).toBe(200);
  });

  afterAll(async () => {
    await tb?.close();
    await sandbox?.close();
  });

  it('points auth-url at the install link, with no state, and needs the store hash', async () => {
    const url = new URL(await authUrl());
    expect(`${url.origin}${url.pathname}`).toBe(`${sandbox.baseUrl}/app/${sandbox.clientId}/install`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ redirect_uri: `${tb.base}${CALLBACK}` });
    // A sandbox named without its hash could never be matched to the callback.
    const noHash = await api.post('/api/v1/integrations/auth-url', { provider: 'bigcommerce', store: sandbox.baseUrl, redirect_uri: REDIRECT });
    expect([noHash.status, noHash.body.error]).toEqual([400, 'invalid_store']);
    const bad = await api.post('/api/v1/integrations/auth-url', { provider: 'bigcommerce', store: 'not a hash!', redirect_uri: REDIRECT });
    expect([bad.status, bad.body.error]).toEqual([400, 'invalid_store']);
  });

  it('completes the install: the callback is matched by store hash, the code exchanged, the connection secured', async () => {
    const to = await install(await authUrl());
    expect(Object.fromEntries(to.searchParams)).toEqual({ code: expect.any(String), scope: expect.any(String), context: `stores/${sandbox.storeHash}`, account_uuid: expect.any(String) });
    const landed = landing(await callback(to), REDIRECT);
    expect(landed).toMatchObject({ category: 'commerce', provider: 'bigcommerce' });
    connectionId = landed.connectionId;
    expect(connectionId).toMatch(/^conn_bigcommerce_[0-9a-f]{6}$/);
    expect(await connections()).toEqual([expect.objectContaining({ unified_connection_id: connectionId, status: 'PENDING', store })]);
    expect(await pending()).toBe(0);

    // The same callback again finds no pending attempt.
    const replay = await callback(to);
    expect([replay.status, replay.body.error]).toEqual([400, 'invalid_state']);

    expect((await api.post('/api/v1/integrations/callback', { connection_id: connectionId, provider: 'bigcommerce' })).status).toBe(201);
    expect((await connections())[0].status).toBe('ACTIVE');
  });

  it('refuses callbacks that name no store, another store, or a code the store did not issue, using nothing up', async () => {
    const to = await install(await authUrl());
    const before = (await connections()).length;

    const noContext = await callback(withParams(to, { context: null }));
    expect([noContext.status, noContext.body.error]).toEqual([400, 'invalid_callback_signature']);
    const otherStore = await callback(withParams(to, { context: 'stores/zzz999' }));
    expect([otherStore.status, otherStore.body.error]).toEqual([400, 'invalid_state']);
    // A forged code for our pending store: the exchange fails before the attempt is used.
    const forged = await callback(withParams(to, { code: 'f0rged' }));
    expect([forged.status, forged.body.error]).toEqual([400, 'code_exchange_failed']);
    expect(await pending()).toBe(1);
    // A code issued for another callback URL is refused at the exchange too.
    const elsewhere = await visit(`${sandbox.baseUrl}/app/${sandbox.clientId}/install?redirect_uri=${encodeURIComponent('https://elsewhere.example/cb')}`);
    const stolen = await callback(withParams(to, { code: elsewhere.location!.searchParams.get('code') }));
    expect(stolen.body.error).toBe('code_exchange_failed');

    // The real callback still completes the attempt.
    const { connectionId: id } = landing(await callback(to), REDIRECT);
    expect(await connections()).toHaveLength(before + 1);
    expect((await api.del(`/api/v1/integrations/connections/${id}`)).status).toBe(204);
  });

  it('connects nothing when the merchant cancels the install, and an expired attempt matches no callback', async () => {
    sandbox.sandbox.consent.denyNext();
    const url = await authUrl();
    const cancelled = await visit(url);
    expect([cancelled.status, cancelled.location]).toEqual([200, null]);
    expect(await pending()).toBe(1);
    // The attempt runs out (10 minutes); a later install of the app finds nothing to complete.
    await t.started.app.get(DataSource).query(`UPDATE oauth_states SET expires_at = now() - interval '1 second' WHERE provider = 'bigcommerce' AND used_at IS NULL`);
    const late = await callback(await install(url));
    expect([late.status, late.body.error]).toEqual([400, 'invalid_state']);
    expect(await connections()).toHaveLength(2);
  });

  itServesTheUnifiedApi({ ctx: () => ({ api, b, connectionId }), products: 10, orders: 7, pageSize: 4, sku: 'BC' });

  it('refuses a callback two tenants are waiting for at once: neither gets the store', async () => {
    const url = await authUrl();
    await authUrl(b);
    const to = await install(url);
    const res = await callback(to);
    expect([res.status, res.body.error]).toEqual([409, 'ambiguous_store']);
    expect(await connections(b)).toEqual([]);
    expect(await connections()).toHaveLength(2);
    expect(await pending()).toBe(2);
  });

  it('never shows a credential in a response or a log line', () => {
    const logText = tb.logs.text();
    expect(issuedTokens.length).toBeGreaterThanOrEqual(2);
    expectNoSecretsShown({ answers: api.answers, logText, secrets: [...issuedTokens, sandbox.clientSecret, tb.masterKey], logged: CALLBACK });
    expect(logText).not.toMatch(/[?&]code=(?!%5Bredacted%5D)[^&"\s]+/);
  });
});
