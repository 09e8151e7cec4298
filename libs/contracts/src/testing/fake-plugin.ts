import type { ProviderPlugin } from '../plugin/provider-plugin';

/**
 * A minimal provider plugin for tests of the host and the modules (loading,
 * settings, context building): API-key auth, reads only, no limit, ports
 * that are never called. Override what a test is about.
 */
export function fakePlugin(overrides: Partial<ProviderPlugin> = {}): ProviderPlugin {
  return {
    code: 'acme',
    displayName: 'Acme',
    auth: { kind: 'api-key', fields: [], storeField: { name: 'url', label: 'URL' }, resolveStore: (identifier) => ({ identifier, baseUrl: identifier }) },
    capabilities: { products: { read: true, write: false, incremental: false, filters: [] }, orders: { read: true, incremental: false, filters: [] }, webhooks: false },
    rateLimit: { kind: 'none' },
    createProductPort: () => {
      throw new Error('fakePlugin: createProductPort is not part of this test');
    },
    createOrderPort: () => {
      throw new Error('fakePlugin: createOrderPort is not part of this test');
    },
    verifyConnection: async () => undefined,
    ...overrides,
  };
}
