export * from './catalogs.module';
