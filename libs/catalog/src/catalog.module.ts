import { Module } from '@nestjs/common';
import { CATALOGS_ENTITIES, CatalogsModule } from './catalogs/catalogs.module';
import { PRODUCTS_ENTITIES, ProductsModule } from './products/products.module';

/** The tenant's own catalog: central products (ref 003) and catalogs with bulk sync (ref 004). */
@Module({ imports: [ProductsModule, CatalogsModule], exports: [ProductsModule, CatalogsModule] })
export class CatalogModule {}

export const CATALOG_ENTITIES = [...PRODUCTS_ENTITIES, ...CATALOGS_ENTITIES];
