import type { DataSource } from 'typeorm';
import type { ConnectionEntity, ConnectionsService, PluginRegistryPort } from '@storebridge/connections';
import { fakePlugin } from '@storebridge/contracts/testing';
import type { ConnectionContext, OrderPort, ProductPort } from '@storebridge/contracts';
import type { TenantContext } from '@storebridge/tenancy';
import { SyncConnectionsBinding } from './sync-connections.binding';

const scope = { tenantId: 't1', orgId: 'o1' };
const conn = (id: string) => ({ id, tenantId: scope.tenantId, orgId: scope.orgId, provider: 'fake', status: 'ACTIVE' });

/** A connections service that counts the contexts it builds and lets the test announce changes. */
function connectionsService() {
  let listener: ((connectionId: string) => void) | null = null;
  const built: string[] = [];
  const service = {
    onChange: (l: (connectionId: string) => void) => {
      listener = l;
      return () => (listener = null);
    },
    get: async (id: string) => ({ id, status: 'ACTIVE', provider: 'fake' }) as ConnectionEntity,
    withPlugin: async <T>(entity: ConnectionEntity, fn: (plugin: ReturnType<typeof fakePlugin>, ctx: ConnectionContext) => Promise<T>) => {
      built.push(entity.id);
      const plugin = fakePlugin({ createProductPort: () => ({}) as ProductPort, createOrderPort: () => ({}) as OrderPort });
      return fn(plugin, { credentials: {} } as ConnectionContext);
    },
  };
  return { service: service as unknown as ConnectionsService, built, change: (id: string) => listener?.(id) };
}

describe('SyncConnectionsBinding', () => {
  const binding = (service: ConnectionsService) =>
    new SyncConnectionsBinding(service, {} as DataSource, { scope } as unknown as TenantContext, {} as PluginRegistryPort);

  it('reuses a connection context, and builds it again once this process changes the connection', async () => {
    const c = connectionsService();
    const sync = binding(c.service);
    await sync.withPorts(conn('c1'), async () => undefined);
    await sync.withPorts(conn('c1'), async () => undefined);
    expect(c.built).toEqual(['c1']);

    // A settings PATCH, a status change, a refreshed token: the next call sees it.
    c.change('c1');
    await sync.withPorts(conn('c1'), async () => undefined);
    expect(c.built).toEqual(['c1', 'c1']);
  });

  it('keeps the contexts of connections that did not change', async () => {
    const c = connectionsService();
    const sync = binding(c.service);
    await sync.withPorts(conn('c1'), async () => undefined);
    await sync.withPorts(conn('c2'), async () => undefined);
    c.change('c2');
    await sync.withPorts(conn('c1'), async () => undefined);
    await sync.withPorts(conn('c2'), async () => undefined);
    expect(c.built).toEqual(['c1', 'c2', 'c2']);
  });
});
