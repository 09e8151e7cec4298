import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { CONNECTION_CONTEXT_FACTORY, CONNECTIONS_OPTIONS, PLUGIN_REGISTRY, type ConnectionsOptions } from '@storebridge/connections';
import { Redis } from 'ioredis';
import type { AppConfig } from '../config/app.config';
import { CONFIG } from '../config/config.token';
import { redisOptionsFromUrl } from '../queues/redis-connection';
import { SdkConnectionContextFactory } from './connection-context.factory';
import { loadPlugins } from './plugin-loader';
import { PluginRegistry } from './plugin-registry';

const GOVERNOR_REDIS = Symbol('GOVERNOR_REDIS');

/**
 * What the connections lib needs from the host: the loaded plugins
 * (STOREBRIDGE_PLUGINS), the SDK-built connection contexts, and its options.
 * Provider app settings come from `<CODE>_*` environment variables.
 */
@Module({
  providers: [
    {
      provide: PLUGIN_REGISTRY,
      inject: [CONFIG],
      useFactory: (config: AppConfig) => {
        const plugins = loadPlugins(config.STOREBRIDGE_PLUGINS);
        new Logger('PluginRegistry').log(`loaded plugins: ${plugins.map((p) => p.code).join(', ') || '(none)'}`);
        return new PluginRegistry(plugins, process.env, config.isProduction);
      },
    },
    {
      provide: GOVERNOR_REDIS,
      inject: [CONFIG],
      // Only the governors' scripts run here (never a blocking command): the calls the deliveries in flight
      // make in one tick go out in one write (auto-pipelining), not one syscall and packet each.
      useFactory: (config: AppConfig) =>
        new Redis({ ...redisOptionsFromUrl(config.REDIS_URL), lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: true, enableAutoPipelining: true }),
    },
    { provide: CONNECTION_CONTEXT_FACTORY, inject: [GOVERNOR_REDIS], useFactory: (redis: Redis) => new SdkConnectionContextFactory(redis) },
    {
      provide: CONNECTIONS_OPTIONS,
      inject: [CONFIG],
      useFactory: (config: AppConfig): ConnectionsOptions => ({
        production: config.isProduction,
        publicUrl: config.PUBLIC_URL ?? `http://localhost:${config.PORT}`,
        masterKey: config.STOREBRIDGE_MASTER_KEY,
        previousKeys: config.STOREBRIDGE_PREVIOUS_MASTER_KEYS?.split(',').map((k) => k.trim()).filter(Boolean),
        dataDir: config.STOREBRIDGE_DATA_DIR,
      }),
    },
  ],
  exports: [PLUGIN_REGISTRY, CONNECTION_CONTEXT_FACTORY, CONNECTIONS_OPTIONS],
})
export class PluginsModule implements OnApplicationShutdown {
  constructor(@Inject(GOVERNOR_REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.redis.status !== 'end') this.redis.disconnect();
  }
}
