export * from './catalogs.module';
export { Catalog } from './catalog.entity';
export { CatalogItem } from './catalog-item.entity';
export type { AttributeDeclaration } from './catalog-attributes';
export type { CatalogItemView, CatalogView } from './catalog.presenter';
export { CatalogsService } from './catalogs.service';
export { CatalogSyncService, type SyncResult } from './catalog-sync.service';
export { itemPageQuery, type ItemPageQueryInput } from './item-list.query';
export { equalityIndexDefinition, equalityIndexName } from './catalog-indexes';
