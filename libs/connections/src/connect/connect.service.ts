import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  ApiError,
  CommerceErrorCode,
  isCommerceError,
  type AppConfig,
  type AuthScheme,
  type Credentials,
  type KeyProvisioning,
  type OAuth2Scheme,
  type ProviderPlugin,
  type StatelessCallback,
  type StoreRef,
} from '@storebridge/contracts';
import { TenantScopedRepositories } from '@storebridge/tenancy';
import { CONNECTIONS_OPTIONS, type ConnectionsOptions } from '../connections.options';
import { checkConnectionSettings, invalidSettings, type ConnectionSettings } from '../connections/connection-settings';
import { connectionNotFound, ConnectionsService } from '../connections/connections.service';
import { IntegrationSettingsEntity } from '../entities/integration-settings.entity';
import { CONNECTION_CONTEXT_FACTORY, type ConnectionContextFactory } from '../plugins/connection-context-factory.port';
import { PLUGIN_REGISTRY, type PluginRegistryPort } from '../plugins/plugin-registry.port';
import { ConnectStates, invalidState, type NewState } from './connect-states.service';
import type { StatePayload } from './state-token';
import { assertSafeStoreUrl } from './store-url.guard';

export { STATE_TTL_MS, invalidState } from './connect-states.service';

/** The categories we have plugins for. */
export const SUPPORTED_CATEGORIES = ['commerce'];

export interface AuthUrlRequest {
  provider?: string;
  category?: string;
  redirectUri?: string;
  store?: string;
  /** For the new connection (e.g. `hostRateLimit`); checked against the provider's plugin. */
  settings?: ConnectionSettings;
}

/** Where the user's browser goes after the provider sent it back to us. */
export interface ConnectResult {
  redirectUri: string | null;
  connectionId: string;
  category: string;
  provider: string;
}

/** What a connect attempt carries on to its connection, besides the provider and store. */
type Attempt = Pick<NewState, 'category' | 'redirectUri'> & { settings: ConnectionSettings };

/** The routes a provider's key delivery and the browser's return reach (KeyProvisioning). */
export type ProvisioningRoute = 'keys' | 'return';

function hasStatelessCallback(auth: AuthScheme): auth is OAuth2Scheme & { statelessCallback: StatelessCallback } {
  return auth.kind === 'oauth2' && auth.statelessCallback !== undefined;
}

export function provisioningOf(plugin: ProviderPlugin): KeyProvisioning | null {
  return plugin.auth.kind === 'api-key' ? (plugin.auth.provisioning ?? null) : null;
}

/** The connect flow of reference 002: auth-url, the provider's redirect, the consumer's callback. */
@Injectable()
export class ConnectService {
  private readonly logger = new Logger('Connect');

  constructor(
    @Inject(CONNECTIONS_OPTIONS) private readonly options: ConnectionsOptions,
    @Inject(PLUGIN_REGISTRY) private readonly registry: PluginRegistryPort,
    @Inject(CONNECTION_CONTEXT_FACTORY) private readonly contexts: ConnectionContextFactory,
    private readonly states: ConnectStates,
    private readonly repos: TenantScopedRepositories,
    private readonly connections: ConnectionsService,
  ) {}

  get publicUrl(): string {
    return this.options.publicUrl.replace(/\/$/, '');
  }

  oauthCallbackUrl(code: string): string {
    return `${this.publicUrl}/api/v1/integrations/oauth/${code}/callback`;
  }

  provisioningUrl(code: string, route: ProvisioningRoute): string {
    return `${this.publicUrl}/api/v1/integrations/provision/${code}/${route}`;
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

  // --- plugins and stores -------------------------------------------------

  requirePlugin(code: string): ProviderPlugin {
    const plugin = this.registry.get(code);
    if (!plugin) throw ApiError.badRequest('unknown_provider', `The provider "${code}" is not enabled on this server`);
    return plugin;
  }

  app(plugin: ProviderPlugin): AppConfig {
    return this.registry.app(plugin.code);
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

  /** The store a connect attempt was started for, resolved (and checked) again from the identifier its state carries. */
  async storeOf(plugin: ProviderPlugin, payload: StatePayload): Promise<StoreRef> {
    if (!payload.store) throw invalidState('The state carries no store');
    return this.resolveStore(plugin, payload.store);
  }

  /** The settings `providerCode`'s plugin accepts for a new connection (422 `invalid_settings` otherwise). */
  checkSettings(providerCode: string, settings: ConnectionSettings | undefined): ConnectionSettings {
    return checkConnectionSettings(this.requirePlugin(providerCode), settings);
  }

  /**
   * One authenticated call with credentials that no connection holds yet
   * (typed or delivered keys), paced by the rate limit the new connection's
   * settings name. A store that refuses them is a 400 the user can act on;
   * throttling and outages go on as the usual 429/502.
   */
  async verifyCredentials(plugin: ProviderPlugin, store: StoreRef, credentials: Credentials, settings: ConnectionSettings = {}): Promise<void> {
    const ctx = this.contexts.create(plugin, { connectionId: `connect:${store.identifier}`, store, credentials, app: this.app(plugin), interactive: true, settings });
    try {
      await plugin.verifyConnection(ctx);
    } catch (e) {
      if (isCommerceError(e) && e.code === CommerceErrorCode.AuthRevoked) {
        this.logger.warn(`${plugin.code}: the store refused the keys (${e.code})`);
        throw ApiError.badRequest('keys_rejected', `${plugin.displayName} did not accept these keys`);
      }
      throw e;
    }
  }

  /** Stores the attempt's new (PENDING) connection; what the browser is sent back with. `settings` must have been checked. */
  async createConnection(payload: StatePayload, plugin: ProviderPlugin, store: StoreRef, credentials: Credentials, settings: ConnectionSettings): Promise<ConnectResult> {
    const conn = await this.connections.create({ provider: plugin.code, category: payload.category, store, credentials, settings });
    return { redirectUri: payload.redirectUri, connectionId: conn.unifiedConnectionId, category: conn.category, provider: conn.provider };
  }

  // --- auth-url ---------------------------------------------------------

  async authUrl(req: AuthUrlRequest): Promise<string> {
    const category = this.assertCategory(req.category);
    const redirectUri = await this.checkRedirectUri(req.redirectUri);
    if (!req.provider) {
      // Settings mean something only to one provider's plugin: without it they could not be checked now.
      if (req.settings && Object.keys(req.settings).length) throw invalidSettings('settings are checked by the provider: name the provider with them');
      return this.connectPageUrl(await this.states.issue({ provider: null, category, redirectUri, store: null }));
    }
    const plugin = this.requirePlugin(req.provider);
    const settings = checkConnectionSettings(plugin, req.settings);
    if (plugin.auth.kind === 'oauth2' && !req.store) {
      throw ApiError.badRequest('store_required', `${plugin.displayName} needs the store: ${plugin.auth.storeField.label}`);
    }
    if (req.store && (plugin.auth.kind === 'oauth2' || provisioningOf(plugin))) return this.startConsent(plugin, req.store, category, redirectUri, settings);
    // Keys typed on the connect page: its form for this provider.
    if (req.store) await this.resolveStore(plugin, req.store);
    const state = await this.states.issue({ provider: plugin.code, category, redirectUri, store: req.store ?? null, settings });
    return `${this.connectPageUrl(state)}&provider=${encodeURIComponent(plugin.code)}`;
  }

  private connectPageUrl(state: string): string {
    return `${this.publicUrl}/connect?state=${encodeURIComponent(state)}`;
  }

  /**
   * The provider's own approval screen, with a fresh single-use attempt bound
   * to this provider and store: an OAuth consent screen, or the screen where
   * the provider creates keys for us (KeyProvisioning).
   */
  async startConsent(plugin: ProviderPlugin, storeIdentifier: string, category: string, redirectUri: string | null, settings: ConnectionSettings): Promise<string> {
    const attempt: Attempt = { category, redirectUri, settings };
    if (plugin.auth.kind === 'oauth2') return this.startOAuth(plugin, plugin.auth, storeIdentifier, attempt);
    const provisioning = provisioningOf(plugin);
    if (provisioning) return this.startProvisioning(plugin, provisioning, storeIdentifier, attempt);
    throw ApiError.badRequest('not_oauth', `${plugin.displayName} is connected with API keys`);
  }

  private async startOAuth(plugin: ProviderPlugin, auth: OAuth2Scheme, storeIdentifier: string, attempt: Attempt): Promise<string> {
    const store = await this.resolveStore(plugin, storeIdentifier);
    let matchKey: string | null = null;
    if (auth.statelessCallback) {
      // Its callback will name only the store: the attempt must be findable by it.
      matchKey = auth.statelessCallback.storeKey(store);
      if (!matchKey) throw ApiError.badRequest('invalid_store', `${plugin.displayName} needs the store as ${auth.storeField.label}`);
    }
    const state = await this.states.issue({ ...attempt, provider: plugin.code, store: store.identifier, matchKey });
    return auth.authorizeUrl({ store, app: this.app(plugin), redirectUri: this.oauthCallbackUrl(plugin.code), state });
  }

  /** The nonce the provider echoes is the signed state itself: unguessable, expiring, single-use. */
  private async startProvisioning(plugin: ProviderPlugin, provisioning: KeyProvisioning, storeIdentifier: string, attempt: Attempt): Promise<string> {
    const store = await this.resolveStore(plugin, storeIdentifier);
    const nonce = await this.states.issue({ ...attempt, provider: plugin.code, store: store.identifier });
    try {
      return provisioning.authorizeUrl({
        store,
        app: this.app(plugin),
        nonce,
        callbackUrl: this.provisioningUrl(plugin.code, 'keys'),
        returnUrl: this.provisioningUrl(plugin.code, 'return'),
      });
    } catch (e) {
      // E.g. WooCommerce delivers keys only to an https callback: PUBLIC_URL must be https.
      if (isCommerceError(e)) throw ApiError.badRequest('provisioning_unavailable', `${plugin.displayName} cannot create keys for this server: ${e.message}`);
      throw e;
    }
  }

  private async checkRedirectUri(uri: string | undefined): Promise<string | null> {
    const allowed = await this.allowedRedirectUris();
    if (uri === undefined) return allowed[0] ?? null;
    if (!allowed.includes(uri)) {
      throw ApiError.badRequest('redirect_uri_not_allowed', 'The redirect_uri is not on this org\'s allowlist (PUT /api/v1/integrations/settings)');
    }
    return uri;
  }

  // --- state on the way back ---------------------------------------------

  /** A state's payload if its signature and expiry hold (does not use it up). */
  peekState(token: string | undefined): StatePayload {
    return this.states.peek(token);
  }

  // --- the provider's redirect -------------------------------------------

  async oauthCallback(code: string, query: Record<string, string>): Promise<ConnectResult> {
    const loaded = this.registry.get(code);
    if (loaded && hasStatelessCallback(loaded.auth)) return this.statelessCallback(loaded, loaded.auth, query);
    const payload = this.states.peek(query.state);
    if (payload.provider !== code) throw invalidState('The state was issued for another provider');
    const plugin = this.requirePlugin(code);
    if (plugin.auth.kind !== 'oauth2') throw ApiError.badRequest('not_oauth', `${plugin.displayName} does not use OAuth`);
    const auth = plugin.auth;
    return this.states.asTenant(payload, async () => {
      await this.states.consume(payload);
      this.checkCallback(plugin, auth, query);
      const store = await this.storeOf(plugin, payload);
      const credentials = await this.exchangeCode(plugin, auth, store, query);
      const settings = await this.states.settingsOf(payload);
      return this.createConnection(payload, plugin, store, credentials, settings);
    });
  }

  /**
   * A callback without `state` (StatelessCallback): the attempt is the one
   * pending for the store it names. Anyone can name a store, so the code is
   * exchanged before the attempt is used up: a forged callback uses nothing,
   * and a replayed one finds the attempt gone.
   */
  private async statelessCallback(plugin: ProviderPlugin, auth: OAuth2Scheme & { statelessCallback: StatelessCallback }, query: Record<string, string>): Promise<ConnectResult> {
    this.checkCallback(plugin, auth, query);
    const matchKey = auth.statelessCallback.storeKeyOf(query);
    if (!matchKey) throw ApiError.badRequest('invalid_callback', 'The provider callback does not say which store it is for');
    const payload = await this.states.pendingForStore(plugin.code, matchKey);
    return this.states.asTenant(payload, async () => {
      const store = await this.storeOf(plugin, payload);
      const credentials = await this.exchangeCode(plugin, auth, store, query);
      await this.states.consumeForStore(plugin.code, matchKey);
      const settings = await this.states.settingsOf(payload);
      return this.createConnection(payload, plugin, store, credentials, settings);
    });
  }

  /** The provider's signature over its callback, then what the callback says. */
  private checkCallback(plugin: ProviderPlugin, auth: OAuth2Scheme, query: Record<string, string>): void {
    if (auth.verifyCallback && !auth.verifyCallback(query, this.app(plugin))) {
      throw ApiError.badRequest('invalid_callback_signature', 'The provider callback signature does not verify');
    }
    if (query.error) throw ApiError.badRequest('authorization_denied', 'The store owner did not grant access');
    if (!query.code) throw ApiError.badRequest('code_missing', 'The provider callback carries no authorization code');
  }

  private async exchangeCode(plugin: ProviderPlugin, auth: OAuth2Scheme, store: StoreRef, query: Record<string, string>): Promise<Credentials> {
    try {
      return await auth.exchangeCode({ store, app: this.app(plugin), code: query.code, redirectUri: this.oauthCallbackUrl(plugin.code), query, http: this.contexts.http(plugin, store) });
    } catch (e) {
      if (isCommerceError(e)) {
        this.logger.warn(`code exchange with ${plugin.code} failed: ${e.code}`);
        throw ApiError.badRequest('code_exchange_failed', 'The provider did not accept the authorization code');
      }
      throw e;
    }
  }

  /**
   * The connect page's API-key form: checks the state and the keys against
   * the store, then stores them as a PENDING connection. Everything the user
   * typed is checked before the state is used up, so the page can be
   * corrected and sent again. `settings`, checked by the caller
   * (checkSettings), replace those the attempt was started with.
   */
  async submitKeys(stateToken: string, providerCode: string, storeIdentifier: string, fields: Record<string, unknown>, settings?: ConnectionSettings): Promise<ConnectResult> {
    const payload = this.states.peek(stateToken);
    if (payload.provider && payload.provider !== providerCode) throw invalidState('The state was issued for another provider');
    const plugin = this.requirePlugin(providerCode);
    if (plugin.auth.kind !== 'api-key') throw ApiError.badRequest('not_api_key', `${plugin.displayName} is connected through its consent screen`);
    const credentials: Credentials = {};
    for (const f of plugin.auth.fields) {
      const v = fields[f.name];
      if (typeof v !== 'string' || v.trim() === '') throw ApiError.badRequest('field_required', `${f.label} is required`);
      credentials[f.name] = v.trim();
    }
    const store = await this.resolveStore(plugin, storeIdentifier);
    return this.states.asTenant(payload, async () => {
      // The attempt's settings, checked against the plugin the keys are for (a page state may name no provider).
      const chosen = settings ?? checkConnectionSettings(plugin, await this.states.settingsOf(payload));
      await this.verifyCredentials(plugin, store, credentials, chosen);
      await this.states.consume(payload);
      return this.createConnection(payload, plugin, store, credentials, chosen);
    });
  }

  /** The connect page's consent button: uses up the page's state and starts the provider's approval with a new one. */
  async startFromPage(stateToken: string, providerCode: string, storeIdentifier: string): Promise<string> {
    const payload = this.states.peek(stateToken);
    if (payload.provider && payload.provider !== providerCode) throw invalidState('The state was issued for another provider');
    const plugin = this.requirePlugin(providerCode);
    if (plugin.auth.kind !== 'oauth2' && !provisioningOf(plugin)) throw ApiError.badRequest('not_oauth', `${plugin.displayName} is connected with API keys`);
    await this.resolveStore(plugin, storeIdentifier);
    return this.states.asTenant(payload, async () => {
      const settings = checkConnectionSettings(plugin, await this.states.settingsOf(payload));
      await this.states.consume(payload);
      // The new attempt carries the page's settings on to the connection.
      return this.startConsent(plugin, storeIdentifier, payload.category, payload.redirectUri, settings);
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
