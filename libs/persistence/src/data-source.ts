import type { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';

export interface DataSourceConfig {
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  /** Pool size; the embedded database serialises queries, so keep it small there. */
  poolSize?: number;
  logging?: boolean;
  applicationName?: string;
}

/**
 * TypeORM options for Postgres over the `pg` driver. Schema changes come only
 * from migrations (run at start), never from `synchronize`.
 */
export function createDataSourceOptions(config: DataSourceConfig): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.url,
    entities: config.entities,
    migrations: config.migrations,
    migrationsRun: false,
    migrationsTableName: 'storebridge_migrations',
    synchronize: false,
    logging: config.logging ?? false,
    poolSize: config.poolSize ?? 10,
    applicationName: config.applicationName ?? 'storebridge',
    extra: { connectionTimeoutMillis: 5000 },
  };
}
