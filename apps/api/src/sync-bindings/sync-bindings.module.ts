import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { CatalogModule } from '@storebridge/catalog';
import { OrdersModule } from '@storebridge/orders';
import { SYNC_CATALOG, SYNC_CONNECTIONS, SYNC_ORDERS } from '@storebridge/sync';
import { PluginsModule } from '../plugins/plugins.module';
import { SyncCatalogBinding } from './sync-catalog.binding';
import { SyncConnectionsBinding } from './sync-connections.binding';
import { SyncOrdersBinding } from './sync-orders.binding';

/**
 * The ports libs/sync declares, bound to the catalog, orders and connections
 * libs (a module lib may not import another). `connections` is the very
 * ConnectionsModule instance the host mounts. SYNC_METRICS needs the sync
 * queues, so SyncModule binds it itself from `SyncMetricsBinding`.
 */
@Module({})
export class SyncBindingsModule {
  static forRoot(options: { connections: NonNullable<ModuleMetadata['imports']>[number] }): DynamicModule {
    return {
      module: SyncBindingsModule,
      imports: [CatalogModule, OrdersModule, PluginsModule, options.connections],
      providers: [
        { provide: SYNC_CATALOG, useClass: SyncCatalogBinding },
        { provide: SYNC_ORDERS, useClass: SyncOrdersBinding },
        { provide: SYNC_CONNECTIONS, useClass: SyncConnectionsBinding },
      ],
      exports: [SYNC_CATALOG, SYNC_ORDERS, SYNC_CONNECTIONS],
    };
  }
}
