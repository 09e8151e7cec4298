import { BullModule } from '@nestjs/bullmq';
import { Module, type DynamicModule, type ModuleMetadata, type Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SyncController } from './api/sync.controller';
import { SyncJobsService } from './api/sync-jobs.service';
import { SYNC_ENTITIES } from './entities';
import { ImportRunner } from './imports/import-runner';
import { DeliveryHandler } from './push/delivery.handler';
import { PushFanoutHandler } from './push/push-fanout.handler';
import { NOOP_SYNC_METRICS, SYNC_METRICS, type SyncMetricsPort } from './ports/sync-metrics.port';
import { SYNC_QUEUES } from './queues/queue-names';
import { SyncQueues } from './queues/sync-queues';
import { SyncWorkers } from './queues/sync-workers';
import { SyncTickService } from './schedule/sync-tick.service';
import { dropErrorsOfClosedConnections } from './queues/closed-connection-errors';
import { SYNC_OPTIONS, type SyncOptions } from './sync.options';
import { WebhookIntakeService } from './webhooks/webhook-intake.service';
import { WebhooksController } from './webhooks/webhooks.controller';

export interface SyncModuleOptions extends SyncOptions {
  /** The host's module providing SYNC_CATALOG, SYNC_ORDERS, SYNC_CONNECTIONS and SYNC_METRICS. */
  bindings: NonNullable<ModuleMetadata['imports']>[number];
  /** Mount the HTTP controllers (roles `all` and `api`). */
  http: boolean;
  /** The host's SYNC_METRICS implementation; it may inject SyncQueues (queue depths). Default: no metrics. */
  metrics?: Type<SyncMetricsPort>;
}

/** Push fan-out, imports, webhook intake, schedules and job status (ARCHITECTURE.md: sync). */
@Module({})
export class SyncModule {
  static forRoot({ bindings, http, metrics, ...options }: SyncModuleOptions): DynamicModule {
    // Its workers closed while Redis is unreachable must not fail the process (see the function).
    dropErrorsOfClosedConnections();
    return {
      module: SyncModule,
      imports: [TypeOrmModule.forFeature(SYNC_ENTITIES), bindings, ...SYNC_QUEUES.map((name) => BullModule.registerQueue({ name }))],
      controllers: http ? [SyncController, WebhooksController] : [],
      providers: [
        { provide: SYNC_OPTIONS, useValue: options },
        metrics ? { provide: SYNC_METRICS, useClass: metrics } : { provide: SYNC_METRICS, useValue: NOOP_SYNC_METRICS },
        SyncQueues,
        SyncJobsService,
        PushFanoutHandler,
        DeliveryHandler,
        ImportRunner,
        WebhookIntakeService,
        SyncTickService,
        SyncWorkers,
      ],
      exports: [SyncJobsService, ImportRunner, SyncTickService, SyncQueues],
    };
  }
}
