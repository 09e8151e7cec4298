import { randomUUID } from 'node:crypto';
import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClsModule } from 'nestjs-cls';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createDataSourceOptions } from '@storebridge/persistence';
import { TENANCY_ENTITIES, TenancyModule } from '@storebridge/tenancy';
import { CATALOG_ENTITIES, CatalogModule } from '@storebridge/catalog';
import { CONNECTIONS_ENTITIES, ConnectionsModule } from '@storebridge/connections';
import { ORDERS_ENTITIES, OrdersModule } from '@storebridge/orders';
import { DEFAULT_SYNC_TUNING, SYNC_ENTITIES, SyncModule } from '@storebridge/sync';
import type { AppConfig } from './config/app.config';
import { HEALTH_REDIS_URL, HealthController } from './health/health.controller';
import { MetricsModule } from './metrics/metrics.module';
import { QueuesModule } from './queues/queues.module';
import { CONFIG } from './config/config.token';
import { PluginsModule } from './plugins/plugins.module';
import { SyncBindingsModule, SyncMetricsBinding } from './sync-bindings';

export interface AppModuleOptions {
  config: AppConfig;
  databaseUrl: string;
  poolSize: number;
  /** HTTP controllers are mounted for roles `all` and `api`. */
  http: boolean;
  /** Queue processors run for roles `all` and `worker`. */
  workers: boolean;
}

/** Query parameters that are secrets in some request (OAuth codes, signatures, state; WooCommerce's return carries our state in user_id). */
const SECRET_QUERY_PARAMS = ['code', 'hmac', 'state', 'signature', 'token', 'access_token', 'client_secret', 'user_id'];

/** pino-http's serialized request with secret query parameters replaced. */
export function redactRequestSecrets<T extends { url?: string; query?: Record<string, unknown> }>(req: T): T {
  const out = { ...req };
  if (typeof out.url === 'string' && out.url.includes('?')) {
    const [path, query] = out.url.split('?', 2);
    const params = new URLSearchParams(query);
    for (const name of SECRET_QUERY_PARAMS) if (params.has(name)) params.set(name, '[redacted]');
    out.url = `${path}?${params.toString()}`;
  }
  if (out.query && typeof out.query === 'object') {
    const q = { ...out.query };
    for (const name of SECRET_QUERY_PARAMS) if (name in q) q[name] = '[redacted]';
    out.query = q;
  }
  return out;
}

/** Entities of every module; the host owns the data source and the migrations. */
export const ENTITIES = [...TENANCY_ENTITIES, ...CATALOG_ENTITIES, ...CONNECTIONS_ENTITIES, ...ORDERS_ENTITIES, ...SYNC_ENTITIES];

/** Modules of features (each lib's module); plugins and later modules join here. */
const CONNECTIONS_MODULE = ConnectionsModule.forRoot({ host: PluginsModule });
const FEATURE_MODULES: Array<Type | DynamicModule> = [CatalogModule, CONNECTIONS_MODULE, OrdersModule];

/** The sync engine with its ports bound to the other modules (apps/api/src/sync-bindings); SYNC_* settings (validated config) tune it. */
function syncModule(options: AppModuleOptions): DynamicModule {
  const { config } = options;
  return SyncModule.forRoot({
    ...DEFAULT_SYNC_TUNING,
    ...config.syncTuning(),
    runWorkers: options.workers,
    publicUrl: config.PUBLIC_URL ?? `http://localhost:${config.PORT}`,
    bindings: SyncBindingsModule.forRoot({ connections: CONNECTIONS_MODULE }),
    metrics: SyncMetricsBinding,
    http: options.http,
  });
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    const { config } = options;
    const silent = config.NODE_ENV === 'test' && process.env.LOG !== '1';
    return {
      module: AppModule,
      imports: [
        ClsModule.forRoot({ global: true, middleware: { mount: true } }),
        LoggerModule.forRoot({
          pinoHttp: {
            level: silent ? 'silent' : config.LOG_LEVEL,
            genReqId: (req: IncomingMessage, res: ServerResponse) => {
              const given = req.headers['x-request-id'];
              const id = typeof given === 'string' && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
              res.setHeader('X-Request-Id', id);
              return id;
            },
            // Secrets never reach a log line.
            redact: {
              paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-shopify-access-token"]', 'req.headers["x-auth-token"]'],
              censor: '[redacted]',
            },
            // OAuth redirects carry one-time codes and signatures in the query string.
            serializers: { req: redactRequestSecrets },
            autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' || req.url === '/metrics' },
          },
        }),
        TypeOrmModule.forRoot({
          ...createDataSourceOptions({ url: options.databaseUrl, entities: ENTITIES, migrations: [], poolSize: options.poolSize }),
        }),
        MetricsModule,
        QueuesModule.forRoot({ redisUrl: config.REDIS_URL, prefix: config.STOREBRIDGE_QUEUE_PREFIX, runWorkers: options.workers }),
        TenancyModule.forRoot({ adminToken: config.ADMIN_TOKEN }),
        ...FEATURE_MODULES,
        syncModule(options),
      ],
      controllers: options.http ? [HealthController] : [],
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: HEALTH_REDIS_URL, useValue: config.REDIS_URL },
      ],
      exports: [CONFIG],
      global: true,
    };
  }
}
