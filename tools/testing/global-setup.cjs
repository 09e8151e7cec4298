// Runs once before the integration and e2e tiers. Finds a Postgres and a
// Redis for the run, or starts what it can, and hands their URLs to the test
// workers through the environment (workers inherit it).
const { Client } = require('pg');

async function postgresAnswers(url) {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

module.exports = async function globalSetup() {
  if (globalThis.__SB_SETUP_DONE__) return;
  globalThis.__SB_SETUP_DONE__ = true;

  const pgUrl = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  if (await postgresAnswers(pgUrl)) {
    process.env.TEST_DATABASE_URL = pgUrl;
  } else {
    // Fall back to the embedded database, the same one `npm start` uses.
    const { startEmbeddedPostgresForTests } = require('./embedded-postgres.cjs');
    const embedded = await startEmbeddedPostgresForTests();
    globalThis.__SB_EMBEDDED_PG__ = embedded;
    process.env.TEST_DATABASE_URL = embedded.url;
    process.env.SB_TEST_EMBEDDED_PG = '1';
    console.log(`\n[test setup] no Postgres at ${pgUrl}; using embedded PGlite at ${embedded.url}`);
  }

  // Shared with `npm start`/`npm test` (ESM; the setup runs outside jest's VM, so import works).
  const { redisAnswers, onPath, startRedisServer } = await import('../scripts/lib/services.mjs');
  const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  if (await redisAnswers(redisUrl)) {
    process.env.REDIS_URL = redisUrl;
  } else if (onPath('redis-server')) {
    const started = await startRedisServer();
    globalThis.__SB_REDIS__ = started;
    process.env.REDIS_URL = started.url;
    console.log(`\n[test setup] no Redis at ${redisUrl}; started redis-server on ${started.url}`);
  } else {
    throw new Error(
      `Redis is required for the tests and nothing answers at ${redisUrl}. ` +
        'Install it (Debian/Ubuntu: `apt-get install redis-server`; macOS: `brew install redis`) or set REDIS_URL.',
    );
  }
};
