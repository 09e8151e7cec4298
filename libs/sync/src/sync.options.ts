/** How the sync engine runs; the host builds it from the environment (syncOptionsFromEnv). */
export interface SyncOptions {
  /** Whether this process consumes the sync queues (roles `all` and `worker`). */
  runWorkers: boolean;
  /** Attempts of one delivery (push to one store), the first included. */
  pushAttempts: number;
  /** First step of the exponential backoff between delivery attempts. */
  backoffMs: number;
  /** Scheduled incremental import of every ACTIVE connection. */
  importIntervalMs: number;
  /** Period of the tick (relay, auto-push, schedules); 0 = no automatic tick (tests call tick()). */
  tickMs: number;
  /** Recorded requests older than this and not yet in Bull are re-enqueued by the relay. */
  relayAfterMs: number;
  /** Incremental imports start this long before the last high-water mark. */
  overlapMs: number;
  importPageSize: number;
  /** Bull lock of a running job; a killed worker's job is picked up again after about this long. */
  lockMs: number;
  /**
   * Push jobs (fan-outs and deliveries) one worker process runs at once. A
   * delivery mostly waits (on the store, Postgres, Redis), so a process
   * runs many; each store's pace is the rate-limit governor's business.
   */
  deliveryConcurrency: number;
  importConcurrency: number;
  /** Public base URL, for the webhook callback registered at providers. */
  publicUrl: string;
}

export const SYNC_OPTIONS = Symbol('STOREBRIDGE_SYNC_OPTIONS');

function num(env: Record<string, string | undefined>, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${key} must be a non-negative number`);
  return n;
}

/** SYNC_* variables, all optional. */
export function syncOptionsFromEnv(env: Record<string, string | undefined>, base: { runWorkers: boolean; publicUrl: string }): SyncOptions {
  return {
    ...base,
    pushAttempts: num(env, 'SYNC_PUSH_ATTEMPTS', 6),
    backoffMs: num(env, 'SYNC_BACKOFF_MS', 1_000),
    importIntervalMs: num(env, 'SYNC_IMPORT_INTERVAL_MS', 15 * 60_000),
    tickMs: num(env, 'SYNC_TICK_MS', 10_000),
    relayAfterMs: num(env, 'SYNC_RELAY_AFTER_MS', 10_000),
    overlapMs: num(env, 'SYNC_OVERLAP_MS', 5 * 60_000),
    importPageSize: num(env, 'SYNC_IMPORT_PAGE_SIZE', 100),
    lockMs: num(env, 'SYNC_LOCK_MS', 30_000),
    deliveryConcurrency: num(env, 'SYNC_DELIVERY_CONCURRENCY', 32),
    importConcurrency: num(env, 'SYNC_IMPORT_CONCURRENCY', 2),
  };
}
