import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DelayedError, UnrecoverableError, Worker, type Job, type Queue } from 'bullmq';
import { TenantContext } from '@storebridge/tenancy';
import { ImportRunner } from '../imports/import-runner';
import { SYNC_METRICS, type SyncMetricsPort } from '../ports/sync-metrics.port';
import { DeliveryHandler } from '../push/delivery.handler';
import { PushFanoutHandler } from '../push/push-fanout.handler';
import { SyncTickService } from '../schedule/sync-tick.service';
import { SYNC_OPTIONS, type SyncOptions } from '../sync.options';
import { isPermanent } from '../support/commerce-errors';
import { WebhookIntakeService } from '../webhooks/webhook-intake.service';
import { SyncQueues, type DeliveryJobData, type SyncJobData, type WebhookJobData } from './sync-queues';

const TICK_SCHEDULER = 'sync-tick';

/**
 * The sync queues' consumers (roles `all` and `worker`). Built by hand
 * rather than with @Processor so lock duration and concurrency come from
 * configuration. Every job runs in its tenant's scope.
 */
@Injectable()
export class SyncWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SyncWorkers');
  private readonly workers: Worker[] = [];

  constructor(
    @Inject(SYNC_OPTIONS) private readonly options: SyncOptions,
    @Inject(SYNC_METRICS) private readonly metrics: SyncMetricsPort,
    private readonly queues: SyncQueues,
    private readonly context: TenantContext,
    private readonly fanout: PushFanoutHandler,
    private readonly delivery: DeliveryHandler,
    private readonly imports: ImportRunner,
    private readonly webhooks: WebhookIntakeService,
    private readonly ticks: SyncTickService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Not awaited: with Redis down the command waits for it, and start-up
    // must not (the API still serves, and /health reports Redis as down).
    const scheduling =
      this.options.tickMs > 0
        ? this.queues.tick.upsertJobScheduler(TICK_SCHEDULER, { every: this.options.tickMs }, { name: 'tick', opts: { removeOnComplete: 100, removeOnFail: 100 } })
        : this.queues.tick.removeJobScheduler(TICK_SCHEDULER);
    scheduling.catch((e: unknown) => this.logger.warn(`could not (un)register the sync tick: ${e instanceof Error ? e.message : String(e)}`));
    if (!this.options.runWorkers) return;
    const concurrency = Math.max(this.options.deliveryConcurrency, 1);
    this.start(this.queues.push, concurrency, (job, token) =>
      job.name === 'fanout' ? this.fanout.handle(job as Job<SyncJobData>) : this.delivery.handle(job as Job<DeliveryJobData>, token),
    );
    this.start(this.queues.imports, Math.max(this.options.importConcurrency, 1), (job) => this.runImport(job as Job<SyncJobData>));
    this.start(this.queues.webhooks, 4, (job) => this.webhooks.apply(job.data as WebhookJobData));
    this.start(this.queues.tick, 1, () => this.ticks.tick(), false);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
  }

  private start(queue: Queue, concurrency: number, fn: (job: Job, token?: string) => Promise<unknown>, scoped = true): void {
    const worker = new Worker(
      queue.name,
      async (job: Job, token?: string) => {
        const started = performance.now();
        try {
          const data = job.data as Partial<SyncJobData>;
          const out = scoped && data.tenantId && data.orgId ? await this.context.run({ tenantId: data.tenantId, orgId: data.orgId }, () => fn(job, token)) : await fn(job, token);
          this.metrics.jobFinished(queue.name, job.name, 'completed', (performance.now() - started) / 1000);
          return out;
        } catch (e) {
          const last = e instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
          const outcome = e instanceof DelayedError ? 'delayed' : last ? 'failed' : 'retry';
          this.metrics.jobFinished(queue.name, job.name, outcome, (performance.now() - started) / 1000);
          throw e;
        }
      },
      {
        connection: queue.opts.connection,
        prefix: queue.opts.prefix,
        concurrency,
        lockDuration: this.options.lockMs,
        stalledInterval: Math.max(Math.floor(this.options.lockMs / 2), 500),
        maxStalledCount: 5,
      },
    );
    worker.on('error', (e) => this.logger.warn(`worker ${queue.name}: ${e.message}`));
    this.workers.push(worker);
  }

  /** An import that fails for good records why; retryable failures resume from the checkpoint on the next attempt. */
  private async runImport(job: Job<SyncJobData>): Promise<unknown> {
    try {
      return await this.imports.run(job.data.syncJobId);
    } catch (e) {
      const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (isPermanent(e) || last) {
        await this.imports.fail(job.data.syncJobId, e);
        throw new UnrecoverableError((e as Error).message);
      }
      throw e;
    }
  }
}
