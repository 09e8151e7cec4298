import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ApiError, type OptionValue } from '@storebridge/contracts';
import { OrgEntity, TenantContext, TenantScopedRepositories, type TenantOwnedEntity } from '@storebridge/tenancy';
import type { EntityTarget } from 'typeorm';
import { isCurrencyCode, normalizePrice } from '../domain/price';
import { isWeightUnit, toGrams } from '../domain/weight';
import { isHttpUrl } from '../dto/validators';
import {
  MEDIA_ASSET_TYPES,
  ProductEntity,
  ProductMediaAssetEntity,
  ProductOutboxEntity,
  ProductVariantEntity,
  ProductVariantOptionEntity,
  VariantOptionEntity,
  type ProductChangeKind,
} from '../entities';
import { toProductView, type ProductView } from '../to-unified-product.mapper';
import type { MediaAssetWrite, ProductInclude, VariantWrite } from '../products.types';
import { fieldError, skuConflict, translateDbError } from './db-errors';
import { productDocumentSql } from './product-json.sql';

export const productNotFound = (): ApiError => ApiError.notFound('product_not_found', 'Product not found');

/**
 * What every products service shares: transactions, the product row lock,
 * revision + outbox bookkeeping, batch loading of relations, and the checks
 * of variant and media input. Internal to the products module.
 */
@Injectable()
export class ProductStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repos: TenantScopedRepositories,
    private readonly context: TenantContext,
  ) {}

  repo<T extends TenantOwnedEntity>(entity: EntityTarget<T>, m?: EntityManager) {
    return this.repos.for(entity, m);
  }

  /** A transaction whose unique violations come out as friendly API errors. */
  async tx<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(fn);
    } catch (e) {
      throw translateDbError(e);
    }
  }

  async get(productId: string, m?: EntityManager): Promise<ProductEntity> {
    return this.repo(ProductEntity, m).getOneBy({ id: productId }, productNotFound());
  }

  /** The product, locked for the rest of the transaction: writes to one product are serialised. */
  async lock(m: EntityManager, productId: string): Promise<ProductEntity> {
    const row = await this.repo(ProductEntity, m).findOne({ where: { id: productId }, lock: { mode: 'pessimistic_write' } });
    if (!row) throw productNotFound();
    return row;
  }

  /**
   * Bump the (locked) product's revision, apply `changes` to its row and
   * record the change in the outbox, all in transaction `m`.
   */
  async recordChange(
    m: EntityManager,
    product: ProductEntity,
    kind: ProductChangeKind,
    changes: Partial<Pick<ProductEntity, 'productName' | 'description' | 'productType' | 'vendor' | 'productStatus' | 'tags' | 'productUrl' | 'syncSource' | 'syncSourceId'>> = {},
  ): Promise<void> {
    Object.assign(product, changes);
    product.revision += 1;
    product.updatedAt = new Date();
    const repo = this.repo(ProductEntity, m);
    await repo.repository.update(repo.where({ id: product.id }), { ...changes, revision: product.revision, updatedAt: product.updatedAt });
    await this.writeOutbox(m, product, kind);
  }

  /**
   * Record the change in the outbox and rewrite the product's stored document,
   * in transaction `m`. Every write of a product, its variants, media or
   * options ends here, so the document is never older than the revision.
   */
  async writeOutbox(m: EntityManager, product: ProductEntity, kind: ProductChangeKind): Promise<void> {
    const { tenantId, orgId } = this.context.scope;
    await m.insert(ProductOutboxEntity, { tenantId, orgId, productId: product.id, revision: product.revision, kind });
    await m.query(`UPDATE products p SET document = ${productDocumentSql()} WHERE p.id = $1 AND p.tenant_id = $2 AND p.org_id = $3`, [
      product.id,
      tenantId,
      orgId,
    ]);
  }

  async defaultCurrency(m: EntityManager): Promise<string> {
    const { tenantId, orgId } = this.context.scope;
    const org = await m.getRepository(OrgEntity).findOneBy({ id: orgId, tenantId });
    return org?.defaultCurrency.trim() ?? 'USD';
  }

  /** Names of the options assigned to a product. */
  async assignedOptionNames(m: EntityManager, productId: string): Promise<Set<string>> {
    const rows = await this.repo(VariantOptionEntity, m)
      .qb('o')
      .innerJoin(ProductVariantOptionEntity, 'a', 'a.optionId = o.id AND a.productId = :productId', { productId })
      .getMany();
    return new Set(rows.map((o) => o.name));
  }

  /**
   * Check one variant input and turn it into column values. `existing` is the
   * variant being updated (fields left out keep their value).
   */
  variantColumns(
    input: VariantWrite,
    field: string,
    ctx: { currency: string; optionNames: Set<string>; existing?: ProductVariantEntity },
  ): Partial<ProductVariantEntity> {
    const out: Partial<ProductVariantEntity> = {};
    if (input.title !== undefined) out.title = input.title;
    if (input.sku !== undefined) out.sku = input.sku;
    if (input.price !== undefined) {
      if (input.price === null) out.price = null;
      else {
        const price = normalizePrice(input.price);
        if (price === null) throw fieldError(`${field}.price`, 'price must be a non-negative amount with at most two decimals');
        out.price = price;
      }
    }
    if (input.currency !== undefined) {
      if (!isCurrencyCode(input.currency)) throw fieldError(`${field}.currency`, 'currency must be an ISO 4217 currency code such as USD');
      out.currency = input.currency;
    } else if (!ctx.existing) {
      out.currency = ctx.currency;
    }
    if (input.optionValues !== undefined) {
      const seen = new Set<string>();
      input.optionValues.forEach((ov: OptionValue, i) => {
        const where = `${field}.optionValues[${i}].name`;
        if (!ctx.optionNames.has(ov.name)) throw fieldError(where, `"${ov.name}" is not an option assigned to the product`);
        if (seen.has(ov.name)) throw fieldError(where, `"${ov.name}" is given twice`);
        seen.add(ov.name);
      });
      out.optionValues = input.optionValues.map(({ name, value }) => ({ name, value }));
    }
    if (input.inventory !== undefined) {
      const n = input.inventory.totalCount;
      if (!Number.isSafeInteger(n) || n < 0 || n > 2_147_483_647) throw fieldError(`${field}.inventory.totalCount`, 'totalCount must be an integer ≥ 0');
      out.inventoryTotalCount = n;
    }
    if (input.weight !== undefined) {
      if (input.weight === null) {
        out.weightGrams = null;
        out.weightUnit = null;
      } else {
        if (!isWeightUnit(input.weight.unit)) throw fieldError(`${field}.weight.unit`, 'unit must be one of kg, g, oz, lb');
        if (typeof input.weight.value !== 'number' || !Number.isFinite(input.weight.value) || input.weight.value < 0) {
          throw fieldError(`${field}.weight.value`, 'value must be a number ≥ 0');
        }
        out.weightGrams = toGrams(input.weight);
        out.weightUnit = input.weight.unit;
      }
    }
    if (input.position !== undefined) out.position = input.position;
    if (!ctx.existing && out.title === undefined) {
      out.title = out.optionValues?.length ? out.optionValues.map((o) => o.value).join(' / ') : 'Default Title';
    }
    return out;
  }

  mediaColumns(input: Partial<MediaAssetWrite>, field: string): Partial<ProductMediaAssetEntity> {
    const out: Partial<ProductMediaAssetEntity> = {};
    if (input.url !== undefined) {
      if (!isHttpUrl(input.url)) throw fieldError(`${field}.url`, 'url must be an http or https URL');
      out.url = input.url;
    }
    if (input.altText !== undefined) out.altText = input.altText;
    if (input.type !== undefined) {
      if (!MEDIA_ASSET_TYPES.includes(input.type)) throw fieldError(`${field}.type`, 'type must be image or video');
      out.type = input.type;
    }
    return out;
  }

  /**
   * 409 when one of `skus` is used by a variant of another non-archived
   * product (or twice in the same request). Variants in `exceptIds` and all
   * variants of `exceptProductId` are not counted.
   */
  async assertSkusFree(m: EntityManager, skus: Array<string | null | undefined>, except: { productId?: string; variantIds?: string[] } = {}): Promise<void> {
    const given = skus.filter((s): s is string => typeof s === 'string');
    const seen = new Set<string>();
    for (const s of given) {
      if (seen.has(s)) throw skuConflict(s);
      seen.add(s);
    }
    if (given.length === 0) return;
    const qb = this.repo(ProductVariantEntity, m)
      .qb('v')
      .select(['v.id', 'v.sku'])
      .andWhere('v.sku = ANY(:skus)', { skus: given })
      .andWhere('v.productArchived = false');
    if (except.productId) qb.andWhere('v.productId <> :exceptProduct', { exceptProduct: except.productId });
    if (except.variantIds?.length) qb.andWhere('NOT (v.id = ANY(:exceptIds))', { exceptIds: except.variantIds });
    const taken = await qb.getOne();
    if (taken?.sku) throw skuConflict(taken.sku);
  }

  /** Variants and/or media of many products in two queries at most (no N+1). */
  async loadRelations(
    productIds: string[],
    include: ProductInclude[],
    m?: EntityManager,
  ): Promise<{ variants?: Map<string, ProductVariantEntity[]>; mediaAssets?: Map<string, ProductMediaAssetEntity[]> }> {
    const group = <T extends { productId: string }>(rows: T[]): Map<string, T[]> => {
      const map = new Map<string, T[]>(productIds.map((id) => [id, []]));
      for (const r of rows) map.get(r.productId)?.push(r);
      return map;
    };
    const [variants, mediaAssets] = await Promise.all([
      include.includes('variants') && productIds.length
        ? this.repo(ProductVariantEntity, m)
            .qb('v')
            .andWhere('v.productId = ANY(:ids)', { ids: productIds })
            .orderBy('v.position', 'ASC')
            .addOrderBy('v.createdAt', 'ASC')
            .addOrderBy('v.id', 'ASC')
            .getMany()
        : undefined,
      include.includes('mediaAssets') && productIds.length
        ? this.repo(ProductMediaAssetEntity, m)
            .qb('a')
            .andWhere('a.productId = ANY(:ids)', { ids: productIds })
            .orderBy('a.position', 'ASC')
            .addOrderBy('a.createdAt', 'ASC')
            .getMany()
        : undefined,
    ]);
    return {
      variants: variants ? group(variants) : include.includes('variants') ? group([]) : undefined,
      mediaAssets: mediaAssets ? group(mediaAssets) : include.includes('mediaAssets') ? group([]) : undefined,
    };
  }

  async views(products: ProductEntity[], include: ProductInclude[], m?: EntityManager): Promise<ProductView[]> {
    const rel = await this.loadRelations(
      products.map((p) => p.id),
      include,
      m,
    );
    return products.map((p) =>
      toProductView(p, { variants: rel.variants?.get(p.id), mediaAssets: rel.mediaAssets?.get(p.id) }),
    );
  }

  async view(product: ProductEntity, include: ProductInclude[], m?: EntityManager): Promise<ProductView> {
    return (await this.views([product], include, m))[0];
  }
}
