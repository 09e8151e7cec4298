import type { RemoteProduct } from '@storebridge/contracts';
import { toCatalogWrite } from './to-product-input.mapper';

const remote: RemoteProduct = {
  remoteId: '8000000001',
  createdTimestamp: 1_700_000_000,
  updatedTimestamp: 1_700_000_100,
  productName: 'Hoodie',
  description: '<p>Warm</p>',
  productType: 'Apparel',
  vendor: 'Acme',
  productStatus: 'ACTIVE',
  tags: ['winter'],
  productUrl: 'https://shop.example/products/hoodie',
  images: [
    { url: 'https://cdn.example/hoodie.jpg', altText: 'Front' },
    { url: 'https://cdn.example/hoodie.mp4', type: 'video' },
  ],
  variants: [
    {
      remoteId: '9000000001',
      createdTimestamp: null,
      updatedTimestamp: null,
      title: 'S',
      sku: 'HOOD-S',
      price: '49.00',
      currency: 'EUR',
      optionValues: [{ name: 'Size', value: 'S' }],
      inventory: { totalCount: 3 },
      weight: { value: 0.5, unit: 'kg' },
    },
    {
      remoteId: '9000000002',
      createdTimestamp: null,
      updatedTimestamp: null,
      title: 'M',
      sku: null,
      price: null,
      currency: null,
      optionValues: [{ name: 'Size', value: 'M' }],
      inventory: { totalCount: 0 },
      weight: null,
    },
  ],
};

describe('toCatalogWrite', () => {
  it('keys the product by (provider, remote id) and carries its fields, variants and images', () => {
    expect(toCatalogWrite('shopify', remote)).toEqual({
      syncSource: 'shopify',
      syncSourceId: '8000000001',
      productName: 'Hoodie',
      description: '<p>Warm</p>',
      productType: 'Apparel',
      vendor: 'Acme',
      productStatus: 'ACTIVE',
      tags: ['winter'],
      productUrl: 'https://shop.example/products/hoodie',
      variants: [
        { title: 'S', sku: 'HOOD-S', price: '49.00', currency: 'EUR', optionValues: [{ name: 'Size', value: 'S' }], inventory: { totalCount: 3 }, weight: { value: 0.5, unit: 'kg' } },
        // No currency from the store: the catalog uses the org's (or keeps the variant's).
        { title: 'M', sku: null, price: null, optionValues: [{ name: 'Size', value: 'M' }], inventory: { totalCount: 0 }, weight: null },
      ],
      mediaAssets: [
        { url: 'https://cdn.example/hoodie.jpg', altText: 'Front', type: 'image' },
        { url: 'https://cdn.example/hoodie.mp4', altText: null, type: 'video' },
      ],
    });
  });

  it('gives empty variant and media sets for a product without them (the writer replaces what is stored)', () => {
    const write = toCatalogWrite('woocommerce', { ...remote, variants: [], images: [] });
    expect([write.variants, write.mediaAssets]).toEqual([[], []]);
  });
});
