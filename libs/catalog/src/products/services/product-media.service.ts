import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ApiError } from '@storebridge/contracts';
import { ProductMediaAssetEntity } from '../entities';
import { toUnifiedImage, type CentralImage } from '../to-unified-product.mapper';
import type { MediaAssetPatch, MediaAssetWrite } from '../products.types';
import { ProductStore } from './product-store';

const assetNotFound = (): ApiError => ApiError.notFound('media_asset_not_found', 'Media asset not found');

/** Media assets of one product, kept densely ordered by `position` (0, 1, 2…). */
@Injectable()
export class ProductMediaService {
  constructor(private readonly store: ProductStore) {}

  async list(productId: string): Promise<CentralImage[]> {
    await this.store.get(productId);
    return (await this.ordered(undefined, productId)).map(toUnifiedImage);
  }

  async create(productId: string, input: MediaAssetWrite): Promise<CentralImage> {
    return this.store.tx(async (m) => {
      const product = await this.store.lock(m, productId);
      const cols = this.store.mediaColumns(input, 'mediaAsset');
      const repo = this.store.repo(ProductMediaAssetEntity, m);
      const assets = await this.ordered(m, productId);
      const asset = repo.create({ type: 'image', altText: null, ...cols, productId });
      assets.splice(Math.min(input.position ?? assets.length, assets.length), 0, asset);
      await this.renumber(m, assets);
      await this.store.recordChange(m, product, 'media_created');
      return toUnifiedImage(asset);
    });
  }

  /** The fields given change; `position` moves the asset. */
  async update(productId: string, assetId: string, input: MediaAssetPatch): Promise<CentralImage> {
    return this.store.tx(async (m) => {
      const product = await this.store.lock(m, productId);
      const cols = this.store.mediaColumns(input, 'mediaAsset');
      const assets = await this.ordered(m, productId);
      const index = assets.findIndex((a) => a.id === assetId);
      if (index < 0) throw assetNotFound();
      const asset = assets[index];
      Object.assign(asset, cols);
      if (input.position !== undefined) {
        assets.splice(index, 1);
        assets.splice(Math.min(input.position, assets.length), 0, asset);
      }
      await this.renumber(m, assets, asset);
      await this.store.recordChange(m, product, 'media_updated');
      return toUnifiedImage(asset);
    });
  }

  async remove(productId: string, assetId: string): Promise<void> {
    await this.store.tx(async (m) => {
      const product = await this.store.lock(m, productId);
      const assets = await this.ordered(m, productId);
      const index = assets.findIndex((a) => a.id === assetId);
      if (index < 0) throw assetNotFound();
      await this.store.repo(ProductMediaAssetEntity, m).delete({ id: assetId });
      assets.splice(index, 1);
      await this.renumber(m, assets);
      await this.store.recordChange(m, product, 'media_deleted');
    });
  }

  /** `assetIds` must be exactly the product's assets, each once. */
  async reorder(productId: string, assetIds: string[]): Promise<CentralImage[]> {
    return this.store.tx(async (m) => {
      const product = await this.store.lock(m, productId);
      const assets = await this.ordered(m, productId);
      const byId = new Map(assets.map((a) => [a.id, a]));
      const exact = assetIds.length === assets.length && new Set(assetIds).size === assetIds.length && assetIds.every((id) => byId.has(id));
      if (!exact) {
        throw ApiError.badRequest('invalid_reorder', "assetIds must list exactly the product's media assets, each once", {
          expected: assets.map((a) => a.id),
        });
      }
      const next = assetIds.map((id) => byId.get(id) as ProductMediaAssetEntity);
      await this.renumber(m, next);
      await this.store.recordChange(m, product, 'media_reordered');
      return next.map(toUnifiedImage);
    });
  }

  private ordered(m: EntityManager | undefined, productId: string): Promise<ProductMediaAssetEntity[]> {
    return this.store
      .repo(ProductMediaAssetEntity, m)
      .qb('a')
      .andWhere('a.productId = :productId', { productId })
      .orderBy('a.position', 'ASC')
      .addOrderBy('a.createdAt', 'ASC')
      .getMany();
  }

  /** Save positions 0..n-1, writing only rows whose position changed (and `touched`). */
  private async renumber(m: EntityManager, assets: ProductMediaAssetEntity[], touched?: ProductMediaAssetEntity): Promise<void> {
    const repo = this.store.repo(ProductMediaAssetEntity, m);
    const dirty = assets.filter((a, i) => {
      const changed = a.position !== i || !a.id || a === touched;
      a.position = i;
      return changed;
    });
    if (dirty.length) await repo.save(dirty);
  }
}
