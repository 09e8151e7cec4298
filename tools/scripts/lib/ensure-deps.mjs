// Installs what is missing: on a fresh clone, or when package.json or the
// lockfile changed since the last install. Cheap when nothing changed.
// `npm install` rather than `npm ci`: npm 11 writes lockfiles without the
// other platforms' optional binaries (@swc/core-*, …), which `npm ci` rejects.
import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function ensureDeps(root) {
  const lock = join(root, 'package-lock.json');
  const stamp = join(root, 'node_modules', '.storebridge-installed');
  const hash = createHash('sha256')
    .update(readFileSync(join(root, 'package.json')))
    .update(existsSync(lock) ? readFileSync(lock) : '')
    .digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return;
  const cmd = 'npm install --no-audit --no-fund';
  // On stderr, npm's output too: stdout is the command's own (the CLI prints JSON there).
  console.error(`[storebridge] installing dependencies (${cmd})`);
  execSync(cmd, { cwd: root, stdio: ['ignore', 2, 2] });
  writeFileSync(stamp, hash);
}
