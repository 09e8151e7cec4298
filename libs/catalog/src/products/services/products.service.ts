import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { ApiError, type ProductStatus } from '@storebridge/contracts';
import { columns, formatFilterError, parseFilterQuery, toSql, validate, type FilterSchema } from '@storebridge/catalog-filter';
import { decodeProductCursor, encodeProductCursor } from '../domain/product-cursor';
import { isHttpUrl } from '../dto/validators';
import { ProductEntity, ProductMediaAssetEntity, ProductVariantEntity, type ProductChangeKind } from '../entities';
import { toUnifiedProduct, type CentralProduct, type ProductView } from '../to-unified-product.mapper';
import type {
  CreateProductWrite,
  ListProductsParams,
  ProductFieldsWrite,
  ProductInclude,
  ProductPatchWrite,
  UpsertOptions,
  VariantWrite,
} from '../products.types';
import { fieldError } from './db-errors';
import { productListJsonSql } from './product-json.sql';
import { ProductStore } from './product-store';
import { VariantOptionsService } from './variant-options.service';

const ALL: ProductInclude[] = ['variants', 'mediaAssets'];
export const DEFAULT_PRODUCT_PAGE_SIZE = 50;
export const MAX_PRODUCT_PAGE_SIZE = 250;

/** Scalar fields that the generic `filter=attr:op:value` may name. */
export const PRODUCT_FILTER_SCHEMA: FilterSchema = {
  id: 'string',
  productName: 'string',
  description: 'string',
  productType: 'string',
  vendor: 'string',
  productStatus: 'string',
  productUrl: 'string',
  syncSource: 'string',
  syncSourceId: 'string',
  revision: 'number',
  createdTimestamp: 'time',
  updatedTimestamp: 'time',
};

const PRODUCT_FILTER_COLUMNS = columns({
  id: { sql: 'p.id::text' },
  productName: 'p.product_name',
  description: 'p.description',
  productType: 'p.product_type',
  vendor: 'p.vendor',
  productStatus: 'p.product_status',
  productUrl: 'p.product_url',
  syncSource: 'p.sync_source',
  syncSourceId: 'p.sync_source_id',
  revision: 'p.revision',
  // The filter language compares time as epoch milliseconds.
  createdTimestamp: { sql: 'extract(epoch from p.created_at) * 1000' },
  updatedTimestamp: { sql: 'extract(epoch from p.updated_at) * 1000' },
});

export interface ProductPage {
  products: ProductView[];
  pageInfo: { hasNext: boolean; nextCursor: string | null };
}

type ProductColumns = Partial<
  Pick<ProductEntity, 'productName' | 'description' | 'productType' | 'vendor' | 'productStatus' | 'tags' | 'productUrl' | 'syncSource' | 'syncSourceId'>
>;

/**
 * The central catalog's products (reference 003). Public API for other
 * modules: the import job calls `upsertBySyncSource`, the push job
 * `getUnified`; both run inside `TenantContext.run(scope, …)`.
 */
@Injectable()
export class ProductsService {
  constructor(
    private readonly store: ProductStore,
    private readonly options: VariantOptionsService,
  ) {}

  /**
   * POST /products. With syncSource + syncSourceId, an existing product with
   * that pair is updated instead (`created: false`).
   */
  async create(input: CreateProductWrite, opts: UpsertOptions = {}): Promise<{ product: ProductView; created: boolean }> {
    const fields = this.checkFields(input, 'replace');
    if (fields.syncSource && fields.syncSourceId) {
      const { syncSource, syncSourceId } = fields;
      // Two concurrent first upserts of one pair: the loser retries and updates.
      for (let attempt = 0; ; attempt++) {
        try {
          return await this.store.tx(async (m) => {
            const existing = await this.store
              .repo(ProductEntity, m)
              .findOne({ where: { syncSource, syncSourceId }, lock: { mode: 'pessimistic_write' } });
            if (existing) return { product: await this.updateFromUpsert(m, existing, input, fields, opts), created: false };
            return { product: await this.insert(m, input, fields, opts), created: true };
          });
        } catch (e) {
          if (attempt === 0 && e instanceof ApiError && e.code === 'sync_source_conflict') continue;
          throw e;
        }
      }
    }
    const product = await this.store.tx((m) => this.insert(m, input, fields, opts));
    return { product, created: true };
  }

  /** For the import job: create or update the product with this sync source, with its variants and images. */
  async upsertBySyncSource(
    input: CreateProductWrite & { syncSource: string; syncSourceId: string },
    opts: UpsertOptions = { ensureOptions: true },
  ): Promise<{ product: CentralProduct; created: boolean }> {
    const { product, created } = await this.create(input, opts);
    return { product: product as CentralProduct, created };
  }

  async findBySyncSource(syncSource: string, syncSourceId: string, include: ProductInclude[] = ['mediaAssets']): Promise<ProductView | null> {
    const row = await this.store.repo(ProductEntity).findOneBy({ syncSource, syncSourceId });
    return row ? this.store.view(row, include) : null;
  }

  async get(productId: string, include: ProductInclude[] = ['mediaAssets']): Promise<ProductView> {
    return this.store.view(await this.store.get(productId), include);
  }

  /** The full unified product, variants and images included (what the push job sends). */
  async getUnified(productId: string): Promise<CentralProduct> {
    const product = await this.store.get(productId);
    const rel = await this.store.loadRelations([productId], ALL);
    return toUnifiedProduct(product, rel.variants?.get(productId) ?? [], rel.mediaAssets?.get(productId) ?? []);
  }

  async list(params: ListProductsParams): Promise<ProductPage> {
    return JSON.parse(await this.listJson(params)) as ProductPage;
  }

  /**
   * A list page as the JSON text of `ProductPage` (what GET /products sends):
   * each product is its stored document, or JSON that Postgres builds live
   * (see product-json.sql.ts); Node only joins the texts.
   */
  async listJson(params: ListProductsParams): Promise<string> {
    const limit = Math.min(params.limit ?? DEFAULT_PRODUCT_PAGE_SIZE, MAX_PRODUCT_PAGE_SIZE);
    const qb = this.store.repo(ProductEntity).qb('p').select(productListJsonSql(params.include ?? []), 'json').addSelect('p.seq', 'seq');
    if (params.productStatus) qb.andWhere('p.productStatus = :status', { status: params.productStatus });
    else qb.andWhere(`p.productStatus <> 'ARCHIVED'`);
    if (params.productType !== undefined) qb.andWhere('p.productType = :productType', { productType: params.productType });
    if (params.vendor !== undefined) qb.andWhere('p.vendor = :vendor', { vendor: params.vendor });
    if (params.tag !== undefined) qb.andWhere('p.tags @> ARRAY[:tag]::text[]', { tag: params.tag });
    if (params.createdTimestamp !== undefined) qb.andWhere('p.createdAt >= to_timestamp(:created)', { created: params.createdTimestamp });
    if (params.updatedSince !== undefined) qb.andWhere('p.updatedAt >= to_timestamp(:updated)', { updated: params.updatedSince });
    if (params.descriptionContains !== undefined) {
      const like = '%' + params.descriptionContains.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
      qb.andWhere('p.description ILIKE :like', { like });
    }
    if (params.sku !== undefined) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM product_variants sv WHERE sv.org_id = p.org_id AND sv.product_id = p.id AND sv.sku = :sku)',
        { sku: params.sku },
      );
    }
    if (params.filter?.length || params.filters !== undefined) {
      const parsed = parseFilterQuery(params.filter, params.filters);
      const checked = parsed.ok ? validate(parsed.filters, PRODUCT_FILTER_SCHEMA) : parsed;
      if (!checked.ok) throw ApiError.badRequest('invalid_filter', checked.errors.map(formatFilterError).join('; '), checked.errors);
      // toSql numbers its own parameters from $1; TypeORM wants named ones.
      const { sql, params: values } = toSql(checked.filters, PRODUCT_FILTER_COLUMNS, 1);
      const named: Record<string, unknown> = {};
      const rewritten = sql.replace(/\$(\d+)/g, (_, n: string) => {
        named[`__f${n}`] = values[Number(n) - 1];
        return `:__f${n}`;
      });
      qb.andWhere(rewritten, named);
    }
    if (params.cursor !== undefined) qb.andWhere('p.seq > :after', { after: decodeProductCursor(params.cursor) });
    const rows = await qb.orderBy('p.seq', 'ASC').limit(limit + 1).getRawMany<{ json: string; seq: string }>();
    const hasNext = rows.length > limit;
    const page = hasNext ? rows.slice(0, limit) : rows;
    const pageInfo = { hasNext, nextCursor: hasNext ? encodeProductCursor(page[page.length - 1].seq) : null };
    return `{"products":[${page.map((r) => r.json).join(',')}],"pageInfo":${JSON.stringify(pageInfo)}}`;
  }

  /** PUT: every product field is replaced; status and sync source are kept when left out. */
  async replace(productId: string, input: ProductFieldsWrite): Promise<ProductView> {
    const fields = this.checkFields(input, 'replace');
    return this.store.tx(async (m) => {
      const product = await this.store.lock(m, productId);
      await this.applyFields(m, product, fields);
      return this.store.view(product, ALL, m);
    });
  }

  /** PATCH: only the fields given change. */
  async patch(productId: string, input: ProductPatchWrite): Promise<ProductView> {
    const fields = this.checkFields(input, 'patch');
    return this.store.tx(async (m) => {
      const product = await this.store.lock(m, productId);
      await this.applyFields(m, product, fields);
      return this.store.view(product, ALL, m);
    });
  }

  /** DELETE: archive. The product stays readable by id; its SKUs become free. */
  async archive(productId: string): Promise<ProductView> {
    return this.store.tx(async (m) => {
      const product = await this.store.lock(m, productId);
      if (product.productStatus !== 'ARCHIVED') await this.applyFields(m, product, { productStatus: 'ARCHIVED' });
      return this.store.view(product, ALL, m);
    });
  }

  // --- internals ---

  /** Check the product fields; in `replace` mode left-out nullable fields become null. */
  private checkFields(input: Partial<ProductFieldsWrite>, mode: 'replace' | 'patch'): ProductColumns {
    const out: ProductColumns = {};
    const nullable = ['description', 'productType', 'vendor'] as const;
    if (input.productName !== undefined) {
      if (typeof input.productName !== 'string' || input.productName.trim() === '') throw fieldError('productName', 'productName must not be empty');
      out.productName = input.productName;
    }
    for (const k of nullable) {
      if (input[k] !== undefined) out[k] = input[k];
      else if (mode === 'replace') out[k] = null;
    }
    if (input.productUrl !== undefined || mode === 'replace') {
      const url = input.productUrl ?? null;
      if (url !== null && url !== '' && !isHttpUrl(url)) throw fieldError('productUrl', 'productUrl must be an http or https URL');
      out.productUrl = url === '' ? null : url;
    }
    if (input.tags !== undefined) out.tags = input.tags;
    else if (mode === 'replace') out.tags = [];
    if (input.productStatus !== undefined) out.productStatus = input.productStatus;
    if (input.syncSource !== undefined || input.syncSourceId !== undefined) {
      const a = input.syncSource ?? null;
      const b = input.syncSourceId ?? null;
      if ((a === null) !== (b === null)) throw fieldError(a === null ? 'syncSource' : 'syncSourceId', 'syncSource and syncSourceId go together');
      out.syncSource = a;
      out.syncSourceId = b;
    }
    return out;
  }

  private async insert(m: EntityManager, input: CreateProductWrite, fields: ProductColumns, opts: UpsertOptions): Promise<ProductView> {
    const repo = this.store.repo(ProductEntity, m);
    const status: ProductStatus = fields.productStatus ?? 'ACTIVE';
    const product = await repo.save(repo.create({ ...fields, productName: fields.productName, productStatus: status, revision: 1 }));
    await this.writeChildren(m, product, input, opts);
    await this.store.writeOutbox(m, product, 'created');
    return this.store.view(product, ALL, m);
  }

  private async updateFromUpsert(
    m: EntityManager,
    product: ProductEntity,
    input: CreateProductWrite,
    fields: ProductColumns,
    opts: UpsertOptions,
  ): Promise<ProductView> {
    // Children first with the status the product is about to have, then the fields (which flip SKU flags).
    await this.writeChildren(m, product, input, opts, fields.productStatus ?? product.productStatus);
    await this.applyFields(m, product, fields);
    return this.store.view(product, ALL, m);
  }

  /** Options, variants and media of a create or an upsert; on an existing product, given sets replace the old ones. */
  private async writeChildren(
    m: EntityManager,
    product: ProductEntity,
    input: CreateProductWrite,
    opts: UpsertOptions,
    status: ProductStatus = product.productStatus,
  ): Promise<void> {
    if (input.optionIds?.length) await this.options.assignIn(m, product.id, input.optionIds);
    let variants = input.variants;
    if (variants?.length && opts.ensureOptions) variants = await this.options.ensureFromVariants(m, product.id, variants);
    if (variants) await this.replaceVariants(m, product, variants, status === 'ARCHIVED');
    if (input.mediaAssets) await this.replaceMedia(m, product, input.mediaAssets);
  }

  /** The product's variants become `inputs`: matched by SKU (ids kept), others created, the rest deleted. */
  private async replaceVariants(m: EntityManager, product: ProductEntity, inputs: VariantWrite[], archived: boolean): Promise<void> {
    const repo = this.store.repo(ProductVariantEntity, m);
    const existing = await repo.find({ where: { productId: product.id } });
    const bySku = new Map(existing.filter((v) => v.sku).map((v) => [v.sku as string, v]));
    if (!archived) await this.store.assertSkusFree(m, inputs.map((v) => v.sku), { productId: product.id });
    const currency = await this.store.defaultCurrency(m);
    const optionNames = await this.store.assignedOptionNames(m, product.id);
    const matched = new Set<string>();
    const rows: ProductVariantEntity[] = inputs.map((input, i) => {
      const old = input.sku ? bySku.get(input.sku) : undefined;
      if (old) matched.add(old.id);
      const cols = this.store.variantColumns(input, `variants[${i}]`, { currency, optionNames, existing: old });
      const row = old ?? repo.create({ productId: product.id });
      Object.assign(row, cols, { productArchived: archived });
      if (input.position === undefined) row.position = i;
      return row;
    });
    const stale = existing.filter((v) => !matched.has(v.id)).map((v) => v.id);
    if (stale.length) await repo.repository.delete(repo.where({ id: In(stale) }));
    if (rows.length) await repo.save(rows);
  }

  /** The product's media become `inputs`, in that order: matched by URL (ids kept), others created, the rest deleted. */
  private async replaceMedia(m: EntityManager, product: ProductEntity, inputs: CreateProductWrite['mediaAssets'] & object): Promise<void> {
    const repo = this.store.repo(ProductMediaAssetEntity, m);
    const existing = await repo.find({ where: { productId: product.id } });
    const byUrl = new Map(existing.map((a) => [a.url, a]));
    const matched = new Set<string>();
    const rows = inputs.map((input, i) => {
      const cols = this.store.mediaColumns(input, `mediaAssets[${i}]`);
      const old = byUrl.get(input.url);
      const reuse = old && !matched.has(old.id) ? old : undefined;
      if (reuse) matched.add(reuse.id);
      const row = reuse ?? repo.create({ productId: product.id, type: 'image', altText: null });
      Object.assign(row, cols, { position: i });
      return row;
    });
    const stale = existing.filter((a) => !matched.has(a.id)).map((a) => a.id);
    if (stale.length) await repo.repository.delete(repo.where({ id: In(stale) }));
    if (rows.length) await repo.save(rows);
  }

  /** Write product fields to a locked product, keeping the variants' archived flag in step with the status. */
  private async applyFields(m: EntityManager, product: ProductEntity, fields: ProductColumns): Promise<void> {
    const wasArchived = product.productStatus === 'ARCHIVED';
    const willBeArchived = (fields.productStatus ?? product.productStatus) === 'ARCHIVED';
    let kind: ProductChangeKind = 'updated';
    if (wasArchived !== willBeArchived) {
      const variants = this.store.repo(ProductVariantEntity, m);
      if (!willBeArchived) {
        // Restoring: its SKUs must still be free.
        const own = await variants.find({ where: { productId: product.id }, select: { id: true, sku: true } });
        await this.store.assertSkusFree(m, own.map((v) => v.sku), { productId: product.id });
      }
      await variants.repository.update(variants.where({ productId: product.id }), { productArchived: willBeArchived });
      kind = willBeArchived ? 'archived' : 'restored';
    }
    await this.store.recordChange(m, product, kind, fields);
  }
}
