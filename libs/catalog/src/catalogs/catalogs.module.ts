import { Module } from '@nestjs/common';
import { CatalogItem } from './catalog-item.entity';
import { CatalogSyncController } from './catalog-sync.controller';
import { CatalogSyncService } from './catalog-sync.service';
import { Catalog } from './catalog.entity';
import { CatalogsController } from './catalogs.controller';
import { CatalogsService } from './catalogs.service';

/** Catalogs and bulk catalog sync (reference 004). */
@Module({
  controllers: [CatalogsController, CatalogSyncController],
  providers: [CatalogsService, CatalogSyncService],
  exports: [CatalogsService, CatalogSyncService],
})
export class CatalogsModule {}

export const CATALOGS_ENTITIES: Array<new () => unknown> = [Catalog, CatalogItem];
