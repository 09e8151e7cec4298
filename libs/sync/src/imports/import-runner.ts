import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RateLimitedError, type Page, type RemoteOrder, type RemoteProduct } from '@storebridge/contracts';
import type { ImportMode, ImportObject } from '../entities/sync-job.entity';
import { SYNC_CATALOG, type ImportedProductRef, type SyncCatalogPort } from '../ports/sync-catalog.port';
import { SYNC_CONNECTIONS, type SyncConnection, type SyncConnectionsPort, type SyncPorts } from '../ports/sync-connections.port';
import { SYNC_METRICS, type SyncMetricsPort } from '../ports/sync-metrics.port';
import { SYNC_ORDERS, type SyncOrdersPort } from '../ports/sync-orders.port';
import { SYNC_OPTIONS, type SyncOptions } from '../sync.options';
import { describeError } from '../support/commerce-errors';
import { instrumentPorts } from '../support/instrumented-ports';
import { returning } from '../support/sql';
import { PageReadAhead } from './page-read-ahead';

export interface ImportProgress {
  object: ImportObject;
  pages: number;
  records: number;
  /** Records the central catalog refused (e.g. a SKU another product holds). */
  rejected: number;
  done: boolean;
}

export interface ImportSummary {
  syncJobId: string;
  status: 'succeeded' | 'failed';
  objects: ImportProgress[];
  archived: number;
  error?: string;
}

export interface ImportHooks {
  /** After every write, which covers the pages fetched by then (the CLI's progress bar). */
  onPage?(p: ImportProgress & { pageRecords: number; elapsedMs: number }): void;
  /** A page fetch that had to wait for the provider's rate limit. */
  onThrottle?(waitMs: number): void;
}

const MAX_INLINE_WAIT_MS = 30_000;
/**
 * Pages read ahead of the writer (and at most MAX_PAGE_SIZES_AHEAD import
 * pages' worth of records). A write costs a few round trips and a commit
 * whatever its size, so the writer takes about one import page's worth of
 * records at a time (BATCH): small pages, e.g. Shopify's cost-bounded ones
 * of 3 to 6 records, are written together, and a writer behind the provider
 * catches up by writing what waits for it in one go. A crash re-reads at most
 * this many pages plus one.
 */
export const MAX_PAGES_AHEAD = 48;
const MAX_PAGE_SIZES_AHEAD = 4;
/** A write waits at most this long for a fuller batch (a slow or throttled provider still checkpoints every second). */
const BATCH_WAIT_MS = 1_000;
const MAX_INLINE_WAITS = 5;

export class ImportFailedError extends Error {}

interface ProgressRow {
  cursor: string | null;
  since: Date | null;
  pages: number;
  records: number;
  done: boolean;
}

/**
 * Pages through a connection's products and/or orders and writes the pages
 * in bulk, saving a checkpoint (cursor, counts) after every write. Run again
 * for the same request (a killed worker, a cancelled run), it continues from
 * the checkpoint. A finished run moves the connection's high-water mark to
 * the time the run started, so nothing changed during it is missed by the
 * next incremental run (which also starts `overlapMs` earlier).
 * Runs in the connection's tenant scope.
 */
@Injectable()
export class ImportRunner {
  private readonly logger = new Logger('SyncImport');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SYNC_OPTIONS) private readonly options: SyncOptions,
    @Inject(SYNC_CATALOG) private readonly catalog: SyncCatalogPort,
    @Inject(SYNC_ORDERS) private readonly orders: SyncOrdersPort,
    @Inject(SYNC_CONNECTIONS) private readonly connections: SyncConnectionsPort,
    @Inject(SYNC_METRICS) private readonly metrics: SyncMetricsPort,
  ) {}

  async run(syncJobId: string, hooks: ImportHooks = {}): Promise<ImportSummary> {
    const [job] = await returning<{ connection_id: string; objects: ImportObject[]; mode: ImportMode | null; started_at: Date }>(
      this.dataSource,
      `UPDATE sync_jobs SET status = 'running', started_at = coalesce(started_at, now()), updated_at = now()
       WHERE id = $1 AND kind = 'import' RETURNING connection_id, objects, mode, started_at, status`,
      [syncJobId],
    );
    if (!job) throw new ImportFailedError(`no import ${syncJobId}`);
    const conn = await this.connections.get(job.connection_id);
    if (!conn || conn.status !== 'ACTIVE') {
      await this.finish(syncJobId, 'failed', conn ? `connection_not_active: the connection is ${conn.status}` : 'connection_not_found: the connection no longer exists');
      return { syncJobId, status: 'failed', objects: [], archived: 0, error: 'connection_not_active' };
    }
    const startedAt: Date = job.started_at;
    const mode: ImportMode = job.mode ?? 'incremental';
    const objects: ImportObject[] = job.objects;
    const progress: ImportProgress[] = [];
    let archived = 0;
    await this.connections.withPorts(conn, async (raw) => {
      const ports = instrumentPorts(raw, this.metrics);
      for (const object of objects) {
        const supported = object === 'products' ? ports.plugin.capabilities.products.read : ports.plugin.capabilities.orders.read;
        if (!supported) continue;
        progress.push(await this.importObject(syncJobId, conn, ports, object, mode, hooks));
      }
      if (mode === 'full' && objects.includes('products')) archived = await this.archiveMissing(conn, startedAt);
    });
    await this.dataSource.query(
      `INSERT INTO sync_connection_state (connection_id, tenant_id, org_id, products_hwm, orders_hwm)
       VALUES ($1, $2, $3, CASE WHEN $5 THEN $4::timestamptz END, CASE WHEN $6 THEN $4::timestamptz END)
       ON CONFLICT (connection_id) DO UPDATE SET
         products_hwm = CASE WHEN $5 THEN greatest(sync_connection_state.products_hwm, $4::timestamptz) ELSE sync_connection_state.products_hwm END,
         orders_hwm = CASE WHEN $6 THEN greatest(sync_connection_state.orders_hwm, $4::timestamptz) ELSE sync_connection_state.orders_hwm END`,
      [conn.id, conn.tenantId, conn.orgId, startedAt, objects.includes('products'), objects.includes('orders')],
    );
    await this.finish(syncJobId, 'succeeded', null);
    return { syncJobId, status: 'succeeded', objects: progress, archived };
  }

  /** Records a run that gave up for good. */
  async fail(syncJobId: string, e: unknown): Promise<void> {
    await this.finish(syncJobId, 'failed', describeError(e));
  }

  private async importObject(syncJobId: string, conn: SyncConnection, ports: SyncPorts, object: ImportObject, mode: ImportMode, hooks: ImportHooks): Promise<ImportProgress> {
    const since = mode === 'full' ? null : await this.incrementalSince(conn.id, object);
    // The first run fixes `since`; a resumed run keeps it and continues at the saved cursor.
    const [row]: ProgressRow[] = await this.dataSource.query(
      `INSERT INTO sync_import_progress (job_id, object, since, runs) VALUES ($1, $2, $3, 1)
       ON CONFLICT (job_id, object) DO UPDATE SET runs = sync_import_progress.runs + 1, updated_at = now()
       RETURNING cursor, since, pages, records, done`,
      [syncJobId, object, since],
    );
    const p: ImportProgress = { object, pages: row.pages, records: row.records, rejected: 0, done: row.done };
    if (row.done) return p;
    const updatedSince = row.since ? Math.floor(new Date(row.since).getTime() / 1000) : undefined;
    const fetchPage = (cursor: string | null) =>
      this.throttled<Page<RemoteProduct | RemoteOrder>>(hooks, () => {
        const query = { limit: this.options.importPageSize, cursor, updatedSince };
        return object === 'products' ? ports.products.list(query) : ports.orders.list(query);
      });
    const started = performance.now();
    // Pages are fetched while earlier ones are written; a write takes every page fetched by then (about a page size of records).
    const ahead = new PageReadAhead(
      fetchPage,
      row.cursor,
      { pages: MAX_PAGES_AHEAD, records: MAX_PAGE_SIZES_AHEAD * this.options.importPageSize },
      { records: this.options.importPageSize, waitMs: BATCH_WAIT_MS },
    );
    try {
      for (;;) {
        const pages = await ahead.take();
        if (!pages) return p;
        const items = pages.flatMap((page) => page.items);
        const cursor = pages[pages.length - 1].nextCursor;
        const { written, links } = await this.writePage(conn, object, items);
        p.rejected += items.length - written;
        p.pages += pages.length;
        p.records += written;
        p.done = cursor === null;
        await this.checkpoint(syncJobId, conn, p, cursor, links);
        hooks.onPage?.({ ...p, pageRecords: items.length, elapsedMs: performance.now() - started });
        if (p.done) return p;
      }
    } finally {
      ahead.stop();
    }
  }

  /** A page the provider throttled is fetched again after its Retry-After (bounded); longer waits go back to the queue. */
  private async throttled<T>(hooks: ImportHooks, fetch: () => Promise<T>): Promise<T> {
    for (let waits = 0; ; waits++) {
      try {
        return await fetch();
      } catch (e) {
        const wait = e instanceof RateLimitedError ? (e.retryAfterMs ?? 1_000) : null;
        if (wait === null || wait > MAX_INLINE_WAIT_MS || waits >= MAX_INLINE_WAITS) throw e;
        hooks.onThrottle?.(wait);
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  /** Writes one page; products come back with where they live, for the checkpoint to record. */
  private async writePage(conn: SyncConnection, object: ImportObject, items: Array<RemoteProduct | RemoteOrder>): Promise<{ written: number; links: ImportedProductRef[] }> {
    if (items.length === 0) return { written: 0, links: [] };
    if (object === 'orders') return { written: await this.orders.upsertPage(conn.id, conn.provider, items as RemoteOrder[]), links: [] };
    const refs = await this.catalog.upsertImportedPage(conn.provider, items as RemoteProduct[]);
    return { written: refs.length, links: refs };
  }

  /**
   * The page's checkpoint and, in the same statement, the ledger's links of
   * the products it wrote: a push to their own store then updates them
   * instead of creating a copy. One round trip per page.
   */
  private async checkpoint(syncJobId: string, conn: SyncConnection, p: ImportProgress, cursor: string | null, links: ImportedProductRef[]): Promise<void> {
    await this.dataSource.query(
      `WITH links AS (
         INSERT INTO sync_product_links (tenant_id, org_id, connection_id, product_id, remote_id, imported, last_seen_at)
         SELECT $7, $8, $9, r.product_id, r.remote_id, true, now() FROM unnest($10::uuid[], $11::text[]) AS r(product_id, remote_id)
         ON CONFLICT (connection_id, product_id) DO UPDATE SET remote_id = EXCLUDED.remote_id, imported = true, last_seen_at = now(), updated_at = now()
       )
       UPDATE sync_import_progress SET cursor = $3, pages = $4, records = $5, done = $6, updated_at = now() WHERE job_id = $1 AND object = $2`,
      [syncJobId, p.object, cursor, p.pages, p.records, p.done, conn.tenantId, conn.orgId, conn.id, links.map((r) => r.productId), links.map((r) => r.remoteId)],
    );
  }

  private async incrementalSince(connectionId: string, object: ImportObject): Promise<Date | null> {
    const [state] = await this.dataSource.query(`SELECT products_hwm, orders_hwm FROM sync_connection_state WHERE connection_id = $1`, [connectionId]);
    const hwm: Date | null = state ? (object === 'products' ? state.products_hwm : state.orders_hwm) : null;
    return hwm ? new Date(new Date(hwm).getTime() - this.options.overlapMs) : null;
  }

  /** Products imported from this store that a full run did not see any more are archived. */
  private async archiveMissing(conn: SyncConnection, startedAt: Date): Promise<number> {
    const rows = await returning<{ product_id: string }>(
      this.dataSource,
      `UPDATE sync_product_links SET imported = false, remote_id = NULL, payload_hash = NULL, updated_at = now()
       WHERE connection_id = $1 AND imported AND (last_seen_at IS NULL OR last_seen_at < $2) RETURNING product_id`,
      [conn.id, startedAt],
    );
    if (rows.length === 0) return 0;
    return this.catalog.archive(rows.map((r) => r.product_id));
  }

  private async finish(syncJobId: string, status: 'succeeded' | 'failed', error: string | null): Promise<void> {
    await this.dataSource.query(`UPDATE sync_jobs SET status = $2, error = $3, finished_at = now(), updated_at = now() WHERE id = $1`, [syncJobId, status, error]);
    if (status === 'failed') this.logger.warn(`import ${syncJobId} failed: ${error}`);
  }
}
