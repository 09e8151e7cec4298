module.exports = async function globalTeardown() {
  if (globalThis.__SB_REDIS_CHILD__) globalThis.__SB_REDIS_CHILD__.kill();
  if (globalThis.__SB_EMBEDDED_PG__) await globalThis.__SB_EMBEDDED_PG__.stop();
};
