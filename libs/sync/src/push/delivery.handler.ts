import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { AuthRevokedError, NotFoundError, type RemoteProduct } from '@storebridge/contracts';
import { SYNC_CONNECTIONS, type SyncConnectionsPort } from '../ports/sync-connections.port';
import { SYNC_METRICS, type SyncMetricsPort } from '../ports/sync-metrics.port';
import type { DeliveryJobData } from '../queues/sync-queues';
import { describeError, isPermanent, retryAfterOf } from '../support/commerce-errors';
import { instrumentPorts } from '../support/instrumented-ports';
import { withVariantIds } from '../support/payload-hash';

/** How long a delivery holds its (connection, product) ledger row; a crashed holder's lease runs out. */
const LEASE_SECONDS = 120;
/** Another delivery of the same product to the same store is running: look again this much later. */
const BUSY_DELAY_MS = 500;

interface LedgerRow {
  remote_id: string | null;
  payload_hash: string | null;
  revision: number | null;
  variant_ids: Record<string, string>;
}

type Outcome = { status: 'succeeded' | 'skipped'; reason: string | null; remoteId: string | null };

/**
 * One push to one store. The ledger row of (connection, product) is leased
 * for the call, so two deliveries of one product to one store never run at
 * once (in any worker process) and a retry sees the remote id the previous
 * attempt stored: a product is created at most once per store.
 */
@Injectable()
export class DeliveryHandler {
  private readonly logger = new Logger('SyncDelivery');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SYNC_CONNECTIONS) private readonly connections: SyncConnectionsPort,
    @Inject(SYNC_METRICS) private readonly metrics: SyncMetricsPort,
  ) {}

  async handle(job: Job<DeliveryJobData>, token: string | undefined): Promise<Outcome> {
    const d = job.data;
    const attempt = job.attemptsMade + 1;
    const maxAttempts = job.opts.attempts ?? 1;
    await this.dataSource.query(`UPDATE sync_deliveries SET status = 'running', attempts = $2, updated_at = now() WHERE id = $1 AND status <> 'succeeded' AND status <> 'skipped'`, [
      d.deliveryId,
      attempt,
    ]);
    const lease = `${job.id}`;
    let claimed: LedgerRow | undefined;
    try {
      [claimed] = await this.dataSource.query(
        `INSERT INTO sync_product_links (tenant_id, org_id, connection_id, product_id, lease_owner, lease_until)
         VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))
         ON CONFLICT (connection_id, product_id) DO UPDATE SET lease_owner = EXCLUDED.lease_owner, lease_until = EXCLUDED.lease_until
         WHERE sync_product_links.lease_until IS NULL OR sync_product_links.lease_until < now() OR sync_product_links.lease_owner = EXCLUDED.lease_owner
         RETURNING remote_id, payload_hash, revision, variant_ids`,
        [d.tenantId, d.orgId, d.connectionId, d.productId, lease, LEASE_SECONDS],
      );
      if (!claimed) {
        await this.record(d, 'queued', attempt, 'busy', 'another delivery of this product to this store is running', null);
        if (token) {
          await job.moveToDelayed(Date.now() + BUSY_DELAY_MS, token);
          throw new DelayedError();
        }
        throw new Error('ledger row busy');
      }
      const outcome = await this.deliver(d, claimed, lease);
      await this.record(d, outcome.status, attempt, outcome.status, outcome.reason, outcome.remoteId);
      return outcome;
    } catch (e) {
      if (e instanceof DelayedError) throw e;
      if (claimed) await this.release(d, lease);
      const wait = retryAfterOf(e);
      if (wait !== null && token) {
        // The provider said when to come back: wait that long instead of the backoff step.
        await this.record(d, 'queued', attempt, 'throttled', `rate limited; retrying in ${wait} ms`, null);
        await job.moveToDelayed(Date.now() + wait, token);
        throw new DelayedError();
      }
      const reason = describeError(e);
      if (isPermanent(e)) {
        await this.record(d, 'failed', attempt, 'failed', reason, null);
        if (e instanceof AuthRevokedError) this.logger.warn(`delivery to connection ${d.connectionId} refused: credentials revoked`);
        throw new UnrecoverableError(reason);
      }
      const last = attempt >= maxAttempts;
      await this.record(d, last ? 'failed' : 'queued', attempt, 'error', last ? reason : `attempt ${attempt} failed (${reason}); retrying`, null);
      throw e;
    }
  }

  private async deliver(d: DeliveryJobData, link: LedgerRow, lease: string): Promise<Outcome> {
    const conn = { id: d.connectionId, tenantId: d.tenantId, orgId: d.orgId, provider: d.provider, status: 'ACTIVE' };
    if (d.action === 'DELETE') {
      if (!link.remote_id) {
        await this.release(d, lease);
        return { status: 'skipped', reason: 'not on this store', remoteId: null };
      }
      const remoteId = link.remote_id;
      await this.connections.withPorts(conn, (raw) => instrumentPorts(raw, this.metrics).products.delete(remoteId));
      // The map is cleared: a later UPSERT creates the product again.
      await this.dataSource.query(`DELETE FROM sync_product_links WHERE connection_id = $1 AND product_id = $2`, [d.connectionId, d.productId]);
      return { status: 'succeeded', reason: null, remoteId };
    }
    const input = d.input;
    if (!input) throw new UnrecoverableError('an UPSERT delivery without its payload');
    if (link.revision !== null && d.revision !== undefined && link.revision > d.revision) {
      await this.release(d, lease);
      return { status: 'skipped', reason: 'a newer revision was already pushed', remoteId: link.remote_id };
    }
    if (link.remote_id && link.payload_hash === d.hash) {
      await this.release(d, lease);
      return { status: 'skipped', reason: 'unchanged since the last push', remoteId: link.remote_id };
    }
    const remote: RemoteProduct = await this.connections.withPorts(conn, async (raw) => {
      const ports = instrumentPorts(raw, this.metrics);
      if (!link.remote_id) return ports.products.create(input);
      try {
        return await ports.products.update(link.remote_id, withVariantIds(input, link.variant_ids ?? {}));
      } catch (e) {
        // Deleted at the store behind our back: create it again.
        if (e instanceof NotFoundError) return ports.products.create(input);
        throw e;
      }
    });
    const variantIds: Record<string, string> = {};
    for (const v of remote.variants) if (v.sku) variantIds[v.sku] = v.remoteId;
    await this.dataSource.query(
      `UPDATE sync_product_links SET remote_id = $3, payload_hash = $4, revision = $5, variant_ids = $6, lease_owner = NULL, lease_until = NULL, updated_at = now()
       WHERE connection_id = $1 AND product_id = $2`,
      [d.connectionId, d.productId, remote.remoteId, d.hash, d.revision ?? null, JSON.stringify(variantIds)],
    );
    return { status: 'succeeded', reason: link.remote_id ? 'updated' : 'created', remoteId: remote.remoteId };
  }

  private async release(d: DeliveryJobData, lease: string): Promise<void> {
    await this.dataSource.query(`UPDATE sync_product_links SET lease_owner = NULL, lease_until = NULL WHERE connection_id = $1 AND product_id = $2 AND lease_owner = $3`, [
      d.connectionId,
      d.productId,
      lease,
    ]);
  }

  /** The delivery's row and one attempt of its log, in one statement. */
  private async record(d: DeliveryJobData, status: string, attempt: number, outcome: string, reason: string | null, remoteId: string | null): Promise<void> {
    await this.dataSource.query(
      `WITH d AS (
         UPDATE sync_deliveries SET status = $2, attempts = $3, reason = $4, remote_id = coalesce($5, remote_id), updated_at = now()
         WHERE id = $1 RETURNING id
       )
       INSERT INTO sync_delivery_attempts (delivery_id, attempt, outcome, message) SELECT id, $3, $6, $4 FROM d`,
      [d.deliveryId, status, attempt, reason, remoteId, outcome],
    );
  }
}
