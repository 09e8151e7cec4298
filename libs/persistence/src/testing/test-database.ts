import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

function serverUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

/**
 * A fresh, empty database for one test file on the test server (the jest
 * global setup picks a real Postgres, or the embedded one when none answers).
 * The embedded server has a single database, so there every test file shares
 * it; tests isolate themselves by creating their own tenants. The
 * benchmarks pass a `server` of their own.
 */
export async function createTestDatabase(prefix = 'sb_test', server?: string): Promise<TestDatabase> {
  const base = server ?? serverUrl();
  if (process.env.SB_TEST_EMBEDDED_PG === '1') {
    return { url: base, name: 'postgres', drop: async () => undefined };
  }
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const c = new Client({ connectionString: base });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
