import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthRevokedError, CommerceErrorCode, isCommerceError, TransientError, type AppConfig, type Credentials, type ProviderPlugin } from '@storebridge/contracts';
import { ConnectionEntity, ConnectionsService, PLUGIN_REGISTRY, type PluginRegistryPort } from '@storebridge/connections';
import type { SyncConnection, SyncConnectionsPort, SyncPorts } from '@storebridge/sync';
import { TenantContext } from '@storebridge/tenancy';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * How long one connection's plugin context (its row, decrypted credentials,
 * HTTP client with its governor, and ports) is reused by withPorts: a short
 * TTL, because credentials, status and settings change in other processes
 * (revoke, re-auth, token refresh, a settings PATCH) that this one does not
 * hear of. So such a change reaches queued work here within this time. A
 * change made in this process drops the entry at once (ConnectionsService
 * onChange), as does the provider refusing its credentials; none outlives its access
 * token (it is dropped a minute before `expiresAt`, when the connections
 * service would refresh it). Any error from a call drops it too: an adapter
 * may keep state (a looked-up location, a failed lookup's promise) that
 * must not outlive a failure.
 */
const PORTS_TTL_MS = 5_000;
const TOKEN_MARGIN_MS = 60_000;

interface CachedPorts {
  entity: ConnectionEntity;
  ports: SyncPorts;
  expires: number;
}

function view(c: ConnectionEntity): SyncConnection {
  return { id: c.id, tenantId: c.tenantId, orgId: c.orgId, provider: c.provider, status: c.status };
}

/** SYNC_CONNECTIONS over the connections lib (its service for scoped work, its entity for the cross-tenant scheduler and webhooks). */
@Injectable()
export class SyncConnectionsBinding implements SyncConnectionsPort {
  private readonly logger = new Logger('SyncConnections');
  /** By tenant, org and connection id; a promise, so concurrent first calls load once. */
  private readonly cache = new Map<string, Promise<CachedPorts>>();

  constructor(
    private readonly connections: ConnectionsService,
    private readonly dataSource: DataSource,
    private readonly context: TenantContext,
    @Inject(PLUGIN_REGISTRY) private readonly registry: PluginRegistryPort,
  ) {
    connections.onChange((connectionId) => this.forget(connectionId));
  }

  /** Drops the cached context of a connection this process changed (its key ends with the connection id). */
  private forget(connectionId: string): void {
    for (const key of this.cache.keys()) if (key.endsWith(`/${connectionId}`)) this.cache.delete(key);
  }

  /** Once per push request (the fan-out): the two columns it needs, in the current org, in one indexed read. */
  async listActive(): Promise<SyncConnection[]> {
    const { tenantId, orgId } = this.context.scope;
    const rows: Array<{ id: string; provider: string }> = await this.dataSource.query(
      `SELECT id, provider FROM connections WHERE tenant_id = $1 AND org_id = $2 AND status = 'ACTIVE' ORDER BY created_at`,
      [tenantId, orgId],
    );
    return rows.map((c) => ({ id: c.id, tenantId, orgId, provider: c.provider, status: 'ACTIVE' }));
  }

  async listAllActive(): Promise<SyncConnection[]> {
    const rows = await this.dataSource.getRepository(ConnectionEntity).find({ where: { status: 'ACTIVE' }, order: { createdAt: 'ASC' } });
    return rows.map(view);
  }

  async get(connectionId: string): Promise<SyncConnection | null> {
    const row = await this.connections.find(connectionId);
    return row ? view(row) : null;
  }

  async findAny(connectionId: string): Promise<SyncConnection | null> {
    const repo = this.dataSource.getRepository(ConnectionEntity);
    const row = UUID.test(connectionId) ? await repo.findOneBy({ id: connectionId }) : await repo.findOneBy({ unifiedConnectionId: connectionId });
    return row ? view(row) : null;
  }

  async withPorts<T>(conn: SyncConnection, fn: (ports: SyncPorts) => Promise<T>): Promise<T> {
    const key = this.cacheKey(conn.id);
    const entry = await this.cachedPorts(key, conn.id);
    try {
      return await fn(entry.ports);
    } catch (e) {
      await this.evict(key, entry);
      if (isCommerceError(e) && e.code === CommerceErrorCode.AuthRevoked) return this.refused(entry, e);
      throw e;
    }
  }

  private cacheKey(connectionId: string): string {
    const { tenantId, orgId } = this.context.scope;
    return `${tenantId}/${orgId}/${connectionId}`;
  }

  private async cachedPorts(key: string, connectionId: string): Promise<CachedPorts> {
    const cached = this.cache.get(key);
    const entry = cached ? await cached.catch(() => null) : null;
    if (entry && entry.expires > Date.now()) return entry;
    // Expired or failed: load again, unless a concurrent call already does.
    let loading = this.cache.get(key);
    if (!loading || loading === cached) {
      const next = this.loadPorts(connectionId);
      next.catch(() => this.cache.get(key) === next && this.cache.delete(key));
      this.cache.set(key, next);
      loading = next;
    }
    return loading;
  }

  private async loadPorts(connectionId: string): Promise<CachedPorts> {
    const entity = await this.connections.get(connectionId);
    // No credentials to refuse: say so without going through withPlugin (it would mark a revoked connection NEEDS_REAUTH).
    if (entity.status === 'REVOKED') throw new AuthRevokedError('the connection was revoked');
    // withPlugin decrypts (refreshing an expiring token) and builds the context; refusals later on are handled in refused().
    return this.connections.withPlugin(entity, async (plugin, ctx) => {
      const expiresAt = ctx.credentials.expiresAt;
      const ttl = typeof expiresAt === 'number' ? Math.min(PORTS_TTL_MS, expiresAt - TOKEN_MARGIN_MS - Date.now()) : PORTS_TTL_MS;
      return { entity, ports: { plugin, ctx, products: plugin.createProductPort(ctx), orders: plugin.createOrderPort(ctx) }, expires: Date.now() + ttl };
    });
  }

  /** Drops `entry` unless a newer one took its place meanwhile. */
  private async evict(key: string, entry: CachedPorts): Promise<void> {
    const current = this.cache.get(key);
    if (current && (await current.catch(() => null)) === entry && this.cache.get(key) === current) this.cache.delete(key);
  }

  /**
   * The provider refused the credentials a cached context holds. When the
   * connection still has those credentials it needs re-authorisation (as
   * ConnectionsService.withPlugin records it); when they changed meanwhile
   * (re-auth, refresh, key rotation elsewhere) the call is worth repeating.
   */
  private async refused(entry: CachedPorts, e: Error): Promise<never> {
    const fresh = await this.connections.find(entry.entity.id);
    if (fresh && fresh.credentialsEnc !== entry.entity.credentialsEnc) {
      throw new TransientError('the connection got new credentials while a call used the old ones', { cause: e });
    }
    if (fresh?.status === 'ACTIVE') {
      await this.connections.setStatus(fresh, 'NEEDS_REAUTH', `The provider refused the credentials: ${e.message}`);
      this.logger.warn(`connection ${fresh.unifiedConnectionId} needs re-authorisation`);
    }
    throw e;
  }

  plugin(code: string): ProviderPlugin | undefined {
    return this.registry.get(code);
  }

  async webhookSecrets(conn: SyncConnection): Promise<{ app: AppConfig; credentials: Credentials }> {
    const entity = await this.connections.get(conn.id);
    // The plugin verifies with the app secret or the connection's own secret (some providers sign per store).
    return this.connections.withPlugin(entity, async (_plugin, ctx) => ({ app: ctx.app, credentials: ctx.credentials }));
  }

  async markNeedsReauth(conn: SyncConnection, reason: string): Promise<void> {
    this.cache.delete(this.cacheKey(conn.id));
    const entity = await this.connections.get(conn.id);
    await this.connections.setStatus(entity, 'NEEDS_REAUTH', reason);
  }
}
