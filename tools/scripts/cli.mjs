#!/usr/bin/env node
// `npm run cli -- <command> [--flags]`: operator commands (apps/api/src/cli.ts)
// run from source, so they work without a build.
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDeps } from './lib/ensure-deps.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
ensureDeps(root);
const r = spawnSync(process.execPath, ['--conditions=@storebridge/source', '-r', '@swc-node/register', 'apps/api/src/cli.ts', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
