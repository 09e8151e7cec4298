import { BullModule } from '@nestjs/bullmq';
import { Module, type DynamicModule } from '@nestjs/common';
import { dropErrorsOfClosedConnections } from '@storebridge/sync';
import { ALL_QUEUES, QueueName } from './queue-names';
import { QueuesReadyBeforeShutdown } from './queues-ready-before-shutdown';
import { redisOptionsFromUrl } from './redis-connection';
import { SystemProcessor } from './system.processor';

export interface QueuesOptions {
  redisUrl: string;
  prefix: string;
  /** Whether this process consumes jobs (roles `all` and `worker`). */
  runWorkers: boolean;
}

@Module({})
export class QueuesModule {
  static forRoot(options: QueuesOptions): DynamicModule {
    // Queues and workers closed while Redis is unreachable must not fail the process (see the function).
    dropErrorsOfClosedConnections();
    return {
      module: QueuesModule,
      global: true,
      imports: [
        BullModule.forRoot({
          prefix: options.prefix,
          // Workers block on Redis; BullMQ requires unlimited retries per request.
          connection: { ...redisOptionsFromUrl(options.redisUrl), maxRetriesPerRequest: null },
        }),
        ...ALL_QUEUES.map((name) => BullModule.registerQueue({ name })),
      ],
      providers: [QueuesReadyBeforeShutdown, ...(options.runWorkers ? [SystemProcessor] : [])],
      exports: [BullModule],
    };
  }
}

export { QueueName };
