import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Job } from 'bullmq';
import { SYNC_CATALOG, type SyncCatalogPort } from '../ports/sync-catalog.port';
import { SYNC_CONNECTIONS, type SyncConnectionsPort } from '../ports/sync-connections.port';
import { SyncQueues, type DeliveryJobData, type SyncJobData } from '../queues/sync-queues';
import { payloadHash } from '../support/payload-hash';

/**
 * A push request becomes one delivery per ACTIVE connection of the org: the
 * rows first (one statement, idempotent), then the child jobs with
 * deterministic ids. Run again after a crash, it makes nothing twice.
 */
@Injectable()
export class PushFanoutHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: SyncQueues,
    @Inject(SYNC_CATALOG) private readonly catalog: SyncCatalogPort,
    @Inject(SYNC_CONNECTIONS) private readonly connections: SyncConnectionsPort,
  ) {}

  async handle(job: Job<SyncJobData>): Promise<{ deliveries: number }> {
    const { syncJobId, tenantId, orgId } = job.data;
    const [request] = await this.dataSource.query(`SELECT product_id, action, status FROM sync_jobs WHERE id = $1 AND tenant_id = $2 AND org_id = $3`, [syncJobId, tenantId, orgId]);
    if (!request || request.status === 'succeeded' || request.status === 'failed') return { deliveries: 0 };
    const action = request.action as 'UPSERT' | 'DELETE';
    const productId = request.product_id as string;

    let payload: Pick<DeliveryJobData, 'input' | 'hash' | 'revision'> = {};
    if (action === 'UPSERT') {
      const product = await this.catalog.getForPush(productId);
      if (!product) {
        await this.finish(syncJobId, 'failed', 'product_not_found: the product no longer exists');
        return { deliveries: 0 };
      }
      payload = { input: product.input, hash: payloadHash(product.input), revision: product.revision };
    }

    const connections = await this.connections.listActive();
    if (connections.length === 0) {
      await this.finish(syncJobId, 'succeeded', null);
      return { deliveries: 0 };
    }
    // The rows and the request's `running`, in one statement.
    const rows: Array<{ id: string; connection_id: string; provider: string }> = await this.dataSource.query(
      `WITH job AS (
         UPDATE sync_jobs SET status = 'running', started_at = coalesce(started_at, now()), updated_at = now() WHERE id = $3
       )
       INSERT INTO sync_deliveries (tenant_id, org_id, job_id, connection_id, provider, product_id)
       SELECT $1, $2, $3, c.id, c.provider, $4 FROM unnest($5::uuid[], $6::text[]) AS c(id, provider)
       ON CONFLICT (job_id, connection_id) DO UPDATE SET updated_at = sync_deliveries.updated_at
       RETURNING id, connection_id, provider`,
      [tenantId, orgId, syncJobId, productId, connections.map((c) => c.id), connections.map((c) => c.provider)],
    );
    await this.queues.push.addBulk(
      rows.map((r) =>
        this.queues.deliveryJob({ syncJobId, tenantId, orgId, deliveryId: r.id, connectionId: r.connection_id, provider: r.provider, productId, action, ...payload }),
      ),
    );
    return { deliveries: rows.length };
  }

  private async finish(syncJobId: string, status: 'succeeded' | 'failed', error: string | null): Promise<void> {
    await this.dataSource.query(`UPDATE sync_jobs SET status = $2, error = $3, started_at = coalesce(started_at, now()), finished_at = now(), updated_at = now() WHERE id = $1`, [
      syncJobId,
      status,
      error,
    ]);
  }
}
