import { Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import express from 'express';

/** 1000 actions with attributes run to a few hundred KB, past the default 100 KB JSON limit. */
export const SYNC_BODY_LIMIT = '10mb';

/**
 * Registers a JSON parser with a larger limit for the sync routes only. It
 * must run before the host's global parser (which then sees the body as
 * already read and skips it), and Nest registers that parser at `init()`,
 * after providers are constructed: hence the work in the constructor. The
 * host owns body parsing; when it grows per-route limits, this goes away.
 */
@Injectable()
export class SyncBodyParser {
  constructor(adapterHost: HttpAdapterHost) {
    const adapter = adapterHost.httpAdapter;
    if (!adapter || adapter.getType() !== 'express') return;
    const app = adapter.getInstance<express.Express>();
    const parser = express.json({ limit: SYNC_BODY_LIMIT });
    // PUT only; other routes keep the host's limit.
    app.put(['/v1/catalogs/:catalogId/sync', '/api/v1/catalogs/:catalogId/sync'], (req, res, next) => parser(req, res, next));
    new Logger('SyncBodyParser').debug(`sync routes accept JSON bodies up to ${SYNC_BODY_LIMIT}`);
  }
}
