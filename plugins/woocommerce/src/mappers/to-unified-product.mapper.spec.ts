import { toUnifiedProduct } from './to-unified-product.mapper';

// TODO(woocommerce): load test/fixtures/<payload>.json (request, response, expected) from the provider's docs instead.
describe('toUnifiedProduct', () => {
  it('maps names, status, tags and variants', () => {
    const product = toUnifiedProduct({
      id: 1, name: 'Shirt', body: 'Soft', type: 'Apparel', brand: 'Acme', state: 'active', tags: 'a, b', url: null,
      created_at: '2024-01-01T00:00:00Z', updated_at: '2024-01-02T00:00:00Z',
      variants: [{ id: 2, title: 'M', sku: 'S-M', price: '19.9', options: [{ name: 'Size', value: 'M' }], stock: 3, weight: 1, weight_unit: 'lb', created_at: '2024-01-01T00:00:00Z', updated_at: '2024-01-01T00:00:00Z' }],
    });
    expect(product).toMatchObject({ remoteId: '1', productStatus: 'ACTIVE', tags: ['a', 'b'], createdTimestamp: 1704067200 });
    expect(product.variants[0]).toMatchObject({ price: '19.90', weight: { value: 1, unit: 'lb' }, inventory: { totalCount: 3 } });
  });
});
