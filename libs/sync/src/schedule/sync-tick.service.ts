import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { TenantContext } from '@storebridge/tenancy';
import { SyncJobsService } from '../api/sync-jobs.service';
import type { SyncJobKind } from '../entities/sync-job.entity';
import { SYNC_CATALOG, type CatalogChange, type SyncCatalogPort } from '../ports/sync-catalog.port';
import { SYNC_CONNECTIONS, type SyncConnection, type SyncConnectionsPort } from '../ports/sync-connections.port';
import { SYNC_OPTIONS, type SyncOptions } from '../sync.options';
import { WebhookIntakeService } from '../webhooks/webhook-intake.service';
import { returning } from '../support/sql';

export interface TickReport {
  relayed: number;
  autoPushed: number;
  scheduled: number;
  activated: number;
}

/**
 * The periodic work, safe to run in any number of workers at once (every
 * step claims its rows with a conditional write): re-enqueue recorded
 * requests Bull never got, turn catalog outbox changes into pushes for orgs
 * with auto-push, start an import on connections that just became ACTIVE
 * (and register their webhooks), and the scheduled incremental imports.
 */
@Injectable()
export class SyncTickService {
  private readonly logger = new Logger('SyncTick');

  constructor(
    private readonly dataSource: DataSource,
    private readonly context: TenantContext,
    private readonly jobs: SyncJobsService,
    private readonly webhooks: WebhookIntakeService,
    @Inject(SYNC_OPTIONS) private readonly options: SyncOptions,
    @Inject(SYNC_CATALOG) private readonly catalog: SyncCatalogPort,
    @Inject(SYNC_CONNECTIONS) private readonly connections: SyncConnectionsPort,
  ) {}

  async tick(): Promise<TickReport> {
    const autoPushed = await this.autoPush();
    const relayed = await this.relay();
    const { scheduled, activated } = await this.schedule();
    return { relayed, autoPushed, scheduled, activated };
  }

  /** Requests and webhook events recorded but not in Bull (Redis was down, the process died in between). */
  async relay(): Promise<number> {
    const after = `${Math.floor(this.options.relayAfterMs)} milliseconds`;
    const jobs: Array<{ id: string; kind: SyncJobKind; tenant_id: string; org_id: string }> = await this.dataSource.query(
      `SELECT id, kind, tenant_id, org_id FROM sync_jobs WHERE enqueued_at IS NULL AND created_at <= now() - $1::interval ORDER BY created_at LIMIT 500`,
      [after],
    );
    await Promise.all(jobs.map((j) => this.jobs.enqueue({ id: j.id, kind: j.kind, tenantId: j.tenant_id, orgId: j.org_id })));
    const events: Array<{ id: string; tenant_id: string; org_id: string }> = await this.dataSource.query(
      `SELECT id, tenant_id, org_id FROM sync_webhook_events WHERE enqueued_at IS NULL AND created_at <= now() - $1::interval ORDER BY created_at LIMIT 500`,
      [after],
    );
    for (const e of events) await this.webhooks.enqueue({ eventRowId: e.id, tenantId: e.tenant_id, orgId: e.org_id });
    if (jobs.length + events.length) this.logger.log(`relay queued ${jobs.length} requests and ${events.length} webhook events`);
    return jobs.length + events.length;
  }

  /** Catalog changes of orgs with auto-push become push requests, in the transaction that marks them processed. */
  async autoPush(): Promise<number> {
    let created: Array<{ id: string; tenant_id: string; org_id: string }> = [];
    await this.catalog.drainOutbox(1000, async (m: EntityManager, changes: CatalogChange[]) => {
      if (changes.length === 0) return;
      created = await m.query(
        `INSERT INTO sync_jobs (tenant_id, org_id, kind, trigger, product_id, action, status)
         SELECT DISTINCT c.tenant_id, c.org_id, 'push', 'auto', c.product_id, 'UPSERT', 'queued'
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) AS c(tenant_id, org_id, product_id)
         JOIN sync_settings s ON s.tenant_id = c.tenant_id AND s.org_id = c.org_id AND s.auto_push
         RETURNING id, tenant_id, org_id`,
        [changes.map((c) => c.tenantId), changes.map((c) => c.orgId), changes.map((c) => c.productId)],
      );
    });
    await Promise.all(created.map((j) => this.jobs.enqueue({ id: j.id, kind: 'push', tenantId: j.tenant_id, orgId: j.org_id })));
    return created.length;
  }

  async schedule(): Promise<{ scheduled: number; activated: number }> {
    let scheduled = 0;
    let activated = 0;
    const interval = `${Math.floor(this.options.importIntervalMs)} milliseconds`;
    for (const conn of await this.connections.listAllActive()) {
      const [fresh] = await this.dataSource.query(
        `INSERT INTO sync_connection_state (connection_id, tenant_id, org_id, activated_at, last_scheduled_at) VALUES ($1, $2, $3, now(), now())
         ON CONFLICT (connection_id) DO UPDATE SET activated_at = now(), last_scheduled_at = now()
         WHERE sync_connection_state.activated_at IS NULL RETURNING connection_id`,
        [conn.id, conn.tenantId, conn.orgId],
      );
      if (fresh) {
        activated++;
        await this.onActivated(conn);
        continue;
      }
      if (this.options.importIntervalMs <= 0) continue;
      const [due] = await returning(
        this.dataSource,
        `UPDATE sync_connection_state SET last_scheduled_at = now()
         WHERE connection_id = $1 AND (last_scheduled_at IS NULL OR last_scheduled_at <= now() - $2::interval) RETURNING connection_id`,
        [conn.id, interval],
      );
      if (due) {
        scheduled++;
        await this.startImport(conn, 'schedule');
      }
    }
    return { scheduled, activated };
  }

  /** A connection seen ACTIVE for the first time: webhooks registered where the plugin can, and a first import. */
  private async onActivated(conn: SyncConnection): Promise<void> {
    const plugin = this.connections.plugin(conn.provider);
    await this.context.run({ tenantId: conn.tenantId, orgId: conn.orgId }, async () => {
      const register = plugin?.capabilities.webhooks ? plugin.webhooks?.register?.bind(plugin.webhooks) : undefined;
      if (register) {
        const callback = `${this.options.publicUrl.replace(/\/$/, '')}/webhooks/${conn.provider}/${conn.id}`;
        try {
          await this.connections.withPorts(conn, ({ ctx }) => register(ctx, callback));
          await this.dataSource.query(`UPDATE sync_connection_state SET webhooks_registered = true WHERE connection_id = $1`, [conn.id]);
        } catch (e) {
          this.logger.warn(`webhook registration for connection ${conn.id} failed: ${(e as Error).message}`);
        }
      }
    });
    await this.startImport(conn, 'activated');
  }

  private async startImport(conn: SyncConnection, trigger: string): Promise<void> {
    await this.context.run({ tenantId: conn.tenantId, orgId: conn.orgId }, () =>
      this.jobs.requestImport(conn.id, { objects: ['products', 'orders'], mode: 'incremental' }, undefined, trigger),
    );
  }
}
