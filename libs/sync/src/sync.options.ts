/** How the sync engine runs; the host builds it from its validated configuration (SYNC_* variables) over DEFAULT_SYNC_TUNING. */
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

/** The settings an operator tunes; the rest comes from the host's role and URL. */
export type SyncTuning = Omit<SyncOptions, 'runWorkers' | 'publicUrl'>;

/** What the sync engine runs with when the host sets nothing (the README's SYNC_* table). */
export const DEFAULT_SYNC_TUNING: Readonly<SyncTuning> = {
  pushAttempts: 6,
  backoffMs: 1_000,
  importIntervalMs: 15 * 60_000,
  tickMs: 10_000,
  relayAfterMs: 10_000,
  overlapMs: 5 * 60_000,
  importPageSize: 100,
  lockMs: 30_000,
  deliveryConcurrency: 32,
  importConcurrency: 2,
};
