import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { dropErrorsOfClosedConnections } from './closed-connection-errors';

/**
 * Closes a queue on a Redis that refuses connections at the moment BullMQ's
 * race needs: an attempt has failed and the next one is connecting.
 * Answers the unhandled rejections the process saw meanwhile.
 */
async function closeWhileConnecting(): Promise<unknown[]> {
  const seen: unknown[] = [];
  const onRejection = (e: unknown) => seen.push(e);
  process.on('unhandledRejection', onRejection);
  try {
    // Port 1 on loopback: nothing listens there.
    const queue = new Queue(`closed-connection-${process.pid}`, { connection: { host: '127.0.0.1', port: 1, maxRetriesPerRequest: null } });
    queue.on('error', () => undefined);
    const client = (queue as unknown as { connection: { _client: Redis } }).connection._client;
    let failed = 0;
    client.on('error', () => failed++);
    await new Promise<void>((resolve) => {
      const check = () => (failed > 0 && client.status === 'connecting' ? resolve() : setImmediate(check));
      check();
    });
    await queue.close();
    await new Promise((r) => setTimeout(r, 200));
    return seen;
  } finally {
    process.off('unhandledRejection', onRejection);
  }
}

describe('closing a queue while its Redis connection is connecting', () => {
  it('leaves no unhandled error behind once dropErrorsOfClosedConnections is installed', async () => {
    // Without the guard BullMQ 5.81 rejects with the refused connection here (taskforcesh/bullmq#3546).
    dropErrorsOfClosedConnections();
    expect(await closeWhileConnecting()).toEqual([]);
  });
});
