import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createApp, loadConfig, type StartedApp } from '@storebridge/api';
import { createTestDatabase, type TestDatabase } from '@storebridge/persistence/testing';

export interface TestTenant {
  tenantId: string;
  orgId: string;
  token: string;
  /** Headers that authenticate as this tenant's org. */
  headers: Record<string, string>;
}

export interface TestApp {
  started: StartedApp;
  http: TestAgent;
  adminToken: string;
  /** Creates a tenant through the admin API. */
  createTenant(name?: string): Promise<TestTenant>;
  close(): Promise<void>;
}

export function tenantHeaders(t: { tenantId: string; orgId: string; token: string }): Record<string, string> {
  return { Authorization: `Bearer ${t.token}`, 'X-Tenant-ID': t.tenantId, 'X-Org-ID': t.orgId };
}

/**
 * The whole host on a database of its own (one per test file), real Redis,
 * a queue prefix of its own, and a silent logger unless LOG=1.
 */
export async function startTestApp(env: Record<string, string | undefined> = {}): Promise<TestApp> {
  const db: TestDatabase = await createTestDatabase('sb_e2e');
  const adminToken = 'admin-' + randomBytes(16).toString('hex');
  const merged: Record<string, string | undefined> = {
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    REDIS_URL: process.env.REDIS_URL,
    ADMIN_TOKEN: adminToken,
    STOREBRIDGE_QUEUE_PREFIX: 'sbtest_' + randomBytes(4).toString('hex'),
    STOREBRIDGE_DATA_DIR: `tmp/e2e-${process.pid}`,
    // Lets a run narrow the loaded plugins (default: every installed one).
    STOREBRIDGE_PLUGINS: process.env.STOREBRIDGE_PLUGINS,
  };
  // An explicit `undefined` in `env` removes the setting (e.g. ADMIN_TOKEN).
  for (const [k, v] of Object.entries(env)) merged[k] = v;
  const config = loadConfig(merged);
  const started = await createApp(config);
  await started.app.init();
  const http = request(started.app.getHttpServer());
  return {
    started,
    http,
    adminToken,
    async createTenant(name = 'Tenant ' + randomBytes(3).toString('hex')) {
      const res = await http.post('/admin/tenants').set('Authorization', `Bearer ${adminToken}`).send({ name });
      if (res.status !== 201) throw new Error(`createTenant failed: ${res.status} ${JSON.stringify(res.body)}`);
      const t = res.body as { tenantId: string; orgId: string; token: string };
      return { ...t, headers: tenantHeaders(t) };
    },
    async close() {
      await started.close();
      await db.drop();
    },
  };
}

/**
 * The usual e2e fixture: the host plus two tenants, `a` acting and `b` the
 * second tenant that must see nothing of `a`.
 */
export async function startTestAppWithTwoTenants(env: Record<string, string | undefined> = {}): Promise<{ t: TestApp; a: TestTenant; b: TestTenant }> {
  const t = await startTestApp(env);
  const [a, b] = await Promise.all([t.createTenant('Acme'), t.createTenant('Globex')]);
  return { t, a, b };
}
