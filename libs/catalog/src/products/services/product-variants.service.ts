import { Injectable } from '@nestjs/common';
import { ApiError } from '@storebridge/contracts';
import { ProductVariantEntity } from '../entities';
import { toUnifiedVariant, type CentralVariant } from '../to-unified-product.mapper';
import type { VariantWrite } from '../products.types';
import { ProductStore } from './product-store';

const variantNotFound = (): ApiError => ApiError.notFound('variant_not_found', 'Variant not found');

/** Variants of one product. Every write bumps the product's revision and records an outbox event. */
@Injectable()
export class ProductVariantsService {
  constructor(private readonly store: ProductStore) {}

  async list(productId: string): Promise<CentralVariant[]> {
    await this.store.get(productId);
    const rel = await this.store.loadRelations([productId], ['variants']);
    return (rel.variants?.get(productId) ?? []).map(toUnifiedVariant);
  }

  async create(productId: string, input: VariantWrite): Promise<CentralVariant> {
    return this.store.tx(async (m) => {
      const product = await this.store.lock(m, productId);
      const repo = this.store.repo(ProductVariantEntity, m);
      const archived = product.productStatus === 'ARCHIVED';
      if (!archived) await this.store.assertSkusFree(m, [input.sku]);
      const cols = this.store.variantColumns(input, 'variant', {
        currency: await this.store.defaultCurrency(m),
        optionNames: await this.store.assignedOptionNames(m, productId),
      });
      if (cols.position === undefined) {
        const last = await repo.qb('v').select('MAX(v.position)', 'max').andWhere('v.productId = :productId', { productId }).getRawOne<{ max: number | null }>();
        cols.position = last?.max === null || last?.max === undefined ? 0 : Number(last.max) + 1;
      }
      const saved = await repo.save(repo.create({ ...cols, productId, productArchived: archived }));
      await this.store.recordChange(m, product, 'variant_created');
      return toUnifiedVariant(saved);
    });
  }

  /** The fields given change. */
  async update(productId: string, variantId: string, input: VariantWrite): Promise<CentralVariant> {
    return this.store.tx(async (m) => {
      const product = await this.store.lock(m, productId);
      const repo = this.store.repo(ProductVariantEntity, m);
      const variant = await repo.getOneBy({ id: variantId, productId }, variantNotFound());
      if (input.sku && input.sku !== variant.sku && product.productStatus !== 'ARCHIVED') {
        await this.store.assertSkusFree(m, [input.sku], { variantIds: [variant.id] });
      }
      const cols = this.store.variantColumns(input, 'variant', {
        currency: variant.currency,
        optionNames: await this.store.assignedOptionNames(m, productId),
        existing: variant,
      });
      Object.assign(variant, cols);
      variant.updatedAt = new Date();
      await repo.repository.update(repo.where({ id: variant.id }), { ...cols, updatedAt: variant.updatedAt });
      await this.store.recordChange(m, product, 'variant_updated');
      return toUnifiedVariant(variant);
    });
  }

  async remove(productId: string, variantId: string): Promise<void> {
    await this.store.tx(async (m) => {
      const product = await this.store.lock(m, productId);
      const repo = this.store.repo(ProductVariantEntity, m);
      const variant = await repo.getOneBy({ id: variantId, productId }, variantNotFound());
      await repo.delete({ id: variant.id });
      await this.store.recordChange(m, product, 'variant_deleted');
    });
  }
}
