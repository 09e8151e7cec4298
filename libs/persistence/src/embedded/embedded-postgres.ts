import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

export interface EmbeddedPostgres {
  /** A `postgres://` URL for the `pg` driver. */
  url: string;
  dataDir: string | null;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Folder for the data; null keeps everything in memory. */
  dataDir: string | null;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** More than one, so a `pg` pool can open several connections. */
  maxConnections?: number;
}

/**
 * Starts PGlite (Postgres compiled to WASM) and serves it over the Postgres
 * wire protocol, so the app uses the same `pg` driver and SQL as against a
 * real server. PGlite runs one query at a time: it is the zero-setup
 * default, not the performance path (set DATABASE_URL for that).
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  // Loaded lazily so a deployment with DATABASE_URL never pays for the WASM
  // module; both packages ship CommonJS builds, so require works everywhere
  // (a dynamic import would not under jest's VM).
  const { PGlite } = require('@electric-sql/pglite') as typeof import('@electric-sql/pglite');
  const { PGLiteSocketServer } = require('@electric-sql/pglite-socket') as typeof import('@electric-sql/pglite-socket');
  const dataDir = options.dataDir ? resolve(options.dataDir) : null;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir ?? undefined);
  const server = new PGLiteSocketServer({
    db,
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    maxConnections: options.maxConnections ?? 8,
  });
  await server.start();
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    dataDir,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
