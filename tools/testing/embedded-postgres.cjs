// Embedded PGlite over the Postgres wire protocol for test runs on machines
// with no Postgres server. Kept in memory: tests own their data.
async function startEmbeddedPostgresForTests() {
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const db = await PGlite.create();
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 16 });
  await server.start();
  const conn = server.getServerConn();
  return {
    url: `postgres://postgres@${conn}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
module.exports = { startEmbeddedPostgresForTests };
