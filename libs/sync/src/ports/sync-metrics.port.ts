/** Where sync reports what it does; the host binds it to Prometheus under SYNC_METRICS. */
export interface SyncMetricsPort {
  jobFinished(queue: string, name: string, outcome: 'completed' | 'failed' | 'retry' | 'delayed' | 'skipped', seconds: number): void;
  providerCall(provider: string, operation: string, outcome: 'ok' | 'error' | 'throttled', seconds: number): void;
}

export const SYNC_METRICS = Symbol('STOREBRIDGE_SYNC_METRICS');

export const NOOP_SYNC_METRICS: SyncMetricsPort = { jobFinished: () => undefined, providerCall: () => undefined };
