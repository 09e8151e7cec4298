export * from './fake-plugin';
