import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiError, NotFoundError } from '@storebridge/contracts';
import { TenantContext } from '@storebridge/tenancy';
import { SYNC_CATALOG, type SyncCatalogPort } from '../ports/sync-catalog.port';
import { SYNC_CONNECTIONS, type SyncConnectionsPort } from '../ports/sync-connections.port';
import { SYNC_METRICS, type SyncMetricsPort } from '../ports/sync-metrics.port';
import { SYNC_ORDERS, type SyncOrdersPort } from '../ports/sync-orders.port';
import { SyncQueues, type WebhookJobData } from '../queues/sync-queues';
import { instrumentPorts } from '../support/instrumented-ports';
import { returning } from '../support/sql';

export type WebhookReceipt = { status: 'accepted' | 'duplicate' | 'ignored' };

/**
 * Provider webhooks: the plugin checks the signature over the raw body, the
 * event id is recorded once per connection (a redelivery is a no-op), and a
 * job re-reads the referenced record through the plugin and upserts it.
 */
@Injectable()
export class WebhookIntakeService {
  private readonly logger = new Logger('SyncWebhooks');

  constructor(
    private readonly dataSource: DataSource,
    private readonly context: TenantContext,
    private readonly queues: SyncQueues,
    @Inject(SYNC_CONNECTIONS) private readonly connections: SyncConnectionsPort,
    @Inject(SYNC_CATALOG) private readonly catalog: SyncCatalogPort,
    @Inject(SYNC_ORDERS) private readonly orders: SyncOrdersPort,
    @Inject(SYNC_METRICS) private readonly metrics: SyncMetricsPort,
  ) {}

  async receive(provider: string, connectionId: string, rawBody: Buffer | undefined, headers: Record<string, string>): Promise<WebhookReceipt> {
    const notFound = ApiError.notFound('connection_not_found', 'Connection not found');
    const conn = await this.connections.findAny(connectionId);
    const handler = this.connections.plugin(provider)?.webhooks;
    if (!conn || conn.provider !== provider || !handler) throw notFound;
    const body = rawBody ?? Buffer.alloc(0);
    return this.context.run({ tenantId: conn.tenantId, orgId: conn.orgId }, async () => {
      const { app, credentials } = await this.connections.webhookSecrets(conn);
      if (!handler.verify({ rawBody: body, headers, app, credentials })) throw new ApiError(401, 'invalid_signature', 'The webhook signature does not verify');
      const event = handler.parse({ rawBody: body, headers });
      if (!event) return { status: 'ignored' };
      const [row] = await this.dataSource.query(
        `INSERT INTO sync_webhook_events (tenant_id, org_id, connection_id, event_id, topic, object, action, remote_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (connection_id, event_id) DO NOTHING RETURNING id`,
        [conn.tenantId, conn.orgId, conn.id, event.eventId, event.topic, event.object, event.action, event.remoteId],
      );
      if (!row) return { status: 'duplicate' };
      await this.enqueue({ eventRowId: row.id, tenantId: conn.tenantId, orgId: conn.orgId });
      return { status: 'accepted' };
    });
  }

  /** Enqueue and mark; on a Redis failure the relay enqueues it later. */
  async enqueue(data: WebhookJobData): Promise<void> {
    try {
      await this.queues.enqueueWebhook(data);
      await this.dataSource.query(`UPDATE sync_webhook_events SET enqueued_at = now() WHERE id = $1`, [data.eventRowId]);
    } catch (e) {
      this.logger.warn(`webhook event ${data.eventRowId} recorded but not queued yet (${(e as Error).message}); the relay will queue it`);
    }
  }

  /** The job: re-read the record through the plugin and upsert it (in the connection's scope). */
  async apply(data: WebhookJobData): Promise<void> {
    const [ev] = await this.dataSource.query(`SELECT connection_id, object, action, remote_id, processed_at FROM sync_webhook_events WHERE id = $1 AND tenant_id = $2`, [
      data.eventRowId,
      data.tenantId,
    ]);
    if (!ev || ev.processed_at) return;
    const conn = await this.connections.get(ev.connection_id);
    if (conn && conn.status === 'ACTIVE') {
      await this.connections.withPorts(conn, async (raw) => {
        const ports = instrumentPorts(raw, this.metrics);
        if (ev.object === 'product') {
          const remote = await ports.products.get(ev.remote_id).catch((e: unknown) => (e instanceof NotFoundError ? null : Promise.reject(e)));
          if (remote) await this.catalog.upsertImportedPage(conn.provider, [remote]);
          else await this.archiveGone(conn.id, ev.remote_id);
        } else {
          const remote = await ports.orders.get(ev.remote_id).catch((e: unknown) => (e instanceof NotFoundError ? null : Promise.reject(e)));
          if (remote) await this.orders.upsertPage(conn.id, conn.provider, [remote]);
        }
      });
    }
    await this.dataSource.query(`UPDATE sync_webhook_events SET processed_at = now() WHERE id = $1`, [data.eventRowId]);
  }

  private async archiveGone(connectionId: string, remoteId: string): Promise<void> {
    const rows = await returning<{ product_id: string }>(
      this.dataSource,
      `UPDATE sync_product_links SET imported = false, remote_id = NULL, payload_hash = NULL, updated_at = now()
       WHERE connection_id = $1 AND remote_id = $2 AND imported RETURNING product_id`,
      [connectionId, remoteId],
    );
    if (rows.length) await this.catalog.archive(rows.map((r) => r.product_id));
  }
}
