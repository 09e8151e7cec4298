#!/usr/bin/env node
// `npm test`: install what is missing, then lint (module boundaries included),
// type-check, and run the unit, integration and e2e tiers against real
// Postgres (TEST_DATABASE_URL, else 127.0.0.1:5432, else embedded) and Redis.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDeps } from './lib/ensure-deps.mjs';
import { ensureRedis } from './lib/services.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
process.chdir(root);
process.env.NX_NO_CLOUD = 'true';
process.env.NX_DAEMON ??= 'false';
ensureDeps(root);

const step = (name, cmd) => {
  const t0 = Date.now();
  console.log(`\n[storebridge test] ${name}: ${cmd}`);
  execSync(cmd, { stdio: 'inherit', env: process.env });
  console.log(`[storebridge test] ${name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
};

const started = Date.now();
try {
  // The boundary rule reads Nx's project graph: compute it first.
  step('project graph', 'npx nx show projects > /dev/null');
  step('lint', 'npx eslint . --max-warnings=0');
  step('typecheck', 'npx tsc -p tsconfig.json');
} catch {
  process.exit(1);
}

const redis = await ensureRedis();
process.env.REDIS_URL = redis.url;
mkdirSync('tmp', { recursive: true });
const results = join('tmp', 'jest-results.json');
const extra = process.argv.slice(2);
console.log('\n[storebridge test] jest: unit, integration, e2e');
const run = spawnSync('npx', ['jest', '--config', 'jest.config.cjs', '--ci', '--forceExit', '--json', `--outputFile=${results}`, ...extra], {
  stdio: 'inherit',
  env: process.env,
});
redis.stop();

let passed = 0;
let failed = 0;
if (existsSync(results)) {
  const r = JSON.parse(readFileSync(results, 'utf8'));
  passed = r.numPassedTests;
  failed = r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
}
console.log(`\n[storebridge test] total wall time ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`jest: ${passed} passed, ${failed} failed`);
process.exit(run.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
