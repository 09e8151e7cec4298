import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { RemoteProduct } from '@storebridge/contracts';
import { ProductImportWriter, ProductsService } from '@storebridge/catalog';
import type { CatalogChange, ImportedProductRef, ProductForPush, SyncCatalogPort } from '@storebridge/sync';
import { toCatalogWrite, toProductInput } from './to-product-input.mapper';

/** SYNC_CATALOG over the products service and the catalog's product_outbox table. */
@Injectable()
export class SyncCatalogBinding implements SyncCatalogPort {
  private readonly logger = new Logger('SyncCatalog');

  constructor(
    private readonly products: ProductsService,
    private readonly importWriter: ProductImportWriter,
    private readonly dataSource: DataSource,
  ) {}

  async existing(productIds: string[]): Promise<Set<string>> {
    return this.products.existing(productIds);
  }

  async getManyForPush(productIds: string[]): Promise<Map<string, ProductForPush>> {
    const found = await this.products.getManyUnified(productIds);
    return new Map([...found].map(([productId, p]) => [productId, { productId, revision: p.revision, input: toProductInput(p) }]));
  }

  /** One page, one transaction (ProductImportWriter); records the catalog refuses are logged and left out. */
  async upsertImportedPage(provider: string, page: RemoteProduct[]): Promise<ImportedProductRef[]> {
    const { written, refused } = await this.importWriter.upsertPage(page.map((p) => toCatalogWrite(provider, p)));
    for (const r of refused) this.logger.warn(`import of ${provider} product ${r.syncSourceId} refused: ${r.error} ${r.message}`);
    return written.map((w) => ({ productId: w.productId, remoteId: w.syncSourceId }));
  }

  async archive(productIds: string[]): Promise<number> {
    return (await this.importWriter.archive(productIds)).length;
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
