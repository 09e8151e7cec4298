/** Every Bull queue of the host, in one place (Twenty's pattern). */
export enum QueueName {
  /** Housekeeping jobs of the host itself (`noop` measures raw queue throughput). */
  System = 'system',
  /** Push fan-out (`fanout`) and its per-connection children (`deliver`). */
  SyncPush = 'sync-push',
  /** Imports (pull) of a connection's products and orders. */
  SyncImport = 'sync-import',
  /** Verified provider webhooks: re-read the record and upsert it. */
  SyncWebhook = 'sync-webhook',
  /** The periodic tick: outbox relay, auto-push, schedules, newly ACTIVE connections. */
  SyncTick = 'sync-tick',
}

export const ALL_QUEUES: QueueName[] = Object.values(QueueName);
export const SYNC_QUEUES: QueueName[] = [QueueName.SyncPush, QueueName.SyncImport, QueueName.SyncWebhook, QueueName.SyncTick];
