import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';
import type { ProductInput } from '@storebridge/contracts';
import type { SyncJobKind } from '../entities/sync-job.entity';
import { SYNC_OPTIONS, type SyncOptions } from '../sync.options';
import { QueueName } from './queue-names';

/** What every sync job carries: the request it works on and the tenant to run as. */
export interface SyncJobData {
  syncJobId: string;
  tenantId: string;
  orgId: string;
}

export interface WebhookJobData {
  eventRowId: string;
  tenantId: string;
  orgId: string;
}

/** Kept long enough that a relay's re-enqueue of the same id is a no-op. */
const KEEP: Pick<JobsOptions, 'removeOnComplete' | 'removeOnFail'> = {
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
};

/**
 * The sync queues and how jobs go into them. Job ids are deterministic
 * (`fanout_<request>`, `deliver_<request>_<connection>`, `import_<request>`,
 * `webhook_<event>`), so an enqueue repeated by the relay or a retried
 * fan-out never makes a second job.
 */
@Injectable()
export class SyncQueues {
  constructor(
    @InjectQueue(QueueName.SyncPush) readonly push: Queue,
    @InjectQueue(QueueName.SyncImport) readonly imports: Queue,
    @InjectQueue(QueueName.SyncWebhook) readonly webhooks: Queue,
    @InjectQueue(QueueName.SyncTick) readonly tick: Queue,
    @Inject(SYNC_OPTIONS) private readonly options: SyncOptions,
  ) {}

  all(): Queue[] {
    return [this.push, this.imports, this.webhooks, this.tick];
  }

  /** Hands recorded requests to Bull: one bulk add per queue. */
  async enqueueRequests(requests: Array<{ kind: SyncJobKind; data: SyncJobData }>): Promise<void> {
    const backoff = { type: 'exponential', delay: this.options.backoffMs };
    const pushes = requests.filter((r) => r.kind === 'push');
    const imports = requests.filter((r) => r.kind !== 'push');
    await Promise.all([
      pushes.length > 0 && this.push.addBulk(pushes.map(({ data }) => ({ name: 'fanout', data, opts: { jobId: `fanout_${data.syncJobId}`, attempts: 5, backoff, ...KEEP } }))),
      imports.length > 0 && this.imports.addBulk(imports.map(({ data }) => ({ name: 'import', data, opts: { jobId: `import_${data.syncJobId}`, attempts: 8, backoff, ...KEEP } }))),
    ]);
  }

  deliveryJob(data: DeliveryJobData): { name: string; data: DeliveryJobData; opts: JobsOptions } {
    return {
      name: 'deliver',
      data,
      opts: {
        jobId: `deliver_${data.syncJobId}_${data.connectionId}`,
        attempts: this.options.pushAttempts,
        backoff: { type: 'exponential', delay: this.options.backoffMs },
        ...KEEP,
      },
    };
  }

  async enqueueWebhook(data: WebhookJobData): Promise<void> {
    await this.webhooks.add('webhook', data, { jobId: `webhook_${data.eventRowId}`, attempts: 5, backoff: { type: 'exponential', delay: this.options.backoffMs }, ...KEEP });
  }

  /** Waiting, active, delayed, failed... per queue, for /metrics. */
  async depths(): Promise<Array<{ queue: string; counts: Record<string, number> }>> {
    return Promise.all(this.all().map(async (q) => ({ queue: q.name, counts: await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized', 'waiting-children') })));
  }
}

export interface DeliveryJobData extends SyncJobData {
  deliveryId: string;
  connectionId: string;
  provider: string;
  productId: string;
  action: 'UPSERT' | 'DELETE';
  /** UPSERT: the payload computed once by the fan-out, its hash and the product revision it shows. */
  input?: ProductInput;
  hash?: string;
  revision?: number;
}
