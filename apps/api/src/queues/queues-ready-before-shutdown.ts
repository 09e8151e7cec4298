import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { ALL_QUEUES } from './queue-names';

/** How long shutdown waits for a queue's Redis connection to finish connecting. */
const READY_WAIT_MS = 2_000;

/**
 * Lets each queue's Redis connection finish connecting before the queues
 * close. BullMQ closing a connection that is still initialising emits an
 * 'error' on it with no listener left, which ends the process with exit 1
 * instead of its own exit code (seen with a CLI command that fails its
 * arguments at once, and possible for any app stopped right after start).
 * Bounded: with Redis down, shutdown goes on after READY_WAIT_MS, and
 * dropErrorsOfClosedConnections (@storebridge/sync) keeps the connections
 * still connecting then from failing the process.
 */
@Injectable()
export class QueuesReadyBeforeShutdown implements BeforeApplicationShutdown {
  constructor(private readonly moduleRef: ModuleRef) {}

  async beforeApplicationShutdown(): Promise<void> {
    const queues = ALL_QUEUES.map((name) => this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }));
    await Promise.all(
      queues.map((q) => {
        let timer: NodeJS.Timeout | undefined;
        const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, READY_WAIT_MS)));
        const ready = q.waitUntilReady().then(
          () => undefined,
          () => undefined,
        );
        return Promise.race([ready, waited]).finally(() => clearTimeout(timer));
      }),
    );
  }
}
