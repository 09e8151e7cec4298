import type { ProductEntity, ProductMediaAssetEntity, ProductVariantEntity } from './entities';
import { toProductView, toUnifiedProduct } from './to-unified-product.mapper';

const created = new Date('2020-09-13T12:26:40.500Z'); // 1600000000.5 s

const product = {
  id: '00112233-4455-6677-8899-aabbccddeeff',
  tenantId: 't',
  orgId: 'o',
  createdAt: created,
  updatedAt: created,
  productName: 'Example Shirt',
  description: 'A stylish shirt for all occasions.',
  productType: 'Apparel',
  vendor: 'Example Vendor',
  productStatus: 'ACTIVE',
  tags: ['Fashion', 'Comfort'],
  productUrl: null,
  syncSource: null,
  syncSourceId: null,
  revision: 3,
} as unknown as ProductEntity;

const variant = {
  id: '11001100-1122-3344-5566-77889900aabb',
  productId: product.id,
  createdAt: created,
  updatedAt: created,
  title: 'Medium',
  sku: 'SHIRT-M',
  price: '25.00',
  currency: 'USD',
  optionValues: [{ name: 'Size', value: 'Medium' }],
  inventoryTotalCount: 50,
  weightGrams: '500',
  weightUnit: 'kg',
  position: 0,
} as unknown as ProductVariantEntity;

const image = { id: 'img', url: 'https://cdn.example.com/a.jpg', altText: null, type: 'image', position: 0 } as unknown as ProductMediaAssetEntity;

describe('toUnifiedProduct', () => {
  it('maps to the unified shape of reference 000 (unix seconds, price string, weight in every unit)', () => {
    expect(toUnifiedProduct(product, [variant], [image])).toEqual({
      id: product.id,
      remoteId: null,
      createdTimestamp: 1600000000,
      updatedTimestamp: 1600000000,
      productType: 'Apparel',
      productName: 'Example Shirt',
      description: 'A stylish shirt for all occasions.',
      images: [{ id: 'img', remoteId: null, url: 'https://cdn.example.com/a.jpg', altText: null, type: 'image', position: 0 }],
      productStatus: 'ACTIVE',
      tags: ['Fashion', 'Comfort'],
      vendor: 'Example Vendor',
      productUrl: null,
      syncSource: null,
      syncSourceId: null,
      revision: 3,
      variants: [
        {
          id: variant.id,
          remoteId: null,
          productId: product.id,
          createdTimestamp: 1600000000,
          updatedTimestamp: 1600000000,
          title: 'Medium',
          price: '25.00',
          currency: 'USD',
          sku: 'SHIRT-M',
          optionValues: [{ name: 'Size', value: 'Medium' }],
          inventory: { totalCount: 50 },
          weight: [
            { value: 0.5, unit: 'kg' },
            { value: 500, unit: 'g' },
            { value: 17.63698097479, unit: 'oz' },
            { value: 1.102311310924, unit: 'lb' },
          ],
          position: 0,
        },
      ],
    });
  });

  it('leaves out relations that were not loaded', () => {
    const view = toProductView(product);
    expect(view).not.toHaveProperty('variants');
    expect(view).not.toHaveProperty('images');
    expect(toProductView(product, { mediaAssets: [] }).images).toEqual([]);
  });
});
