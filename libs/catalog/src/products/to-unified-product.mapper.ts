import type { ProductImage, UnifiedProduct, UnifiedVariant } from '@storebridge/contracts';
import { weightInAllUnits } from './domain/weight';
import type { MediaAssetType, ProductEntity, ProductMediaAssetEntity, ProductVariantEntity } from './entities';

/**
 * The central catalog's products in the unified shape of reference 000.
 * `remoteId` is null: a central product is not a record of any store; where
 * it came from is `syncSource`/`syncSourceId`.
 */
export interface CentralVariant extends UnifiedVariant {
  currency: string;
  position: number;
}

export interface CentralImage extends ProductImage {
  id: string;
  remoteId: null;
  altText: string | null;
  type: MediaAssetType;
  position: number;
}

export interface CentralProduct extends UnifiedProduct {
  syncSource: string | null;
  syncSourceId: string | null;
  /** Changes on every write to the product, its variants, media or options. */
  revision: number;
  variants: CentralVariant[];
  images: CentralImage[];
}

/** A product as the API answers it: `variants` and `images` only when included. */
export type ProductView = Omit<CentralProduct, 'variants' | 'images'> & Partial<Pick<CentralProduct, 'variants' | 'images'>>;

export function unixSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

export function toUnifiedVariant(v: ProductVariantEntity): CentralVariant {
  return {
    id: v.id,
    remoteId: null,
    productId: v.productId,
    createdTimestamp: unixSeconds(v.createdAt),
    updatedTimestamp: unixSeconds(v.updatedAt),
    title: v.title,
    price: v.price,
    currency: v.currency,
    sku: v.sku,
    optionValues: v.optionValues,
    inventory: { totalCount: v.inventoryTotalCount },
    weight: weightInAllUnits(v.weightGrams),
    position: v.position,
  };
}

export function toUnifiedImage(m: ProductMediaAssetEntity): CentralImage {
  return { id: m.id, remoteId: null, url: m.url, altText: m.altText, type: m.type, position: m.position };
}

export function toProductView(
  p: ProductEntity,
  relations: { variants?: ProductVariantEntity[]; mediaAssets?: ProductMediaAssetEntity[] } = {},
): ProductView {
  const view: ProductView = {
    id: p.id,
    remoteId: null,
    createdTimestamp: unixSeconds(p.createdAt),
    updatedTimestamp: unixSeconds(p.updatedAt),
    productType: p.productType,
    productName: p.productName,
    description: p.description,
    productStatus: p.productStatus,
    tags: p.tags,
    vendor: p.vendor,
    productUrl: p.productUrl,
    syncSource: p.syncSource,
    syncSourceId: p.syncSourceId,
    revision: p.revision,
  };
  if (relations.mediaAssets) view.images = relations.mediaAssets.map(toUnifiedImage);
  if (relations.variants) view.variants = relations.variants.map(toUnifiedVariant);
  return view;
}

/** The full unified product (what the push job sends to stores). */
export function toUnifiedProduct(
  p: ProductEntity,
  variants: ProductVariantEntity[],
  mediaAssets: ProductMediaAssetEntity[],
): CentralProduct {
  return toProductView(p, { variants, mediaAssets }) as CentralProduct;
}
