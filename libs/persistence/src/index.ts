export * from './abstract.entity';
export * from './data-source';
export * from './embedded/embedded-postgres';
