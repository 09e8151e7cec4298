#!/usr/bin/env node
// `npm start`: install what is missing, build, and run the API (HTTP and
// workers in one process). With no DATABASE_URL the API starts an embedded
// Postgres in .storebridge/pgdata; with no Redis answering it starts a
// redis-server if one is installed.
import { execSync, spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDeps } from './lib/ensure-deps.mjs';
import { ensureRedis } from './lib/services.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
process.chdir(root);
process.env.NX_NO_CLOUD = 'true';
ensureDeps(root);

const t0 = Date.now();
console.log('[storebridge] building');
execSync('npx nx run-many -t build --output-style=static', { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NX_DAEMON: 'false' } });
console.log(`[storebridge] built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

const redis = await ensureRedis();
const child = spawn(process.execPath, ['apps/api/dist/main.js'], { stdio: 'inherit', env: { ...process.env, REDIS_URL: redis.url } });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => {
  redis.stop();
  process.exit(code ?? 0);
});
