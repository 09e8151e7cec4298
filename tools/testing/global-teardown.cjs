module.exports = async function globalTeardown() {
  if (globalThis.__SB_REDIS__) globalThis.__SB_REDIS__.stop();
  if (globalThis.__SB_EMBEDDED_PG__) await globalThis.__SB_EMBEDDED_PG__.stop();
};
