import { Module } from '@nestjs/common';
import { ProductMediaController } from './controllers/product-media.controller';
import { ProductVariantsController } from './controllers/product-variants.controller';
import { ProductsController } from './controllers/products.controller';
import { VariantOptionsController } from './controllers/variant-options.controller';
import { PRODUCT_ENTITY_CLASSES } from './entities';
import { ProductImportWriter } from './services/product-import-writer';
import { ProductMediaService } from './services/product-media.service';
import { ProductStore } from './services/product-store';
import { ProductVariantsService } from './services/product-variants.service';
import { ProductsService } from './services/products.service';
import { VariantOptionsService } from './services/variant-options.service';

/** Central products, variants, options and media (reference 003), with the product change outbox. */
@Module({
  controllers: [ProductsController, ProductMediaController, ProductVariantsController, VariantOptionsController],
  providers: [ProductStore, ProductsService, ProductVariantsService, ProductMediaService, VariantOptionsService, ProductImportWriter],
  exports: [ProductsService, ProductVariantsService, ProductMediaService, VariantOptionsService, ProductImportWriter],
})
export class ProductsModule {}

export const PRODUCTS_ENTITIES: Array<new () => unknown> = [...PRODUCT_ENTITY_CLASSES];
