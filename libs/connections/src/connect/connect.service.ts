import { Inject, Injectable, Logger } from '@nestjs/common';
import { IsNull, MoreThan } from 'typeorm';
import {
  ApiError,
  isCommerceError,
  type AppConfig,
  type Credentials,
  type ProviderPlugin,
  type StoreRef,
} from '@storebridge/contracts';
import { TenantContext, TenantScopedRepositories, type TenantScope } from '@storebridge/tenancy';
import { CONNECTIONS_OPTIONS, type ConnectionsOptions } from '../connections.options';
import { connectionNotFound, ConnectionsService } from '../connections/connections.service';
import { IntegrationSettingsEntity } from '../entities/integration-settings.entity';
import { OAuthStateEntity } from '../entities/oauth-state.entity';
import { CONNECTION_CONTEXT_FACTORY, type ConnectionContextFactory } from '../plugins/connection-context-factory.port';
import { PLUGIN_REGISTRY, type PluginRegistryPort } from '../plugins/plugin-registry.port';
import { KeyRing } from '../vault/key-ring';
import { signState, verifyState, type StatePayload } from './state-token';
import { assertSafeStoreUrl } from './store-url.guard';

/** How long a connect `state` stays valid. */
export const STATE_TTL_MS = 10 * 60_000;
/** The categories we have plugins for. */
export const SUPPORTED_CATEGORIES = ['commerce'];

export interface AuthUrlRequest {
  provider?: string;
  category?: string;
  redirectUri?: string;
  store?: string;
}

/** Where the user's browser goes after the provider sent it back to us. */
export interface ConnectResult {
  redirectUri: string | null;
  connectionId: string;
  category: string;
  provider: string;
}

export const invalidState = (message = 'The state is invalid'): ApiError => ApiError.badRequest('invalid_state', message);

/** The connect flow of reference 002: auth-url, the provider's redirect, the consumer's callback. */
@Injectable()
export class ConnectService {
  private readonly logger = new Logger('Connect');

  constructor(
    @Inject(CONNECTIONS_OPTIONS) private readonly options: ConnectionsOptions,
    @Inject(PLUGIN_REGISTRY) private readonly registry: PluginRegistryPort,
    @Inject(CONNECTION_CONTEXT_FACTORY) private readonly contexts: ConnectionContextFactory,
    private readonly keys: KeyRing,
    private readonly context: TenantContext,
    private readonly repos: TenantScopedRepositories,
    private readonly connections: ConnectionsService,
  ) {}

  get publicUrl(): string {
    return this.options.publicUrl.replace(/\/$/, '');
  }

  oauthCallbackUrl(code: string): string {
    return `${this.publicUrl}/api/v1/integrations/oauth/${code}/callback`;
  }

  // --- settings ---------------------------------------------------------

  async allowedRedirectUris(): Promise<string[]> {
    return (await this.repos.for(IntegrationSettingsEntity).findOneBy({}))?.allowedRedirectUris ?? [];
  }

  async setAllowedRedirectUris(uris: string[]): Promise<string[]> {
    const repo = this.repos.for(IntegrationSettingsEntity);
    const row = (await repo.findOneBy({})) ?? repo.create({});
    row.allowedRedirectUris = [...new Set(uris)];
    return (await repo.save(row)).allowedRedirectUris;
  }

  // --- auth-url ---------------------------------------------------------

  requirePlugin(code: string): ProviderPlugin {
    const plugin = this.registry.get(code);
    if (!plugin) throw ApiError.badRequest('unknown_provider', `The provider "${code}" is not enabled on this server`);
    return plugin;
  }

  assertCategory(category: string | undefined): string {
    const c = category ?? 'commerce';
    if (!SUPPORTED_CATEGORIES.includes(c)) throw ApiError.badRequest('unsupported_category', `The category "${c}" is not supported; use one of: ${SUPPORTED_CATEGORIES.join(', ')}`);
    return c;
  }

  /** The plugin's view of the store the user named, checked against SSRF. */
  async resolveStore(plugin: ProviderPlugin, identifier: string): Promise<StoreRef> {
    let store: StoreRef;
    try {
      store = plugin.auth.resolveStore(identifier.trim());
    } catch (e) {
      if (isCommerceError(e)) throw ApiError.badRequest('invalid_store', e.message);
      throw e;
    }
    await assertSafeStoreUrl(store.baseUrl, this.options.production);
    return store;
  }

  async authUrl(req: AuthUrlRequest): Promise<string> {
    const category = this.assertCategory(req.category);
    const redirectUri = await this.checkRedirectUri(req.redirectUri);
    if (!req.provider) {
      const state = await this.issueState({ provider: null, category, redirectUri, store: null });
      return `${this.publicUrl}/connect?state=${encodeURIComponent(state)}`;
    }
    const plugin = this.requirePlugin(req.provider);
    if (plugin.auth.kind !== 'oauth2') {
      if (req.store) await this.resolveStore(plugin, req.store);
      const state = await this.issueState({ provider: plugin.code, category, redirectUri, store: req.store ?? null });
      return `${this.publicUrl}/connect?state=${encodeURIComponent(state)}&provider=${encodeURIComponent(plugin.code)}`;
    }
    if (!req.store) throw ApiError.badRequest('store_required', `${plugin.displayName} needs the store: ${plugin.auth.storeField.label}`);
    return this.startOAuth(plugin, req.store, category, redirectUri);
  }

  /** The provider's consent screen URL, with a fresh single-use state bound to this provider and store. */
  async startOAuth(plugin: ProviderPlugin, storeIdentifier: string, category: string, redirectUri: string | null): Promise<string> {
    if (plugin.auth.kind !== 'oauth2') throw ApiError.badRequest('not_oauth', `${plugin.displayName} is connected with API keys`);
    const store = await this.resolveStore(plugin, storeIdentifier);
    const state = await this.issueState({ provider: plugin.code, category, redirectUri, store: store.identifier });
    return plugin.auth.authorizeUrl({ store, app: this.app(plugin), redirectUri: this.oauthCallbackUrl(plugin.code), state });
  }

  private app(plugin: ProviderPlugin): AppConfig {
    return this.registry.app(plugin.code);
  }

  private async checkRedirectUri(uri: string | undefined): Promise<string | null> {
    const allowed = await this.allowedRedirectUris();
    if (uri === undefined) return allowed[0] ?? null;
    if (!allowed.includes(uri)) {
      throw ApiError.badRequest('redirect_uri_not_allowed', 'The redirect_uri is not on this org\'s allowlist (PUT /api/v1/integrations/settings)');
    }
    return uri;
  }

  private async issueState(data: Pick<StatePayload, 'provider' | 'category' | 'redirectUri' | 'store'>): Promise<string> {
    const repo = this.repos.for(OAuthStateEntity);
    const expiresAt = new Date(Date.now() + STATE_TTL_MS);
    const row = await repo.save(
      repo.create({ provider: data.provider, category: data.category, redirectUri: data.redirectUri, storeIdentifier: data.store, expiresAt, usedAt: null }),
    );
    const { tenantId, orgId } = this.context.scope;
    return signState({ sid: row.id, tenantId, orgId, ...data, exp: expiresAt.getTime() }, this.keys.derive('oauth-state'));
  }

  // --- state on the way back ---------------------------------------------

  /** A state's payload if its signature and expiry hold (does not use it up). */
  peekState(token: string | undefined): StatePayload {
    const check = verifyState(token, this.keys.derive('oauth-state'));
    if (!check.ok) throw invalidState(check.reason === 'expired' ? 'The state has expired; start the connection again' : 'The state is invalid');
    return check.payload;
  }

  /** Runs `fn` as the tenant the state was issued to. */
  asStateTenant<T>(payload: StatePayload, fn: () => Promise<T>): Promise<T> {
    const scope: TenantScope = { tenantId: payload.tenantId, orgId: payload.orgId };
    return this.context.run(scope, fn);
  }

  /** Marks the state used; a second use (or an unknown row) is refused. Call inside asStateTenant. */
  async consumeState(payload: StatePayload): Promise<void> {
    const repo = this.repos.for(OAuthStateEntity);
    // One conditional UPDATE: of two concurrent uses exactly one matches.
    const result = await repo.repository.update(repo.where({ id: payload.sid, usedAt: IsNull(), expiresAt: MoreThan(new Date()) }), { usedAt: new Date() });
    if (!result.affected) throw invalidState('The state was already used; start the connection again');
  }

  // --- the provider's redirect -------------------------------------------

  async oauthCallback(code: string, query: Record<string, string>): Promise<ConnectResult> {
    const payload = this.peekState(query.state);
    if (payload.provider !== code) throw invalidState('The state was issued for another provider');
    const plugin = this.requirePlugin(code);
    if (plugin.auth.kind !== 'oauth2') throw ApiError.badRequest('not_oauth', `${plugin.displayName} does not use OAuth`);
    const auth = plugin.auth;
    return this.asStateTenant(payload, async () => {
      await this.consumeState(payload);
      const app = this.app(plugin);
      if (auth.verifyCallback && !auth.verifyCallback(query, app)) {
        throw ApiError.badRequest('invalid_callback_signature', 'The provider callback signature does not verify');
      }
      if (query.error) throw ApiError.badRequest('authorization_denied', 'The store owner did not grant access');
      if (!query.code) throw ApiError.badRequest('code_missing', 'The provider callback carries no authorization code');
      if (!payload.store) throw invalidState('The state carries no store');
      const store = await this.resolveStore(plugin, payload.store);
      let credentials: Credentials;
      try {
        credentials = await auth.exchangeCode({ store, app, code: query.code, redirectUri: this.oauthCallbackUrl(code), query, http: this.contexts.http(plugin, store) });
      } catch (e) {
        if (isCommerceError(e)) {
          this.logger.warn(`code exchange with ${plugin.code} failed: ${e.code}`);
          throw ApiError.badRequest('code_exchange_failed', 'The provider did not accept the authorization code');
        }
        throw e;
      }
      const conn = await this.connections.create({ provider: plugin.code, category: payload.category, store, credentials });
      return { redirectUri: payload.redirectUri, connectionId: conn.unifiedConnectionId, category: conn.category, provider: conn.provider };
    });
  }

  /** The connect page's API-key form: checks the state and stores the keys as a PENDING connection. */
  async submitKeys(stateToken: string, providerCode: string, storeIdentifier: string, fields: Record<string, unknown>): Promise<ConnectResult> {
    const payload = this.peekState(stateToken);
    if (payload.provider && payload.provider !== providerCode) throw invalidState('The state was issued for another provider');
    const plugin = this.requirePlugin(providerCode);
    if (plugin.auth.kind !== 'api-key') throw ApiError.badRequest('not_api_key', `${plugin.displayName} is connected through its consent screen`);
    const credentials: Credentials = {};
    for (const f of plugin.auth.fields) {
      const v = fields[f.name];
      if (typeof v !== 'string' || v.trim() === '') throw ApiError.badRequest('field_required', `${f.label} is required`);
      credentials[f.name] = v.trim();
    }
    // Check everything the user typed before the state is used up, so the page can be corrected and sent again.
    const store = await this.resolveStore(plugin, storeIdentifier);
    return this.asStateTenant(payload, async () => {
      await this.consumeState(payload);
      const conn = await this.connections.create({ provider: plugin.code, category: payload.category, store, credentials });
      return { redirectUri: payload.redirectUri, connectionId: conn.unifiedConnectionId, category: conn.category, provider: conn.provider };
    });
  }

  /** The connect page's OAuth button: uses up the page's state and starts the provider's consent with a new one. */
  async startFromPage(stateToken: string, providerCode: string, storeIdentifier: string): Promise<string> {
    const payload = this.peekState(stateToken);
    if (payload.provider && payload.provider !== providerCode) throw invalidState('The state was issued for another provider');
    const plugin = this.requirePlugin(providerCode);
    if (plugin.auth.kind !== 'oauth2') throw ApiError.badRequest('not_oauth', `${plugin.displayName} is connected with API keys`);
    await this.resolveStore(plugin, storeIdentifier);
    return this.asStateTenant(payload, async () => {
      await this.consumeState(payload);
      return this.startOAuth(plugin, storeIdentifier, payload.category, payload.redirectUri);
    });
  }

  // --- the consumer's callback -------------------------------------------

  /** Verifies a connection's credentials against its provider and marks it ACTIVE. */
  async secure(body: { connectionId: string; category?: string; provider?: string }): Promise<void> {
    if (!body.connectionId || !body.connectionId.trim()) throw ApiError.badRequest('connection_id_required', 'connection_id must not be empty');
    this.assertCategory(body.category);
    let conn = await this.connections.find(body.connectionId.trim());
    if (!conn) {
      if (this.options.production || !body.provider) throw connectionNotFound();
      conn = await this.registerSandboxConnection(body.connectionId.trim(), body.provider, body.category ?? 'commerce');
    }
    if (body.provider && body.provider !== conn.provider) {
      throw ApiError.badRequest('provider_mismatch', `The connection belongs to provider "${conn.provider}"`);
    }
    if (conn.status === 'REVOKED') throw ApiError.conflict('connection_revoked', 'The connection was revoked; connect the store again');
    await this.connections.withPlugin(conn, (plugin, ctx) => plugin.verifyConnection(ctx));
    if (conn.status !== 'ACTIVE') await this.connections.setStatus(conn, 'ACTIVE');
    this.logger.log(`connection ${conn.unifiedConnectionId} verified and active`);
  }

  /**
   * Outside production, `{ connection_id, provider }` for an unknown id
   * connects that provider's local sandbox (`<CODE>_SANDBOX_URL`) under that
   * id: the reference's fallback identifier. The sandbox's consent screen
   * approves by itself, so the whole OAuth round trip runs server-side.
   */
  private async registerSandboxConnection(connectionId: string, providerCode: string, category: string) {
    const plugin = this.registry.get(providerCode);
    const sandboxUrl = plugin ? this.app(plugin).sandboxUrl : undefined;
    if (!plugin || !sandboxUrl || plugin.auth.kind !== 'oauth2') throw connectionNotFound();
    if (!/^conn_[a-z0-9_-]{1,100}$/i.test(connectionId)) throw ApiError.badRequest('invalid_connection_id', 'A sandbox connection id looks like conn_<provider>_<suffix>');
    const store = await this.resolveStore(plugin, sandboxUrl);
    const app = this.app(plugin);
    const state = 'sandbox';
    const redirectUri = this.oauthCallbackUrl(plugin.code);
    const consent = plugin.auth.authorizeUrl({ store, app, redirectUri, state });
    const res = await fetch(consent, { redirect: 'manual' });
    const location = res.headers.get('location');
    const back = location ? new URL(location, consent) : null;
    const query = back ? Object.fromEntries(back.searchParams) : {};
    if (!query.code || (plugin.auth.verifyCallback && !plugin.auth.verifyCallback(query, app))) {
      throw ApiError.badRequest('sandbox_unavailable', `The ${plugin.displayName} sandbox did not approve the connection`);
    }
    const credentials = await plugin.auth.exchangeCode({ store, app, code: query.code, redirectUri, query, http: this.contexts.http(plugin, store) });
    return this.connections.create({ provider: plugin.code, category, store, credentials, unifiedConnectionId: connectionId });
  }
}
