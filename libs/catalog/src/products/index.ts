export * from './products.module';
