export * from './media-asset.dto';
export * from './product-query.dto';
export * from './product.dto';
export * from './variant-option.dto';
export * from './variant.dto';
