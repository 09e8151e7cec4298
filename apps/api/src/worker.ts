// Entry point of a worker-only process: `node apps/api/dist/worker.js`
// (the same as STOREBRIDGE_ROLE=worker with main.js).
process.env.STOREBRIDGE_ROLE = 'worker';
// require, not import: imports are hoisted above the line that sets the role.
require('./main');
