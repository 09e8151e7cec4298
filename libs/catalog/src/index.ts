export * from './catalog.module';
export * from './catalogs';
export * from './products';
