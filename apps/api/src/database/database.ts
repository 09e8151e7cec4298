import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createDataSourceOptions, startEmbeddedPostgres } from '@storebridge/persistence';
import { MIGRATIONS } from '../migrations';

export interface ResolvedDatabase {
  url: string;
  embedded: boolean;
  poolSize: number;
  stop(): Promise<void>;
}

/**
 * DATABASE_URL when given; otherwise an embedded Postgres (PGlite over the
 * wire protocol) whose data lives in `<dataDir>/pgdata`.
 *
 * PGlite's data folder must be opened by one process only, so the process
 * that starts it advertises its socket in `<dataDir>/embedded-db.json`; a
 * second process (a CLI command, a separate worker) connects to that socket
 * instead of opening the folder again.
 */
export async function resolveDatabase(databaseUrl: string | undefined, dataDir: string): Promise<ResolvedDatabase> {
  if (databaseUrl) return { url: databaseUrl, embedded: false, poolSize: 10, stop: async () => undefined };
  const advert = join(dataDir, 'embedded-db.json');
  const running = await runningEmbedded(advert);
  if (running) return { url: running, embedded: true, poolSize: 2, stop: async () => undefined };
  const embedded = await startEmbeddedPostgres({ dataDir: join(dataDir, 'pgdata'), maxConnections: 16 });
  writeFileSync(advert, JSON.stringify({ url: embedded.url, pid: process.pid }));
  return {
    url: embedded.url,
    embedded: true,
    poolSize: 4,
    async stop() {
      rmSync(advert, { force: true });
      await embedded.stop();
    },
  };
}

async function runningEmbedded(advert: string): Promise<string | null> {
  if (!existsSync(advert)) return null;
  try {
    const { url, pid } = JSON.parse(readFileSync(advert, 'utf8')) as { url: string; pid: number };
    process.kill(pid, 0); // throws when no such process
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    await client.connect();
    await client.end();
    return url;
  } catch {
    return null; // stale advert of a process that is gone
  }
}

// Any stable 64-bit number: every process that migrates takes this lock, so
// an API and several workers starting together migrate once, in turn.
const MIGRATION_LOCK = 72_531_889_004;

/** Apply pending migrations under a Postgres advisory lock. */
export async function runMigrations(url: string): Promise<string[]> {
  const ds = new DataSource(createDataSourceOptions({ url, entities: [], migrations: MIGRATIONS, poolSize: 1 }));
  await ds.initialize();
  try {
    await ds.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const ran = await ds.runMigrations({ transaction: 'each' });
      return ran.map((m) => m.name);
    } finally {
      await ds.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await ds.destroy();
  }
}
