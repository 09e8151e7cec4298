import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { SyncQueues, type SyncMetricsPort } from '@storebridge/sync';
import { MetricsService } from '../metrics/metrics.service';

/** SYNC_METRICS on the host's Prometheus registry: queue depths, job outcomes and durations, provider calls. */
@Injectable()
export class SyncMetricsBinding implements SyncMetricsPort {
  private readonly jobs: Counter<'queue' | 'name' | 'outcome'>;
  private readonly jobDuration: Histogram<'queue' | 'name'>;
  private readonly calls: Counter<'provider' | 'operation' | 'outcome'>;
  private readonly callDuration: Histogram<'provider' | 'operation'>;
  private readonly throttled: Counter<'provider'>;

  constructor(metrics: MetricsService, queues: SyncQueues) {
    const registers = [metrics.registry];
    this.jobs = new Counter({ name: 'storebridge_sync_jobs_total', help: 'Sync jobs finished by queue, job name and outcome', labelNames: ['queue', 'name', 'outcome'], registers });
    this.jobDuration = new Histogram({
      name: 'storebridge_sync_job_duration_seconds',
      help: 'Sync job run time by queue and job name',
      labelNames: ['queue', 'name'],
      buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120, 600],
      registers,
    });
    this.calls = new Counter({ name: 'storebridge_provider_calls_total', help: 'Provider port calls by provider, operation and outcome', labelNames: ['provider', 'operation', 'outcome'], registers });
    this.callDuration = new Histogram({
      name: 'storebridge_provider_call_duration_seconds',
      help: 'Provider port call latency',
      labelNames: ['provider', 'operation'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.throttled = new Counter({ name: 'storebridge_provider_throttled_total', help: 'Provider answers that were rate limited', labelNames: ['provider'], registers });
    new Gauge({
      name: 'storebridge_queue_jobs',
      help: 'Jobs per sync queue and state',
      labelNames: ['queue', 'state'],
      registers,
      async collect() {
        try {
          for (const { queue, counts } of await queues.depths()) for (const [state, n] of Object.entries(counts)) this.set({ queue, state }, n);
        } catch {
          // Redis away: leave the last values rather than fail the whole scrape.
        }
      },
    });
  }

  jobFinished(queue: string, name: string, outcome: string, seconds: number): void {
    this.jobs.inc({ queue, name, outcome });
    this.jobDuration.observe({ queue, name }, seconds);
  }

  providerCall(provider: string, operation: string, outcome: 'ok' | 'error' | 'throttled', seconds: number): void {
    this.calls.inc({ provider, operation, outcome });
    this.callDuration.observe({ provider, operation }, seconds);
    if (outcome === 'throttled') this.throttled.inc({ provider });
  }
}
