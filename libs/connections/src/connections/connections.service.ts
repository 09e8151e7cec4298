import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ApiError,
  AuthRevokedError,
  CommerceErrorCode,
  isCommerceError,
  type ConnectionContext,
  type Credentials,
  type ProviderPlugin,
  type StoreRef,
} from '@storebridge/contracts';
import { TenantScopedRepositories } from '@storebridge/tenancy';
import { ConnectionEntity, type ConnectionStatus } from '../entities/connection.entity';
import { CONNECTION_CONTEXT_FACTORY, type ConnectionContextFactory } from '../plugins/connection-context-factory.port';
import { PLUGIN_REGISTRY, type PluginRegistryPort } from '../plugins/plugin-registry.port';
import { CredentialVault } from '../vault/credential-vault';
import { checkConnectionSettings, type ConnectionSettings } from './connection-settings';

/** A connection as the API shows it: never its credentials. */
export interface ConnectionView {
  id: string;
  unified_connection_id: string;
  provider: string;
  category: string;
  status: ConnectionStatus;
  store: string;
  /** Per-connection options (e.g. `hostRateLimit`); `{}` when none. */
  settings: ConnectionSettings;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export function toConnectionView(c: ConnectionEntity): ConnectionView {
  return {
    id: c.id,
    unified_connection_id: c.unifiedConnectionId,
    provider: c.provider,
    category: c.category,
    status: c.status,
    store: c.storeIdentifier,
    settings: c.settings,
    last_error: c.lastError,
    created_at: c.createdAt.toISOString(),
    updated_at: c.updatedAt.toISOString(),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Refresh an expiring access token this long before it runs out. */
const REFRESH_MARGIN_MS = 60_000;

export const connectionNotFound = (): ApiError => ApiError.notFound('connection_not_found', 'Connection not found');

/** Connections of the current org: create, look up, run a plugin against one, revoke. */
@Injectable()
export class ConnectionsService {
  private readonly logger = new Logger('Connections');
  /** One refresh at a time per connection in this process; the row lock covers other processes. */
  private readonly refreshing = new Map<string, Promise<Credentials>>();
  private readonly changeListeners = new Set<(connectionId: string) => void>();

  constructor(
    private readonly repos: TenantScopedRepositories,
    private readonly dataSource: DataSource,
    private readonly vault: CredentialVault,
    @Inject(PLUGIN_REGISTRY) private readonly registry: PluginRegistryPort,
    @Inject(CONNECTION_CONTEXT_FACTORY) private readonly contexts: ConnectionContextFactory,
  ) {}

  private get repo() {
    return this.repos.for(ConnectionEntity);
  }

  async list(): Promise<ConnectionView[]> {
    const rows = await this.repo.find({ order: { createdAt: 'ASC' } });
    return rows.map(toConnectionView);
  }

  /** By our UUID or by the `conn_…` id; another org's connection is simply not found. */
  async find(id: string): Promise<ConnectionEntity | null> {
    if (!id) return null;
    return UUID.test(id) ? this.repo.findOneBy({ id }) : this.repo.findOneBy({ unifiedConnectionId: id });
  }

  async get(id: string): Promise<ConnectionEntity> {
    const row = await this.find(id);
    if (!row) throw connectionNotFound();
    return row;
  }

  plugin(code: string): ProviderPlugin {
    const plugin = this.registry.get(code);
    if (!plugin) throw ApiError.conflict('provider_not_loaded', `The provider "${code}" is not enabled on this server`);
    return plugin;
  }

  /** Stores new credentials encrypted and creates the connection (PENDING unless told otherwise). `settings` must have been checked (checkConnectionSettings). */
  async create(args: {
    provider: string;
    category: string;
    store: StoreRef;
    credentials: Credentials;
    settings?: ConnectionSettings;
    unifiedConnectionId?: string;
  }): Promise<ConnectionEntity> {
    for (let attempt = 0; ; attempt++) {
      const id = randomUUID();
      const sealed = this.vault.seal(id, args.credentials);
      const row = this.repo.create({
        id,
        unifiedConnectionId: args.unifiedConnectionId ?? `conn_${args.provider}_${randomBytes(3).toString('hex')}`,
        provider: args.provider,
        category: args.category,
        status: 'PENDING',
        storeIdentifier: args.store.identifier,
        storeBaseUrl: args.store.baseUrl,
        credentialsEnc: sealed.envelope,
        keyId: sealed.keyId,
        settings: args.settings ?? {},
        lastError: null,
      });
      try {
        const saved = await this.repo.save(row);
        this.logger.log(`connection ${saved.unifiedConnectionId} created for provider ${saved.provider}`);
        return saved;
      } catch (e) {
        const duplicate = (e as { driverError?: { code?: string } }).driverError?.code === '23505';
        if (!duplicate) throw e;
        // A chosen id that exists (maybe in another org) is not ours to reveal.
        if (args.unifiedConnectionId) throw connectionNotFound();
        if (attempt >= 4) throw e;
      }
    }
  }

  /**
   * `listener` hears the id of every connection whose status, settings or
   * credentials this process changes, once the change is stored (so a cache
   * of contexts can drop its entry at once; other processes' caches go by
   * their TTL). Returns the unsubscribe function.
   */
  onChange(listener: (connectionId: string) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  private changed(connectionId: string): void {
    for (const listener of this.changeListeners) listener(connectionId);
  }

  async setStatus(conn: ConnectionEntity, status: ConnectionStatus, lastError: string | null = null): Promise<ConnectionEntity> {
    conn.status = status;
    conn.lastError = lastError;
    const saved = await this.repo.save(conn);
    this.changed(conn.id);
    return saved;
  }

  /**
   * Replaces a connection's settings once its plugin accepts them (422
   * otherwise, nothing changed). Contexts built from now on use them; this
   * process's cached sync contexts go at once (onChange), other processes'
   * within their short TTL.
   */
  async updateSettings(id: string, settings: ConnectionSettings): Promise<ConnectionEntity> {
    const conn = await this.get(id);
    conn.settings = checkConnectionSettings(this.plugin(conn.provider), settings);
    const saved = await this.repo.save(conn);
    this.changed(conn.id);
    this.logger.log(`connection ${saved.unifiedConnectionId}: settings changed`);
    return saved;
  }

  async revoke(id: string): Promise<void> {
    const conn = await this.get(id);
    conn.status = 'REVOKED';
    conn.credentialsEnc = null;
    conn.keyId = null;
    conn.lastError = null;
    await this.repo.save(conn);
    this.changed(conn.id);
    this.logger.log(`connection ${conn.unifiedConnectionId} revoked`);
  }

  /**
   * Runs `fn` with the plugin and a context holding fresh credentials. A
   * provider that says the credentials are revoked moves the connection to
   * NEEDS_REAUTH (and the error goes on to the caller as a 502).
   */
  async withPlugin<T>(conn: ConnectionEntity, fn: (plugin: ProviderPlugin, ctx: ConnectionContext) => Promise<T>): Promise<T> {
    const plugin = this.plugin(conn.provider);
    try {
      const credentials = await this.freshCredentials(conn, plugin);
      const ctx = this.contexts.create(plugin, {
        connectionId: conn.id,
        store: { identifier: conn.storeIdentifier, baseUrl: conn.storeBaseUrl },
        credentials,
        app: this.registry.app(plugin.code),
        interactive: true,
        settings: conn.settings,
      });
      return await fn(plugin, ctx);
    } catch (e) {
      if (isCommerceError(e) && e.code === CommerceErrorCode.AuthRevoked) {
        await this.setStatus(conn, 'NEEDS_REAUTH', `The provider refused the credentials: ${e.message}`);
        this.logger.warn(`connection ${conn.unifiedConnectionId} needs re-authorisation`);
      }
      throw e;
    }
  }

  private credentialsOf(conn: ConnectionEntity): Credentials {
    if (!conn.credentialsEnc) throw new AuthRevokedError('the connection holds no credentials');
    return this.vault.open(conn.id, conn.credentialsEnc);
  }

  private async freshCredentials(conn: ConnectionEntity, plugin: ProviderPlugin): Promise<Credentials> {
    const creds = this.credentialsOf(conn);
    if (!needsRefresh(creds) || plugin.auth.kind !== 'oauth2' || !plugin.auth.refresh) return creds;
    let pending = this.refreshing.get(conn.id);
    if (!pending) {
      pending = this.refresh(conn, plugin).finally(() => this.refreshing.delete(conn.id));
      this.refreshing.set(conn.id, pending);
    }
    return pending;
  }

  /** Under a row lock, so concurrent processes refresh once and the others read the new tokens. */
  private async refresh(conn: ConnectionEntity, plugin: ProviderPlugin): Promise<Credentials> {
    const refreshed = await this.dataSource.transaction(async (manager: EntityManager) => {
      const repo = this.repo.withManager(manager);
      const locked = await repo.qb('c').andWhere('c.id = :id', { id: conn.id }).setLock('pessimistic_write').getOne();
      if (!locked) throw connectionNotFound();
      const current = this.credentialsOf(locked);
      if (!needsRefresh(current)) return current;
      const refresh = plugin.auth.kind === 'oauth2' ? plugin.auth.refresh?.bind(plugin.auth) : undefined;
      if (!refresh) return current;
      const store = { identifier: locked.storeIdentifier, baseUrl: locked.storeBaseUrl };
      const next = await refresh({ store, app: this.registry.app(plugin.code), credentials: current, http: this.contexts.http(plugin, store) });
      const merged = { ...current, ...next };
      const sealed = this.vault.seal(locked.id, merged);
      locked.credentialsEnc = sealed.envelope;
      locked.keyId = sealed.keyId;
      await repo.save(locked);
      conn.credentialsEnc = sealed.envelope;
      conn.keyId = sealed.keyId;
      this.logger.log(`connection ${locked.unifiedConnectionId}: access token refreshed`);
      return merged;
    });
    // Committed: contexts built on the old token go (whether this process or another one refreshed it).
    this.changed(conn.id);
    return refreshed;
  }
}

function needsRefresh(c: Credentials): boolean {
  return typeof c.expiresAt === 'number' && c.expiresAt - REFRESH_MARGIN_MS <= Date.now();
}
