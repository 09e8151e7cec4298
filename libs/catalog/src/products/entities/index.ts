import { ProductEntity } from './product.entity';
import { ProductMediaAssetEntity } from './product-media-asset.entity';
import { ProductOutboxEntity } from './product-outbox.entity';
import { ProductVariantOptionEntity } from './product-variant-option.entity';
import { ProductVariantEntity } from './product-variant.entity';
import { VariantOptionEntity } from './variant-option.entity';

export {
  ProductEntity,
  ProductMediaAssetEntity,
  ProductOutboxEntity,
  ProductVariantEntity,
  ProductVariantOptionEntity,
  VariantOptionEntity,
};
export type { MediaAssetType } from './product-media-asset.entity';
export { MEDIA_ASSET_TYPES } from './product-media-asset.entity';
export type { ProductChangeKind } from './product-outbox.entity';

export const PRODUCT_ENTITY_CLASSES = [
  ProductEntity,
  ProductVariantEntity,
  VariantOptionEntity,
  ProductVariantOptionEntity,
  ProductMediaAssetEntity,
  ProductOutboxEntity,
];
