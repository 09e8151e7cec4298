import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiError } from '@storebridge/contracts';
import { TenantContext, TenantScopedRepositories } from '@storebridge/tenancy';
import { SyncDeliveryEntity, SyncJobEntity, type DeliveryStatus, type ImportMode, type ImportObject, type PushAction, type SyncJobStatus } from '../entities';
import { SYNC_CATALOG, type SyncCatalogPort } from '../ports/sync-catalog.port';
import { SYNC_CONNECTIONS, type SyncConnectionsPort } from '../ports/sync-connections.port';
import { SyncQueues } from '../queues/sync-queues';
import { stableStringify } from '../support/payload-hash';
import { groupBy, orgKey } from '../support/group-by';
import { Pipeline } from '../support/pipeline';

export interface QueuedResponse {
  status: 'queued';
  jobId: string;
}

export interface JobConnectionRow {
  connectionId: string;
  provider: string;
  status: DeliveryStatus;
  attempts: number;
  reason: string | null;
  remoteId: string | null;
  updatedAt: string;
}

export interface JobStatusView {
  jobId: string;
  kind: 'push' | 'import';
  trigger: string;
  status: SyncJobStatus;
  productId: string | null;
  action: PushAction | null;
  objects: ImportObject[];
  mode: ImportMode | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  connections: JobConnectionRow[];
  /** Imports: the checkpoint of every object. */
  progress?: Array<{ object: string; pages: number; records: number; done: boolean; runs: number }>;
}

const notFound = (): ApiError => ApiError.notFound('sync_job_not_found', 'Sync job not found');

/** What a push or import request records besides its scope and idempotency. */
type RequestFields = Pick<SyncJobEntity, 'kind' | 'trigger'> & Partial<Pick<SyncJobEntity, 'productId' | 'action' | 'connectionId' | 'objects' | 'mode'>>;

/** A recorded request, as the queues take it. */
type RequestRow = Pick<SyncJobEntity, 'id' | 'kind' | 'tenantId' | 'orgId'>;

/** A request to record: its row's id (chosen here), scope and fields. */
interface RecordCall {
  id: string;
  tenantId: string;
  orgId: string;
  fields: RequestFields;
  idempotencyKey: string | null;
  hash: string;
  /** Recorded as handled: the caller runs it (the CLI); neither Bull nor the relay gets it. */
  foreground: boolean;
}

/** Records push and import requests (with Idempotency-Key) and answers their status. */
@Injectable()
export class SyncJobsService {
  private readonly logger = new Logger('SyncJobs');
  private readonly enqueued = new Pipeline<string, void>(async (ids) => {
    await this.dataSource.query(`UPDATE sync_jobs SET enqueued_at = now() WHERE id = ANY($1::uuid[]) AND enqueued_at IS NULL`, [ids]);
    return ids.map(() => undefined);
  });

  private readonly recorder = new Pipeline<RecordCall, boolean>((calls) => this.recordMany(calls));
  private readonly enqueuer = new Pipeline<RequestRow, void>(async (rows) => {
    await this.queues.enqueueRequests(rows.map((r) => ({ kind: r.kind, data: { syncJobId: r.id, tenantId: r.tenantId, orgId: r.orgId } })));
    return rows.map(() => undefined);
  });

  constructor(
    private readonly dataSource: DataSource,
    private readonly repos: TenantScopedRepositories,
    private readonly context: TenantContext,
    private readonly queues: SyncQueues,
    @Inject(SYNC_CATALOG) private readonly catalog: SyncCatalogPort,
    @Inject(SYNC_CONNECTIONS) private readonly connections: SyncConnectionsPort,
  ) {}

  async requestPush(body: { productId: string; action: PushAction }, idempotencyKey?: string, trigger = 'api'): Promise<QueuedResponse> {
    const hash = requestHash('push-product', body);
    if (idempotencyKey) {
      const replay = await this.replay(idempotencyKey, hash);
      if (replay) return replay;
    }
    return this.record({ kind: 'push', trigger, productId: body.productId, action: body.action }, idempotencyKey, hash);
  }

  /** `foreground`: recorded as handled (the caller runs it, e.g. the CLI); neither Bull nor the relay gets it. */
  async requestImport(
    connectionId: string,
    body: { objects: ImportObject[]; mode: ImportMode },
    idempotencyKey?: string,
    trigger = 'api',
    foreground = false,
  ): Promise<QueuedResponse> {
    const conn = await this.connections.get(connectionId);
    if (!conn) throw ApiError.notFound('connection_not_found', 'Connection not found');
    const hash = requestHash('import', { connectionId: conn.id, ...body });
    if (idempotencyKey) {
      const replay = await this.replay(idempotencyKey, hash);
      if (replay) return replay;
    }
    if (conn.status !== 'ACTIVE') throw ApiError.conflict('connection_not_active', `The connection is ${conn.status}, not ACTIVE`);
    return this.record({ kind: 'import', trigger, connectionId: conn.id, objects: [...new Set(body.objects)], mode: body.mode }, idempotencyKey, hash, foreground);
  }

  /**
   * Writes the request (the outbox row: not yet enqueued), then hands it to
   * Bull; a Redis failure leaves it to the relay. A push of a product the
   * org does not have is refused (404) and recorded nowhere.
   */
  private async record(fields: RequestFields, idempotencyKey: string | undefined, hash: string, foreground = false): Promise<QueuedResponse> {
    const { tenantId, orgId } = this.repos.for(SyncJobEntity).scope;
    const call: RecordCall = { id: randomUUID(), tenantId, orgId, fields, idempotencyKey: idempotencyKey ?? null, hash, foreground };
    let recorded: boolean;
    try {
      recorded = await this.recorder.push(call);
    } catch (e) {
      // Two requests with one key at once: the loser answers like a replay.
      const duplicate = (e as { driverError?: { code?: string } }).driverError?.code === '23505';
      if (duplicate && idempotencyKey) {
        const replay = await this.replay(idempotencyKey, hash);
        if (replay) return replay;
      }
      throw e;
    }
    if (!recorded) throw ApiError.notFound('product_not_found', 'Product not found');
    if (!foreground) await this.enqueue({ id: call.id, kind: fields.kind, tenantId, orgId });
    return { status: 'queued', jobId: call.id };
  }

  /**
   * Records the requests made while the previous batch was being written
   * (support/pipeline.ts), in one INSERT: under load a request costs a
   * fraction of a statement, not two. The pushes' products are checked
   * first, in one query per org; a push whose product is not the org's is
   * answered false. A batch that fails (a duplicate Idempotency-Key) is
   * written again request by request, so only that request fails.
   */
  private async recordMany(calls: RecordCall[]): Promise<boolean[]> {
    const refused = new Set<RecordCall>();
    const pushes = calls.filter((c) => c.fields.kind === 'push');
    await Promise.all(
      groupBy(pushes, orgKey).map(async (org) => {
        const { tenantId, orgId } = org[0];
        const found = await this.context.run({ tenantId, orgId }, () => this.catalog.existing(org.map((c) => c.fields.productId as string)));
        for (const c of org) if (!found.has(c.fields.productId as string)) refused.add(c);
      }),
    );
    const rows = calls.filter((c) => !refused.has(c));
    const col = <T>(f: (c: RecordCall) => T): T[] => rows.map(f);
    if (rows.length > 0) {
      await this.dataSource.query(
        `INSERT INTO sync_jobs (id, tenant_id, org_id, kind, trigger, product_id, action, connection_id, objects, mode, idempotency_key, request_hash, enqueued_at)
         SELECT id, tenant_id, org_id, kind, trigger, product_id, action, connection_id, ARRAY(SELECT jsonb_array_elements_text(objects)), mode, idempotency_key, request_hash,
                CASE WHEN foreground THEN now() END
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::uuid[], $7::text[], $8::uuid[], $9::jsonb[], $10::text[], $11::text[], $12::text[], $13::boolean[])
           AS r(id, tenant_id, org_id, kind, trigger, product_id, action, connection_id, objects, mode, idempotency_key, request_hash, foreground)`,
        [
          col((c) => c.id),
          col((c) => c.tenantId),
          col((c) => c.orgId),
          col((c) => c.fields.kind),
          col((c) => c.fields.trigger),
          col((c) => c.fields.productId ?? null),
          col((c) => c.fields.action ?? null),
          col((c) => c.fields.connectionId ?? null),
          col((c) => JSON.stringify(c.fields.objects ?? [])),
          col((c) => c.fields.mode ?? null),
          col((c) => c.idempotencyKey),
          col((c) => c.hash),
          col((c) => c.foreground),
        ],
      );
    }
    return calls.map((c) => !refused.has(c));
  }

  /**
   * Hands a recorded request to Bull, then marks it enqueued. The requests
   * handed over while a bulk add is in flight go in the next one, together
   * (support/pipeline.ts). The mark is not awaited (the caller answers one
   * commit sooner) and is pipelined with the other requests' marks: a mark
   * that never lands only makes the relay enqueue the request again, which
   * Bull ignores (the job id is the same). A request Redis refused is left
   * to the relay.
   */
  async enqueue(row: RequestRow): Promise<void> {
    try {
      await this.enqueuer.push(row);
    } catch (e) {
      this.logger.warn(`sync job ${row.id} recorded but not queued yet (${(e as Error).message}); the relay will queue it`);
      return;
    }
    this.enqueued.push(row.id).catch((e: unknown) => this.logger.warn(`sync job ${row.id} queued but not marked (${(e as Error).message}); the relay will queue it again`));
  }

  private async replay(idempotencyKey: string, hash: string): Promise<QueuedResponse | null> {
    const existing = await this.repos.for(SyncJobEntity).findOneBy({ idempotencyKey });
    if (!existing) return null;
    if (existing.requestHash !== hash) {
      throw ApiError.conflict('idempotency_key_reused', 'This Idempotency-Key was used with a different request body');
    }
    return { status: 'queued', jobId: existing.id };
  }

  async status(jobId: string): Promise<JobStatusView> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(jobId)) throw notFound();
    const job = await this.repos.for(SyncJobEntity).getOneBy({ id: jobId }, notFound());
    return (await this.views([job]))[0];
  }

  async list(filter: { productId?: string; connectionId?: string; limit?: number }): Promise<JobStatusView[]> {
    const qb = this.repos.for(SyncJobEntity).qb('j');
    if (filter.productId) qb.andWhere('j.productId = :productId', { productId: filter.productId });
    if (filter.connectionId) qb.andWhere('j.connectionId = :connectionId', { connectionId: filter.connectionId });
    const jobs = await qb.orderBy('j.createdAt', 'DESC').limit(Math.min(filter.limit ?? 50, 200)).getMany();
    return this.views(jobs);
  }

  private async views(jobs: SyncJobEntity[]): Promise<JobStatusView[]> {
    if (jobs.length === 0) return [];
    const ids = jobs.map((j) => j.id);
    const deliveries = await this.repos.for(SyncDeliveryEntity).qb('d').andWhere('d.jobId IN (:...ids)', { ids }).orderBy('d.createdAt', 'ASC').getMany();
    const progress: Array<{ job_id: string; object: string; pages: number; records: number; done: boolean; runs: number }> = await this.dataSource.query(
      `SELECT job_id, object, pages, records, done, runs FROM sync_import_progress WHERE job_id = ANY($1::uuid[]) ORDER BY object`,
      [ids],
    );
    const providers = new Map<string, string>();
    for (const id of new Set(jobs.map((j) => j.connectionId).filter((c): c is string => !!c))) {
      providers.set(id, (await this.connections.get(id))?.provider ?? '');
    }
    return jobs.map((job) => {
      const rows = deliveries.filter((d) => d.jobId === job.id);
      const view: JobStatusView = {
        jobId: job.id,
        kind: job.kind,
        trigger: job.trigger,
        status: job.kind === 'push' ? overallPushStatus(job.status, rows.map((r) => r.status)) : job.status,
        productId: job.productId,
        action: job.action,
        objects: job.objects,
        mode: job.mode,
        error: job.error,
        createdAt: job.createdAt.toISOString(),
        startedAt: job.startedAt?.toISOString() ?? null,
        finishedAt: job.finishedAt?.toISOString() ?? null,
        connections: rows.map((r) => ({
          connectionId: r.connectionId,
          provider: r.provider,
          status: r.status,
          attempts: r.attempts,
          reason: r.reason,
          remoteId: r.remoteId,
          updatedAt: r.updatedAt.toISOString(),
        })),
      };
      if (job.kind === 'import') {
        view.progress = progress.filter((p) => p.job_id === job.id).map(({ object, pages, records, done, runs }) => ({ object, pages, records, done, runs }));
        if (job.connectionId) {
          view.connections = [
            { connectionId: job.connectionId, provider: providers.get(job.connectionId) ?? '', status: importRowStatus(job.status), attempts: view.progress.reduce((n, p) => Math.max(n, p.runs), 0), reason: job.error, remoteId: null, updatedAt: job.updatedAt.toISOString() },
          ];
        }
      }
      return view;
    });
  }
}

function requestHash(route: string, body: object): string {
  return createHash('sha256').update(stableStringify({ route, ...body })).digest('hex');
}

function importRowStatus(s: SyncJobStatus): DeliveryStatus {
  return s === 'partially_failed' ? 'failed' : s;
}

/** A push is done when every delivery is; it failed only where some delivery failed. */
export function overallPushStatus(recorded: SyncJobStatus, deliveries: DeliveryStatus[]): SyncJobStatus {
  if (recorded === 'failed' || (recorded === 'succeeded' && deliveries.length === 0)) return recorded;
  if (deliveries.length === 0) return recorded === 'running' ? 'running' : 'queued';
  if (deliveries.some((s) => s === 'queued' || s === 'running')) return 'running';
  const failed = deliveries.filter((s) => s === 'failed').length;
  if (failed === 0) return 'succeeded';
  return failed === deliveries.length ? 'failed' : 'partially_failed';
}
