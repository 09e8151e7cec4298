import productGet from '../../test/fixtures/product-get.json';
import orderGet from '../../test/fixtures/order-get.json';
import productCreate from '../../test/fixtures/product-create.json';
import type { ShopifyOrder, ShopifyProduct } from '../client/shopify-admin.types';
import type { ProductInput } from '@storebridge/contracts';
import { toUnifiedProduct } from './to-unified-product.mapper';
import { toUnifiedOrder, toOrderStatus } from './to-unified-order.mapper';
import { toShopifyProductSet } from './to-shopify-product-set.mapper';
import { toOrderSearchQuery, toProductSearchQuery } from './to-shopify-search-query.mapper';
import { fromGid, toGid } from './shopify-gid.mapper';

describe('Shopify mappers (fixtures from Shopify docs examples)', () => {
  it('maps a product', () => {
    expect(toUnifiedProduct(productGet.response.data.product as ShopifyProduct)).toEqual(productGet.expected);
  });

  it('maps an order: totals, currency, line items, addresses, customer, statuses', () => {
    expect(toUnifiedOrder(orderGet.response.data.order as ShopifyOrder)).toEqual(orderGet.expected);
  });

  it('builds the productSet input of reference 000’s create example', () => {
    expect(toShopifyProductSet(productCreate.input as ProductInput, {})).toEqual(productCreate.expected);
  });

  it('derives options from variants and writes weight, inventory and ids', () => {
    const set = toShopifyProductSet(
      {
        productName: 'Shirt',
        tags: ['a'],
        variants: [
          { remoteId: '11', sku: 'S-R', price: '19.9', optionValues: [{ name: 'Size', value: 'S' }, { name: 'Color', value: 'Red' }], inventory: { totalCount: 5 }, weight: { value: 25, unit: 'oz' } },
          { sku: 'M-R', price: 21, optionValues: [{ name: 'Size', value: 'M' }, { name: 'Color', value: 'Red' }] },
        ],
      },
      { remoteId: '7', locationId: 'gid://shopify/Location/1' },
    );
    expect(set.id).toBe('gid://shopify/Product/7');
    expect(set.productOptions).toEqual([
      { name: 'Size', values: [{ name: 'S' }, { name: 'M' }] },
      { name: 'Color', values: [{ name: 'Red' }] },
    ]);
    expect(set.variants[0]).toEqual({
      id: 'gid://shopify/ProductVariant/11',
      optionValues: [{ optionName: 'Size', name: 'S' }, { optionName: 'Color', name: 'Red' }],
      price: '19.90',
      inventoryItem: { sku: 'S-R', measurement: { weight: { value: 25, unit: 'OUNCES' } } },
      inventoryQuantities: [{ locationId: 'gid://shopify/Location/1', name: 'available', quantity: 5 }],
    });
    expect(() => toShopifyProductSet({ productName: ' ' }, {})).toThrow(/productName/);
  });

  it('derives the order status from flags and progress', () => {
    const base = { cancelledAt: null, closed: false, displayFinancialStatus: 'PENDING', displayFulfillmentStatus: 'UNFULFILLED' };
    expect(toOrderStatus(base)).toBe('Pending');
    expect(toOrderStatus({ ...base, displayFinancialStatus: 'PAID' })).toBe('Processing');
    expect(toOrderStatus({ ...base, displayFulfillmentStatus: 'FULFILLED' })).toBe('Shipped');
    expect(toOrderStatus({ ...base, displayFulfillmentStatus: 'ON_HOLD' })).toBe('OnHold');
    expect(toOrderStatus({ ...base, closed: true })).toBe('Closed');
    expect(toOrderStatus({ ...base, closed: true, cancelledAt: '2024-01-01T00:00:00Z' })).toBe('Cancelled');
    expect(toOrderStatus({ ...base, displayFinancialStatus: 'EXPIRED' })).toBe('Failed');
  });

  it('writes search queries that user input cannot escape', () => {
    expect(toProductSearchQuery({ updatedSince: 1704067200, productType: 'Snow "board"', productStatus: 'DRAFT', sku: 'A\\B' })).toBe(
      'updated_at:>="2024-01-01T00:00:00.000Z" AND product_type:"Snow \\"board\\"" AND status:draft AND sku:"A\\\\B"',
    );
    expect(toProductSearchQuery({})).toBeNull();
    expect(toOrderSearchQuery({ paymentStatus: 'PartiallyRefunded' })).toBe('financial_status:partially_refunded');
    expect(toOrderSearchQuery({ paymentStatus: 'Unknown' })).toBe('id:0');
  });

  it('converts ids', () => {
    expect(fromGid('gid://shopify/Product/632910392')).toBe('632910392');
    expect(toGid('Order', '450789469')).toBe('gid://shopify/Order/450789469');
    expect(() => toGid('Product', 'abc')).toThrow();
  });
});
