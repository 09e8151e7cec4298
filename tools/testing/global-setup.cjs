// Runs once before the integration and e2e tiers. Finds a Postgres and a
// Redis for the run, or starts what it can, and hands their URLs to the test
// workers through the environment (workers inherit it).
const net = require('node:net');
const { spawn, execFileSync } = require('node:child_process');
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

function redisAnswers(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1500, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

function onPath(bin) {
  try {
    execFileSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
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

  const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  if (await redisAnswers(redisUrl)) {
    process.env.REDIS_URL = redisUrl;
  } else if (onPath('redis-server')) {
    const port = await freePort();
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
      detached: false,
    });
    globalThis.__SB_REDIS_CHILD__ = child;
    const url = `redis://127.0.0.1:${port}`;
    for (let i = 0; i < 50 && !(await redisAnswers(url)); i++) await new Promise((r) => setTimeout(r, 100));
    process.env.REDIS_URL = url;
    console.log(`\n[test setup] no Redis at ${redisUrl}; started redis-server on ${url}`);
  } else {
    throw new Error(
      `Redis is required for the tests and nothing answers at ${redisUrl}. ` +
        'Install it (Debian/Ubuntu: `apt-get install redis-server`; macOS: `brew install redis`) or set REDIS_URL.',
    );
  }
};
