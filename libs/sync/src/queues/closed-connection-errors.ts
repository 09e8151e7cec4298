import { RedisConnection } from 'bullmq';

let installed = false;

/**
 * Works around a BullMQ 5 race (taskforcesh/bullmq#3546). Closing a queue
 * or worker whose Redis connection is still connecting, after an earlier
 * attempt failed (Redis down, a stop right after start), does two things:
 * - the close removes every listener of the connection;
 * - the attempt in flight then fails, and BullMQ emits that failure as
 *   'error' on the connection, where no listener is left.
 * Node turns such an 'error' into an unhandled rejection: a process that is
 * stopping exits 1, and a test fails on `connect ECONNREFUSED`.
 *
 * An error a closed connection emits to no listener is about a connection
 * we closed on purpose: it is dropped. Every other 'error' is emitted as
 * before. Installed once per process; harmless once BullMQ fixes the race.
 * The integration spec reproduces the race, so an upgrade that changes
 * these internals fails there.
 */
export function dropErrorsOfClosedConnections(): void {
  if (installed) return;
  installed = true;
  const emit = RedisConnection.prototype.emit;
  RedisConnection.prototype.emit = function (this: RedisConnection, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'error' && this.status === 'closed' && this.listenerCount('error') === 0) return false;
    return emit.call(this, event, ...args);
  };
}
