export * from './products.module';
export * from './entities';
export * from './products.types';
export * from './to-unified-product.mapper';
export { ProductsService, PRODUCT_FILTER_SCHEMA, type ProductPage } from './services/products.service';
export {
  ProductImportWriter,
  type ImportedProductWrite,
  type ImportedProductResult,
  type ImportOutcome,
  type ImportPageResult,
  type RefusedImport,
} from './services/product-import-writer';
export { ProductVariantsService } from './services/product-variants.service';
export { ProductMediaService } from './services/product-media.service';
export { VariantOptionsService, type VariantOptionView, type AssignedOptionView } from './services/variant-options.service';
export { weightInAllUnits, toGrams, fromGrams } from './domain/weight';
export { normalizePrice, isCurrencyCode } from './domain/price';
export { productDocumentSql } from './services/product-json.sql';
