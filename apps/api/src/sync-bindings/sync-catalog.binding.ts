import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ApiError, type RemoteProduct } from '@storebridge/contracts';
import { ProductEntity, ProductsService } from '@storebridge/catalog';
import type { CatalogChange, ImportedProductRef, ProductForPush, SyncCatalogPort } from '@storebridge/sync';
import { TenantScopedRepositories } from '@storebridge/tenancy';
import { toCatalogWrite, toProductInput } from './to-product-input.mapper';

/** Products written at once per import page (each its own transaction in the products service). */
const PAGE_PARALLELISM = 4;

/** SYNC_CATALOG over the products service and the catalog's product_outbox table. */
@Injectable()
export class SyncCatalogBinding implements SyncCatalogPort {
  private readonly logger = new Logger('SyncCatalog');

  constructor(
    private readonly products: ProductsService,
    private readonly repos: TenantScopedRepositories,
    private readonly dataSource: DataSource,
  ) {}

  async exists(productId: string): Promise<boolean> {
    return (await this.repos.for(ProductEntity).count({ id: productId })) > 0;
  }

  async getForPush(productId: string): Promise<ProductForPush | null> {
    try {
      const p = await this.products.getUnified(productId);
      return { productId, revision: p.revision, input: toProductInput(p) };
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }
  }

  async upsertImportedPage(provider: string, page: RemoteProduct[]): Promise<ImportedProductRef[]> {
    const refs: ImportedProductRef[] = [];
    const conflicted: RemoteProduct[] = [];
    const upsert = async (p: RemoteProduct, retry: boolean) => {
      try {
        const { product } = await this.products.upsertBySyncSource(toCatalogWrite(provider, p));
        refs.push({ productId: product.id, remoteId: p.remoteId });
      } catch (e) {
        // One record the catalog refuses (e.g. a SKU held by another product) does not stop the page.
        if (!(e instanceof ApiError) || e.status >= 500) throw e;
        // Parallel upserts may race to create the same org option: that one goes again, alone.
        if (e.status === 409 && retry) conflicted.push(p);
        else this.logger.warn(`import of ${provider} product ${p.remoteId} refused: ${e.code} ${e.message}`);
      }
    };
    let next = 0;
    const worker = async () => {
      while (next < page.length) await upsert(page[next++], true);
    };
    await Promise.all(Array.from({ length: Math.min(PAGE_PARALLELISM, page.length) }, worker));
    for (const p of conflicted) await upsert(p, false);
    return refs;
  }

  async archive(productIds: string[]): Promise<number> {
    let n = 0;
    for (const id of productIds) {
      try {
        await this.products.archive(id);
        n++;
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 404)) throw e;
      }
    }
    return n;
  }

  async drainOutbox(limit: number, fn: (m: EntityManager, changes: CatalogChange[]) => Promise<void>): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const rows: Array<{ id: string; tenant_id: string; org_id: string; product_id: string; kind: string }> = await m.query(
        `SELECT id, tenant_id, org_id, product_id, kind FROM product_outbox WHERE processed_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (rows.length === 0) return 0;
      await fn(
        m,
        rows.map((r) => ({ tenantId: r.tenant_id, orgId: r.org_id, productId: r.product_id, kind: r.kind })),
      );
      await m.query(`UPDATE product_outbox SET processed_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
      return rows.length;
    });
  }
}
