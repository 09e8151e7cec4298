import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { readJson, type Tree } from '@nx/devkit';
import { providerPluginGenerator } from './provider-plugin.generator';

describe('provider-plugin generator', () => {
  let tree: Tree;
  beforeEach(async () => {
    tree = createTreeWithEmptyWorkspace();
    await providerPluginGenerator(tree, { code: 'acme-shop', displayName: 'Acme Shop' });
  });

  it('writes the standard layout under plugins/<code>', () => {
    for (const f of [
      'package.json', 'project.json', 'tsconfig.json', 'tsconfig.lib.json',
      'src/index.ts', 'src/acme-shop.plugin.ts', 'src/acme-shop.config.ts',
      'src/client/acme-shop-api.client.ts', 'src/client/acme-shop-api.types.ts',
      'src/mappers/to-unified-product.mapper.ts', 'src/mappers/to-unified-order.mapper.ts', 'src/mappers/to-acme-shop-product.mapper.ts',
      'src/mappers/to-unified-product.mapper.spec.ts',
      'src/adapters/acme-shop-product.adapter.ts', 'src/adapters/acme-shop-order.adapter.ts',
      'src/auth/acme-shop.auth.ts', 'src/webhooks/acme-shop.webhooks.ts',
      'src/testing/index.ts', 'src/testing/acme-shop.sandbox.ts', 'src/testing/acme-shop-governor.bench.ts',
      'test/fixtures/README.md', 'test/acme-shop.conformance.integration-spec.ts',
    ]) {
      expect(tree.exists(`plugins/acme-shop/${f}`)).toBe(true);
    }
    expect(tree.children('plugins/acme-shop/src').sort()).toEqual(
      ['acme-shop.config.ts', 'acme-shop.plugin.ts', 'adapters', 'auth', 'client', 'index.ts', 'mappers', 'testing', 'webhooks'].sort(),
    );
  });

  it('tags the project as a plugin and exports the source and testing entries', () => {
    expect(readJson(tree, 'plugins/acme-shop/project.json')).toMatchObject({ name: 'plugin-acme-shop', tags: ['type:plugin', 'scope:plugin'] });
    const pkg = readJson(tree, 'plugins/acme-shop/package.json');
    expect(pkg.name).toBe('@storebridge/plugin-acme-shop');
    expect(pkg.exports['.']['@storebridge/source']).toBe('./src/index.ts');
    expect(pkg.exports['./testing']['@storebridge/source']).toBe('./src/testing/index.ts');
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['@storebridge/catalog-filter', '@storebridge/contracts', '@storebridge/plugin-sdk']);
    expect(readJson(tree, 'plugins/acme-shop/tsconfig.json').extends).toBe('../../tsconfig.base.json');
  });

  it('exports one plugin object by name and as default, and wires the conformance spec to the sandbox', () => {
    const index = tree.read('plugins/acme-shop/src/index.ts', 'utf-8')!;
    expect(index).toContain('export { acmeShopPlugin }');
    expect(index).toContain('export default acmeShopPlugin');
    expect(tree.read('plugins/acme-shop/src/acme-shop.plugin.ts', 'utf-8')).toContain("code: 'acme-shop'");
    const spec = tree.read('plugins/acme-shop/test/acme-shop.conformance.integration-spec.ts', 'utf-8')!;
    expect(spec).toContain('describeProviderConformance(acmeShopPlugin');
    expect(spec).toContain('startAcmeShopSandbox');
  });

  it('leaves no template markers and touches nothing outside the plugin', () => {
    const changed = tree.listChanges().map((c) => c.path);
    expect(changed.every((p) => p.startsWith('plugins/acme-shop/') || !p.startsWith('plugins/'))).toBe(true);
    for (const p of changed.filter((x) => x.startsWith('plugins/acme-shop/'))) {
      expect(p).not.toMatch(/__/);
      expect(tree.read(p, 'utf-8')).not.toMatch(/<%|%>/);
    }
  });

  it('spells identifiers from --className when the code alone cannot (woocommerce → WooCommerce)', async () => {
    await providerPluginGenerator(tree, { code: 'woocommerce', className: 'WooCommerce' });
    const plugin = tree.read('plugins/woocommerce/src/woocommerce.plugin.ts', 'utf-8')!;
    expect(plugin).toContain('export const wooCommercePlugin');
    expect(plugin).toContain('new WooCommerceProductAdapter(ctx)');
    expect(plugin).toContain("displayName: 'WooCommerce'");
    expect(plugin).toContain("code: 'woocommerce'");
  });

  it('refuses a bad code, a bad class name and an existing folder', async () => {
    await expect(providerPluginGenerator(tree, { code: 'Bad Code' })).rejects.toThrow(/slug/);
    await expect(providerPluginGenerator(tree, { code: 'other', className: 'not-pascal' })).rejects.toThrow(/PascalCase/);
    expect(tree.exists('plugins/other')).toBe(false);
    await expect(providerPluginGenerator(tree, { code: 'acme-shop' })).rejects.toThrow(/exists/);
  });
});
