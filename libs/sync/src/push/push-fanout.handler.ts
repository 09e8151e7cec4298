import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Job } from 'bullmq';
import { TenantContext } from '@storebridge/tenancy';
import { SYNC_CATALOG, type SyncCatalogPort } from '../ports/sync-catalog.port';
import { SYNC_CONNECTIONS, type SyncConnection, type SyncConnectionsPort } from '../ports/sync-connections.port';
import { SyncQueues, type DeliveryJobData, type SyncJobData } from '../queues/sync-queues';
import { payloadHash } from '../support/payload-hash';
import { groupBy, orgKey } from '../support/group-by';
import { Pipeline } from '../support/pipeline';

type Payload = Pick<DeliveryJobData, 'input' | 'hash' | 'revision'>;

/** A push request being fanned out, as its row says. */
interface Request {
  syncJobId: string;
  tenantId: string;
  orgId: string;
  productId: string;
  action: 'UPSERT' | 'DELETE';
  /** Set per org: the ACTIVE connections, and (UPSERT) what each store gets; null when the product is gone. */
  connections?: SyncConnection[];
  payload?: Payload | null;
}

/** A request that ends without deliveries. */
interface Finish {
  syncJobId: string;
  status: 'succeeded' | 'failed';
  error: string | null;
}

/**
 * A push request becomes one delivery per ACTIVE connection of the org: the
 * rows first (idempotent), then the child jobs with deterministic ids. Run
 * again after a crash, it makes nothing twice.
 *
 * The fan-outs a worker runs at once share their statements (support/
 * pipeline.ts): the requests in one read, per org one read of the products
 * and one of the connections, the delivery rows in one write, the child jobs
 * in one Bull bulk add. A busy worker fans out a batch in four statements
 * instead of four a request.
 */
@Injectable()
export class PushFanoutHandler {
  private readonly batches = new Pipeline<SyncJobData, number>((jobs) => this.fanOut(jobs));

  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: SyncQueues,
    private readonly context: TenantContext,
    @Inject(SYNC_CATALOG) private readonly catalog: SyncCatalogPort,
    @Inject(SYNC_CONNECTIONS) private readonly connections: SyncConnectionsPort,
  ) {}

  async handle(job: Job<SyncJobData>): Promise<{ deliveries: number }> {
    const { syncJobId, tenantId, orgId } = job.data;
    return { deliveries: await this.batches.push({ syncJobId, tenantId, orgId }) };
  }

  /** Fans out a batch of requests (of any orgs); answers each one's number of deliveries. */
  private async fanOut(jobs: SyncJobData[]): Promise<number[]> {
    const requests = await this.pending(jobs);
    await Promise.all(groupBy(requests, orgKey).map((org) => this.resolve(org)));

    const finished: Finish[] = [];
    const fanned: Request[] = [];
    for (const r of requests) {
      if (r.payload === null) finished.push({ syncJobId: r.syncJobId, status: 'failed', error: 'product_not_found: the product no longer exists' });
      else if (!r.connections?.length) finished.push({ syncJobId: r.syncJobId, status: 'succeeded', error: null });
      else fanned.push(r);
    }
    const rows = await this.write(fanned, finished);

    const byJob = new Map(fanned.map((r) => [r.syncJobId, r]));
    const counts = new Map<string, number>();
    const children = rows.map((row) => {
      const r = byJob.get(row.job_id) as Request;
      counts.set(r.syncJobId, (counts.get(r.syncJobId) ?? 0) + 1);
      const { syncJobId, tenantId, orgId, productId, action } = r;
      return this.queues.deliveryJob({ syncJobId, tenantId, orgId, deliveryId: row.id, connectionId: row.connection_id, provider: row.provider, productId, action, ...r.payload });
    });
    if (children.length > 0) await this.queues.push.addBulk(children);
    return jobs.map((j) => counts.get(j.syncJobId) ?? 0);
  }

  /** The requests still to fan out (not finished, and of the org the job names), each once. */
  private async pending(jobs: SyncJobData[]): Promise<Request[]> {
    const rows: Array<{ id: string; tenant_id: string; org_id: string; product_id: string; action: 'UPSERT' | 'DELETE'; status: string }> = await this.dataSource.query(
      `SELECT id, tenant_id, org_id, product_id, action, status FROM sync_jobs WHERE id = ANY($1::uuid[]) AND kind = 'push'`,
      [[...new Set(jobs.map((j) => j.syncJobId))]],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    const requests = new Map<string, Request>();
    for (const j of jobs) {
      const row = byId.get(j.syncJobId);
      if (!row || row.tenant_id !== j.tenantId || row.org_id !== j.orgId || row.status === 'succeeded' || row.status === 'failed') continue;
      requests.set(row.id, { syncJobId: row.id, tenantId: row.tenant_id, orgId: row.org_id, productId: row.product_id, action: row.action });
    }
    return [...requests.values()];
  }

  /** Fills in one org's requests: its ACTIVE connections and the UPSERTs' payloads (computed once, hashed for the ledger). */
  private async resolve(org: Request[]): Promise<void> {
    const { tenantId, orgId } = org[0];
    const upserts = org.filter((r) => r.action === 'UPSERT').map((r) => r.productId);
    const [products, connections] = await this.context.run({ tenantId, orgId }, () =>
      Promise.all([upserts.length > 0 ? this.catalog.getManyForPush([...new Set(upserts)]) : undefined, this.connections.listActive()]),
    );
    for (const r of org) {
      r.connections = connections;
      if (r.action !== 'UPSERT') continue;
      const product = products?.get(r.productId);
      r.payload = product ? { input: product.input, hash: payloadHash(product.input), revision: product.revision } : null;
    }
  }

  /**
   * One statement: the finished requests' outcome, the others `running` and
   * their delivery rows (a row that exists already is answered as it is).
   */
  private async write(fanned: Request[], finished: Finish[]): Promise<Array<{ id: string; job_id: string; connection_id: string; provider: string }>> {
    if (fanned.length === 0 && finished.length === 0) return [];
    const deliveries = fanned.flatMap((r) => (r.connections ?? []).map((c) => ({ r, c })));
    const col = <T>(f: (d: { r: Request; c: SyncConnection }) => T): T[] => deliveries.map(f);
    return this.dataSource.query(
      `WITH finish AS (
         UPDATE sync_jobs j SET status = f.status, error = f.error, started_at = coalesce(j.started_at, now()), finished_at = now(), updated_at = now()
         FROM unnest($1::uuid[], $2::text[], $3::text[]) AS f(id, status, error) WHERE j.id = f.id
       ),
       running AS (
         UPDATE sync_jobs SET status = 'running', started_at = coalesce(started_at, now()), updated_at = now() WHERE id = ANY($4::uuid[])
       )
       INSERT INTO sync_deliveries (tenant_id, org_id, job_id, connection_id, provider, product_id)
       SELECT * FROM unnest($5::uuid[], $6::uuid[], $7::uuid[], $8::uuid[], $9::text[], $10::uuid[])
       ON CONFLICT (job_id, connection_id) DO UPDATE SET updated_at = sync_deliveries.updated_at
       RETURNING id, job_id, connection_id, provider`,
      [
        finished.map((f) => f.syncJobId),
        finished.map((f) => f.status),
        finished.map((f) => f.error),
        fanned.map((r) => r.syncJobId),
        col((d) => d.r.tenantId),
        col((d) => d.r.orgId),
        col((d) => d.r.syncJobId),
        col((d) => d.c.id),
        col((d) => d.c.provider),
        col((d) => d.r.productId),
      ],
    );
  }
}
