import type { INestApplication } from '@nestjs/common';
import { TenantContext } from '@storebridge/tenancy';
import { ConnectionsService, PLUGIN_REGISTRY, type PluginRegistryPort } from '@storebridge/connections';
import type { RunningShopifySandbox } from '@storebridge/plugin-shopify/testing';
import type { TestApp, TestTenant } from '../support/test-app';

/**
 * An ACTIVE connection of `tenant` to a running Shopify sandbox, made through
 * the connections service (the connect flow's sandbox fallback knows one
 * sandbox per provider; these tests need several).
 */
export async function connectSandbox(app: INestApplication, tenant: TestTenant, sandbox: RunningShopifySandbox): Promise<string> {
  const registry = app.get<PluginRegistryPort>(PLUGIN_REGISTRY, { strict: false });
  const plugin = registry.get('shopify');
  if (!plugin) throw new Error('the shopify plugin is not loaded');
  const connections = app.get(ConnectionsService, { strict: false });
  return app.get(TenantContext, { strict: false }).run({ tenantId: tenant.tenantId, orgId: tenant.orgId }, async () => {
    const conn = await connections.create({
      provider: 'shopify',
      category: 'commerce',
      store: plugin.auth.resolveStore(sandbox.baseUrl),
      credentials: { accessToken: sandbox.accessToken },
    });
    await connections.setStatus(conn, 'ACTIVE');
    return conn.id;
  });
}

export interface JobView {
  jobId: string;
  status: string;
  error: string | null;
  connections: Array<{ connectionId: string; status: string; attempts: number; reason: string | null; remoteId: string | null }>;
  progress?: Array<{ object: string; pages: number; records: number; done: boolean; runs: number }>;
}

/** Polls the job status endpoint until the job is done (bounded), never sleeping blindly past it. */
export async function waitForJob(t: TestApp, tenant: TestTenant, jobId: string, timeoutMs = 30_000): Promise<JobView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await t.http.get(`/unified/sync/jobs/${jobId}`).set(tenant.headers);
    if (res.status !== 200) throw new Error(`job status ${res.status}: ${JSON.stringify(res.body)}`);
    const view = res.body as JobView;
    if (!['queued', 'running'].includes(view.status)) return view;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${view.status} after ${timeoutMs} ms: ${JSON.stringify(view)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Polls `check` until it returns a value (bounded). */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

