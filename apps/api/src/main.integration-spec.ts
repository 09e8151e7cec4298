import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// The zero-setup path of `npm start`, as a real process: no DATABASE_URL, so
// the host starts PGlite over the wire protocol, migrates it, seeds a demo
// tenant, serves, and drains on SIGTERM.
const ROOT = resolve(__dirname, '../../..');

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}

describe('main on the embedded database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-embedded-'));
  let child: ChildProcess;
  let output = '';
  let base = '';

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const env: Record<string, string | undefined> = { ...process.env, PORT: String(port), STOREBRIDGE_DATA_DIR: dataDir, NODE_ENV: 'development', LOG_LEVEL: 'warn', STOREBRIDGE_QUEUE_PREFIX: 'sbembedded' };
    delete env.DATABASE_URL;
    child = spawn(process.execPath, ['--conditions=@storebridge/source', '-r', '@swc-node/register', 'apps/api/src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const deadline = Date.now() + 90_000;
    while (!/Try it:/.test(output)) {
      if (child.exitCode !== null) throw new Error(`main exited early:\n${output}`);
      if (Date.now() > deadline) throw new Error(`main did not start in time:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 120_000);

  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves /health with the embedded database up', async () => {
    expect(output).toContain('embedded PGlite');
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { checks: { database: unknown } }).checks.database).toEqual({ status: 'up' });
  });

  it('printed demo credentials that authenticate, and saved them', async () => {
    const saved = JSON.parse(readFileSync(join(dataDir, 'demo-credentials.json'), 'utf8'));
    expect(output).toContain(saved.token);
    const res = await fetch(`${base}/api/v1/me`, {
      headers: { Authorization: `Bearer ${saved.token}`, 'X-Tenant-ID': saved.tenantId, 'X-Org-ID': saved.orgId },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { orgId: string }).orgId).toBe(saved.orgId);
  });

  it('drains and exits 0 on SIGTERM', async () => {
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('SIGTERM received: draining');
  }, 30_000);
});
