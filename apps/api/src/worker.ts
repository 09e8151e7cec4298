// Entry point of a worker-only process: `node apps/api/dist/worker.js`
// (the same as STOREBRIDGE_ROLE=worker with main.js).
process.env.STOREBRIDGE_ROLE = 'worker';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- must run after the env line above, which an import would not
require('./main');
