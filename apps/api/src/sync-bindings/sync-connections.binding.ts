import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig, Credentials, ProviderPlugin } from '@storebridge/contracts';
import { ConnectionEntity, ConnectionsService, PLUGIN_REGISTRY, type PluginRegistryPort } from '@storebridge/connections';
import type { SyncConnection, SyncConnectionsPort, SyncPorts } from '@storebridge/sync';
import { TenantContext } from '@storebridge/tenancy';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function view(c: ConnectionEntity): SyncConnection {
  return { id: c.id, tenantId: c.tenantId, orgId: c.orgId, provider: c.provider, status: c.status };
}

/** SYNC_CONNECTIONS over the connections lib (its service for scoped work, its entity for the cross-tenant scheduler and webhooks). */
@Injectable()
export class SyncConnectionsBinding implements SyncConnectionsPort {
  constructor(
    private readonly connections: ConnectionsService,
    private readonly dataSource: DataSource,
    private readonly context: TenantContext,
    @Inject(PLUGIN_REGISTRY) private readonly registry: PluginRegistryPort,
  ) {}

  async listActive(): Promise<SyncConnection[]> {
    const { tenantId, orgId } = this.context.scope;
    const rows = await this.connections.list();
    return rows.filter((c) => c.status === 'ACTIVE').map((c) => ({ id: c.id, tenantId, orgId, provider: c.provider, status: c.status }));
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
    const entity = await this.connections.get(conn.id);
    return this.connections.withPlugin(entity, (plugin, ctx) => fn({ plugin, ctx, products: plugin.createProductPort(ctx), orders: plugin.createOrderPort(ctx) }));
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
    const entity = await this.connections.get(conn.id);
    await this.connections.setStatus(entity, 'NEEDS_REAUTH', reason);
  }
}
