import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ApiError } from '@storebridge/contracts';
import { jsonbAttributes, toSql, type TypedFilter } from '@storebridge/catalog-filter';
import { TenantContext } from '@storebridge/tenancy';
import { schemaOf } from './catalog-attributes';
import type { Catalog } from './catalog.entity';
import { toCatalogView, type CatalogView } from './catalog.presenter';
import { CatalogsService } from './catalogs.service';
import type { SyncCatalogDto } from './dto/sync-catalog.dto';
import { parseSyncActions, type SyncAction, type SyncActionType } from './sync-actions';
import { SyncPlanner, type PlannedBatch, type SyncEffect } from './sync-planner';

export const DRY_RUN_SAMPLE_SIZE = 20;

export interface SyncCounts {
  added: number;
  updated: number;
  removed: number;
}

export interface ActionReport extends SyncCounts {
  index: number;
  type: SyncActionType;
  /** Up to 20 SKUs the action touches (in SKU order for filtered actions). */
  skus: string[];
}

export interface SyncResult {
  catalog: CatalogView;
  applied: SyncCounts;
  /** Present for `?dryRun=true`: nothing was changed. */
  dryRun?: true;
  actions?: ActionReport[];
}

interface Scope {
  tenantId: string;
  orgId: string;
  catalogId: string;
}

const ATTRIBUTES = jsonbAttributes('i.attributes');

/**
 * Bulk catalog sync (reference 004). One transaction per request:
 *
 * 1. lock the catalog row FOR UPDATE: syncs of one catalog run one after the
 *    other, and since every item write happens under that lock, item row locks
 *    are never contended, so no deadlock is possible;
 * 2. check `version`, then every action's payload against the declared
 *    attributes (nothing has been written yet);
 * 3. one `sku = ANY($n)` query for which single-SKU targets exist;
 * 4. walk the actions in order: single-SKU actions are simulated in memory by
 *    SyncPlanner (conflicts and missing SKUs fail with their index here), and
 *    flushed as at most three set-based statements (DELETE ... = ANY,
 *    INSERT ... unnest ... ON CONFLICT, UPDATE ... FROM unnest) before each
 *    PATCH_MANY/REMOVE_MANY and at the end, so filtered actions see everything
 *    before them; each filtered action is one statement;
 * 5. bump version and item_count on the catalog row, commit (or roll back for a dry run).
 */
@Injectable()
export class CatalogSyncService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalogs: CatalogsService,
    private readonly context: TenantContext,
  ) {}

  async sync(catalogId: string, dto: Pick<SyncCatalogDto, 'actions' | 'version'>, dryRun = false): Promise<SyncResult> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      const manager = runner.manager;
      const catalog = await this.catalogs.lock(catalogId, manager);
      if (dto.version !== undefined && dto.version !== catalog.version) {
        throw ApiError.conflict('version_conflict', `version ${dto.version} is not the catalog's current version ${catalog.version}`, {
          expected: dto.version,
          current: catalog.version,
        });
      }
      const actions = parseSyncActions(dto.actions, schemaOf(catalog.attributes));
      const scope: Scope = { ...this.scope(), catalogId: catalog.id };
      const { reports, itemCountDelta } = await this.apply(manager, scope, actions, dryRun);
      const applied = reports.reduce<SyncCounts>(
        (sum, r) => ({ added: sum.added + r.added, updated: sum.updated + r.updated, removed: sum.removed + r.removed }),
        { added: 0, updated: 0, removed: 0 },
      );
      if (dryRun) {
        await runner.rollbackTransaction();
        return { dryRun: true, catalog: toCatalogView(catalog), applied, actions: reports };
      }
      await this.bump(manager, scope, catalog, itemCountDelta);
      await runner.commitTransaction();
      return { catalog: toCatalogView(catalog), applied };
    } catch (e) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw e;
    } finally {
      await runner.release();
    }
  }

  private scope(): Omit<Scope, 'catalogId'> {
    const { tenantId, orgId } = this.context.scope;
    return { tenantId, orgId };
  }

  private async apply(
    m: EntityManager,
    scope: Scope,
    actions: SyncAction[],
    dryRun: boolean,
  ): Promise<{ reports: ActionReport[]; itemCountDelta: number }> {
    const skusFrom = (from: number) => [...new Set(actions.slice(from).flatMap((a) => ('sku' in a ? [a.sku] : [])))];
    const known = await this.existence(m, scope, skusFrom(0));
    const planner = new SyncPlanner(known);
    const reports: ActionReport[] = actions.map((a) => ({ index: a.index, type: a.type, added: 0, updated: 0, removed: 0, skus: [] }));
    let delta = 0;

    for (const action of actions) {
      const report = reports[action.index];
      if (action.type === 'ADD' || action.type === 'PATCH' || action.type === 'REMOVE') {
        const effect: SyncEffect = planner.apply(action);
        report[effect]++;
        report.skus.push(action.sku);
        continue;
      }
      delta += await this.write(m, scope, planner.flush());
      const { count, sample } =
        action.type === 'PATCH_MANY'
          ? await this.patchMany(m, scope, action.filters, action.attributes, dryRun)
          : await this.removeMany(m, scope, action.filters, dryRun);
      report.skus = sample;
      if (action.type === 'PATCH_MANY') {
        report.updated = count;
      } else {
        report.removed = count;
        delta -= count;
        // What later single-SKU actions target may just have gone.
        const later = skusFrom(action.index + 1);
        if (count > 0 && later.length) for (const [sku, exists] of await this.existence(m, scope, later)) known.set(sku, exists);
      }
    }
    delta += await this.write(m, scope, planner.flush());
    return { reports, itemCountDelta: delta };
  }

  /** For each SKU, whether the catalog holds it now. */
  private async existence(m: EntityManager, s: Scope, skus: string[]): Promise<Map<string, boolean>> {
    const known = new Map<string, boolean>(skus.map((sku) => [sku, false]));
    if (!skus.length) return known;
    const rows: Array<{ sku: string }> = await m.query(
      'SELECT sku FROM catalog_items WHERE tenant_id = $1 AND org_id = $2 AND catalog_id = $3 AND sku = ANY($4::text[])',
      [s.tenantId, s.orgId, s.catalogId, skus],
    );
    for (const r of rows) known.set(r.sku, true);
    return known;
  }

  /** Run a planned batch: at most one DELETE, one INSERT ... ON CONFLICT and one UPDATE. Returns its item count delta. */
  private async write(m: EntityManager, s: Scope, batch: PlannedBatch): Promise<number> {
    const scope = [s.tenantId, s.orgId, s.catalogId];
    if (batch.deletes.length) {
      await m.query('DELETE FROM catalog_items WHERE tenant_id = $1 AND org_id = $2 AND catalog_id = $3 AND sku = ANY($4::text[])', [
        ...scope,
        batch.deletes,
      ]);
    }
    if (batch.upserts.length) {
      const rows = batch.upserts;
      await m.query(
        `INSERT INTO catalog_items AS ci (tenant_id, org_id, catalog_id, sku, price, product_name, attributes)
         SELECT $1, $2, $3, u.sku, u.price, u.product_name, u.attributes
         FROM unnest($4::text[], $5::numeric[], $6::text[], $7::jsonb[]) AS u(sku, price, product_name, attributes)
         ON CONFLICT (catalog_id, sku) DO UPDATE SET
           price = EXCLUDED.price,
           product_name = EXCLUDED.product_name,
           attributes = EXCLUDED.attributes,
           created_at = CASE WHEN ci.sku = ANY($8::text[]) THEN now() ELSE ci.created_at END,
           updated_at = now()`,
        [
          ...scope,
          rows.map((r) => r.sku),
          rows.map((r) => r.price),
          rows.map((r) => r.productName),
          rows.map((r) => JSON.stringify(r.attributes)),
          rows.filter((r) => r.recreate).map((r) => r.sku),
        ],
      );
    }
    if (batch.merges.length) {
      const rows = batch.merges;
      // Stored attributes never hold null, so stripping nulls after the merge removes exactly the attributes patched to null.
      await m.query(
        `UPDATE catalog_items AS ci SET
           price = CASE WHEN u.set_price THEN u.price ELSE ci.price END,
           product_name = CASE WHEN u.set_product THEN u.product_name ELSE ci.product_name END,
           attributes = jsonb_strip_nulls(ci.attributes || u.patch),
           updated_at = now()
         FROM unnest($4::text[], $5::boolean[], $6::numeric[], $7::boolean[], $8::text[], $9::jsonb[])
           AS u(sku, set_price, price, set_product, product_name, patch)
         WHERE ci.tenant_id = $1 AND ci.org_id = $2 AND ci.catalog_id = $3 AND ci.sku = u.sku`,
        [
          ...scope,
          rows.map((r) => r.sku),
          rows.map((r) => r.price !== undefined),
          rows.map((r) => r.price ?? null),
          rows.map((r) => r.productName !== undefined),
          rows.map((r) => r.productName ?? null),
          rows.map((r) => JSON.stringify(r.attributes)),
        ],
      );
    }
    return batch.itemCountDelta;
  }

  private patchMany(m: EntityManager, s: Scope, filters: TypedFilter[], attributes: Record<string, unknown>, dryRun: boolean) {
    const where = toSql(filters, ATTRIBUTES, 5);
    return this.counted(
      m,
      `UPDATE catalog_items i SET attributes = jsonb_strip_nulls(i.attributes || $4::jsonb), updated_at = now()
       WHERE i.tenant_id = $1 AND i.org_id = $2 AND i.catalog_id = $3 AND ${where.sql} RETURNING i.sku`,
      [s.tenantId, s.orgId, s.catalogId, JSON.stringify(attributes), ...where.params],
      dryRun,
    );
  }

  private removeMany(m: EntityManager, s: Scope, filters: TypedFilter[], dryRun: boolean) {
    const where = toSql(filters, ATTRIBUTES, 4);
    return this.counted(
      m,
      `DELETE FROM catalog_items i WHERE i.tenant_id = $1 AND i.org_id = $2 AND i.catalog_id = $3 AND ${where.sql} RETURNING i.sku`,
      [s.tenantId, s.orgId, s.catalogId, ...where.params],
      dryRun,
    );
  }

  /** Run a `... RETURNING sku` statement and count its rows (with a sample of SKUs for a dry run) without shipping them all back. */
  private async counted(m: EntityManager, statement: string, params: unknown[], dryRun: boolean): Promise<{ count: number; sample: string[] }> {
    const sample = dryRun ? `(array_agg(sku ORDER BY sku))[1:${DRY_RUN_SAMPLE_SIZE}]` : `'{}'::text[]`;
    const [row]: Array<{ count: number; sample: string[] | null }> = await m.query(
      `WITH touched AS (${statement}) SELECT count(*)::int AS count, ${sample} AS sample FROM touched`,
      params,
    );
    return { count: row.count, sample: row.sample ?? [] };
  }

  private async bump(m: EntityManager, s: Scope, catalog: Catalog, itemCountDelta: number): Promise<void> {
    // TypeORM answers an UPDATE with [rows, rowCount].
    const [[row]]: [Array<{ version: number; item_count: number; updated_at: Date }>, number] = await m.query(
      `UPDATE catalogs SET version = version + 1, item_count = item_count + $4, updated_at = now()
       WHERE tenant_id = $1 AND org_id = $2 AND id = $3 RETURNING version, item_count, updated_at`,
      [s.tenantId, s.orgId, s.catalogId, itemCountDelta],
    );
    catalog.version = row.version;
    catalog.itemCount = row.item_count;
    catalog.updatedAt = row.updated_at;
  }
}
