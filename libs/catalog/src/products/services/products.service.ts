import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { ApiError, type ProductStatus } from '@storebridge/contracts';
import { columns, formatFilterError, parseFilterQuery, toSql, validate, type FilterSchema } from '@storebridge/catalog-filter';
import { decodeProductCursor, encodeProductCursor } from '../domain/product-cursor';
import { ProductEntity, ProductMediaAssetEntity, ProductVariantEntity, type ProductChangeKind } from '../entities';
import { type CentralProduct, type ProductView } from '../to-unified-product.mapper';
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
import { productDocumentSql, productJsonSql } from './product-json.sql';
import { checkProductName, checkProductUrl } from './product-field-rules';
import { productNotFound, ProductStore } from './product-store';
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

/** The `pageInfo` of a list page as JSON text; `lastSeq` is the last product's seq when there is a next page. */
function pageInfoJson(lastSeq: string | null): string {
  return JSON.stringify({ hasNext: lastSeq !== null, nextCursor: lastSeq === null ? null : encodeProductCursor(lastSeq) });
}

type ProductColumns = Partial<
  Pick<ProductEntity, 'productName' | 'description' | 'productType' | 'vendor' | 'productStatus' | 'tags' | 'productUrl' | 'syncSource' | 'syncSourceId'>
>;

/**
 * The central catalog's products (reference 003). Public API for other
 * modules: the push job calls `getUnified` inside `TenantContext.run(scope, …)`
 * (imports write whole pages through ProductImportWriter).
 */
@Injectable()
export class ProductsService {
  constructor(
    private readonly dataSource: DataSource,
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

  /** Those of the ids that are products of the current org: one indexed probe (push requests ask, a batch at a time). */
  async existing(productIds: string[]): Promise<Set<string>> {
    if (productIds.length === 0) return new Set();
    const { tenantId, orgId } = this.store.repo(ProductEntity).scope;
    const rows: Array<{ id: string }> = await this.dataSource.query(`SELECT id FROM products WHERE id = ANY($1::uuid[]) AND tenant_id = $2 AND org_id = $3`, [
      productIds,
      tenantId,
      orgId,
    ]);
    return new Set(rows.map((r) => r.id));
  }

  /**
   * The full unified product, variants and images included (what the push
   * job sends): its stored document, in one query (the document is rewritten
   * in every write's transaction, so it shows the current revision). A
   * product written before documents were stored has its document built live.
   */
  async getUnified(productId: string): Promise<CentralProduct> {
    const product = (await this.getManyUnified([productId])).get(productId);
    if (!product) throw productNotFound();
    return product;
  }

  /** getUnified of several products in one query, by id; ids that are not products of the current org are left out. */
  async getManyUnified(productIds: string[]): Promise<Map<string, CentralProduct>> {
    const { tenantId, orgId } = this.store.repo(ProductEntity).scope;
    if (productIds.length === 0) return new Map();
    const rows: Array<{ json: string | null; id: string }> = await this.dataSource.query(
      `SELECT p.document AS json, p.id FROM products p WHERE p.tenant_id = $1 AND p.org_id = $2 AND p.id = ANY($3::uuid[])`,
      [tenantId, orgId, productIds],
    );
    await this.fillMissingDocuments(rows);
    return new Map(rows.filter((r) => r.json !== null).map((r) => [r.id, JSON.parse(r.json as string) as CentralProduct]));
  }

  async list(params: ListProductsParams): Promise<ProductPage> {
    return JSON.parse((await this.listBody(params)).toString('utf8')) as ProductPage;
  }

  /**
   * A list page as the UTF-8 bytes of `ProductPage`'s JSON (what GET /products
   * sends): each product's JSON text (see listPage) written once into one
   * buffer. A page of 100 products with variants is ~220 KB; joining it into
   * a string, which Express then flattens and encodes, cost two more copies of
   * that size and large-object garbage.
   */
  async listBody(params: ListProductsParams): Promise<Buffer> {
    const { products, lastSeq } = await this.listPage(params);
    const head = '{"products":[';
    const tail = `],"pageInfo":${pageInfoJson(lastSeq)}}`;
    let size = Buffer.byteLength(head) + Buffer.byteLength(tail) + Math.max(0, products.length - 1);
    for (const p of products) size += Buffer.byteLength(p);
    const body = Buffer.allocUnsafe(size);
    let at = body.write(head, 0);
    products.forEach((p, i) => {
      if (i > 0) at += body.write(',', at);
      at += body.write(p, at);
    });
    body.write(tail, at);
    return body;
  }

  /**
   * One list page: each product's JSON as Postgres built it, and the `seq` of
   * the last one when there is a next page.
   *
   * With both relations included, that is the stored document (rewritten in
   * every write's transaction, see ProductStore.writeOutbox), and the page
   * query reads only that column. The live JSON expression (two correlated
   * subqueries, ~70 arguments) costs Postgres ~2 ms to parse and plan, four
   * times the whole page query, so it is only run for products that have no
   * document yet.
   */
  private async listPage(params: ListProductsParams): Promise<{ products: string[]; lastSeq: string | null }> {
    const limit = Math.min(params.limit ?? DEFAULT_PRODUCT_PAGE_SIZE, MAX_PRODUCT_PAGE_SIZE);
    const include = params.include ?? [];
    const stored = include.includes('variants') && include.includes('mediaAssets');
    const { sql, values } = this.listQuery(params, stored ? 'p.document' : productJsonSql(include), limit + 1);
    const rows: Array<{ json: string | null; id: string; seq: string }> = await this.dataSource.query(sql, values);
    const hasNext = rows.length > limit;
    const page = hasNext ? rows.slice(0, limit) : rows;
    if (stored) await this.fillMissingDocuments(page);
    // A product gone between the two queries (its tenant deleted) is left out rather than sent as null.
    const products = page.flatMap((r) => (r.json === null ? [] : [r.json]));
    return { products, lastSeq: hasNext ? page[page.length - 1].seq : null };
  }

  /**
   * The SQL of a list page: the caller's products (scoped like every
   * tenant-scoped repository), filtered, in `seq` order, selecting `json` (the
   * given expression), `id` and `seq`. Plain SQL rather than a QueryBuilder:
   * this runs on every list request, and the builder's SQL generation cost as
   * much as a tenth of a page.
   */
  private listQuery(params: ListProductsParams, json: string, take: number): { sql: string; values: unknown[] } {
    const { tenantId, orgId } = this.store.repo(ProductEntity).scope;
    const values: unknown[] = [tenantId, orgId];
    const bind = (value: unknown) => `$${values.push(value)}`;
    const where = ['p.tenant_id = $1', 'p.org_id = $2'];
    where.push(params.productStatus ? `p.product_status = ${bind(params.productStatus)}` : `p.product_status <> 'ARCHIVED'`);
    if (params.productType !== undefined) where.push(`p.product_type = ${bind(params.productType)}`);
    if (params.vendor !== undefined) where.push(`p.vendor = ${bind(params.vendor)}`);
    if (params.tag !== undefined) where.push(`p.tags @> ARRAY[${bind(params.tag)}]::text[]`);
    if (params.createdTimestamp !== undefined) where.push(`p.created_at >= to_timestamp(${bind(params.createdTimestamp)})`);
    if (params.updatedSince !== undefined) where.push(`p.updated_at >= to_timestamp(${bind(params.updatedSince)})`);
    if (params.descriptionContains !== undefined) {
      where.push(`p.description ILIKE ${bind('%' + params.descriptionContains.replace(/[\\%_]/g, (c) => '\\' + c) + '%')}`);
    }
    if (params.sku !== undefined) {
      where.push(`EXISTS (SELECT 1 FROM product_variants sv WHERE sv.org_id = p.org_id AND sv.product_id = p.id AND sv.sku = ${bind(params.sku)})`);
    }
    if (params.filter?.length || params.filters !== undefined) {
      const parsed = parseFilterQuery(params.filter, params.filters);
      const checked = parsed.ok ? validate(parsed.filters, PRODUCT_FILTER_SCHEMA) : parsed;
      if (!checked.ok) throw ApiError.badRequest('invalid_filter', checked.errors.map(formatFilterError).join('; '), checked.errors);
      const compiled = toSql(checked.filters, PRODUCT_FILTER_COLUMNS, values.length + 1);
      values.push(...compiled.params);
      where.push(compiled.sql);
    }
    if (params.cursor !== undefined) where.push(`p.seq > ${bind(decodeProductCursor(params.cursor))}`);
    return {
      sql: `SELECT ${json} AS json, p.id, p.seq FROM products p WHERE ${where.join(' AND ')} ORDER BY p.seq LIMIT ${bind(take)}`,
      values,
    };
  }

  /** Products written before documents were stored have none: Postgres builds theirs live, as the document would be. */
  private async fillMissingDocuments(page: Array<{ json: string | null; id: string }>): Promise<void> {
    const missing = page.filter((r) => r.json === null);
    if (!missing.length) return;
    const built = await this.store
      .repo(ProductEntity)
      .qb('p')
      .select(productDocumentSql(), 'json')
      .addSelect('p.id', 'id')
      .andWhere('p.id IN (:...ids)', { ids: missing.map((r) => r.id) })
      .getRawMany<{ json: string; id: string }>();
    const byId = new Map(built.map((r) => [r.id, r.json]));
    for (const row of missing) row.json = byId.get(row.id) ?? null;
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
    if (input.productName !== undefined) out.productName = checkProductName(input.productName);
    for (const k of nullable) {
      if (input[k] !== undefined) out[k] = input[k];
      else if (mode === 'replace') out[k] = null;
    }
    if (input.productUrl !== undefined || mode === 'replace') out.productUrl = checkProductUrl(input.productUrl);
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
