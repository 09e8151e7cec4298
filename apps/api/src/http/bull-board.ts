import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplication } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import { adminCredential, secretsEqual } from '@storebridge/tenancy';
import { ALL_QUEUES } from '../queues/queue-names';

export const BULL_BOARD_PATH = '/admin/queues';

/**
 * Bull Board at /admin/queues behind the admin token (Bearer, or Basic auth
 * with the token as password so a browser can open it). Without ADMIN_TOKEN
 * it does not exist.
 */
export function mountBullBoard(app: INestApplication, adminToken: string | undefined): void {
  const http = app.getHttpAdapter().getInstance();
  const guard = (req: Request, res: Response, next: NextFunction) => {
    if (!adminToken) return res.status(404).json({ error: 'not_found', message: 'Not found' });
    const presented = adminCredential(req.headers.authorization);
    if (!presented || !secretsEqual(presented, adminToken)) {
      res.setHeader('WWW-Authenticate', 'Basic realm="storebridge admin"');
      return res.status(401).json({ error: 'unauthorized', message: 'Admin token required' });
    }
    next();
  };
  if (!adminToken) {
    http.use(BULL_BOARD_PATH, guard);
    return;
  }
  const adapter = new ExpressAdapter();
  adapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: ALL_QUEUES.map((name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name)))),
    serverAdapter: adapter,
  });
  http.use(BULL_BOARD_PATH, guard, adapter.getRouter());
}
