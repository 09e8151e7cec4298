import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { TenancyService } from '@storebridge/tenancy';

export interface DemoCredentials {
  tenantId: string;
  orgId: string;
  token: string;
}

/**
 * On the first start against an empty database, create a demo tenant so a
 * new user can call the API at once. Returns null when tenants exist.
 */
export async function seedDemoTenant(app: INestApplicationContext, dataDir: string): Promise<{ credentials: DemoCredentials; file: string } | null> {
  const tenancy = app.get(TenancyService);
  if ((await tenancy.countTenants()) > 0) return null;
  const { tenantId, orgId, token } = await tenancy.createTenant('Demo');
  const credentials = { tenantId, orgId, token };
  mkdirSync(dataDir, { recursive: true });
  const file = resolve(join(dataDir, 'demo-credentials.json'));
  writeFileSync(file, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
  return { credentials, file };
}
