import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { QueueName } from './queue-names';

export type SystemJob = { name: 'noop'; data: Record<string, never> };

/**
 * Housekeeping jobs. `noop` does nothing on purpose: it measures the raw
 * queue throughput that benchmarks compare real work against, and lets
 * operators check that workers are consuming.
 */
@Processor(QueueName.System)
export class SystemProcessor extends WorkerHost {
  private readonly logger = new Logger(SystemProcessor.name);

  async process(job: Job): Promise<{ ok: true }> {
    if (job.name !== 'noop') this.logger.warn(`Unknown system job ${job.name}`);
    return { ok: true };
  }
}
