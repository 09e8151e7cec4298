import productGet from '../../test/fixtures/product-get.json';
import productVariants from '../../test/fixtures/product-variants.json';
import orderGet from '../../test/fixtures/order-get.json';
import productCreate from '../../test/fixtures/product-create.json';
import type { ProductInput, WeightUnit } from '@storebridge/contracts';
import type { BcOrder, BcOrderProduct, BcProduct, BcShippingAddress, BcVariant } from '../client/bigcommerce-api.types';
import { toProductStatus, toUnifiedProduct, toUnifiedVariant, type ProductMappingContext } from './to-unified-product.mapper';
import { toFulfillmentStatus, toOrderStatus, toPaymentStatus, toUnifiedOrder } from './to-unified-order.mapper';
import { toBigcommerceProduct } from './to-bigcommerce-product.mapper';

const ctx = (c: typeof productGet.context): ProductMappingContext => ({ ...c, weightUnit: c.weightUnit as WeightUnit });

describe('BigCommerce mappers (fixtures from BigCommerce docs examples)', () => {
  it('maps a Catalog v3 product', () => {
    expect(toUnifiedProduct(productGet.response.data as unknown as BcProduct, ctx(productGet.context))).toEqual(productGet.expected);
  });

  it('maps variants: option values, price, SKU, inventory and weight in the store unit', () => {
    const parent = { ...productGet.response.data, ...productVariants.context.product } as unknown as BcProduct;
    const got = productVariants.response.data.map((v) => toUnifiedVariant(parent, v as unknown as BcVariant, ctx(productVariants.context)));
    expect(got).toEqual(productVariants.expected);
  });

  it('falls back to the product price, weight and stock when the variant has none or tracking is per product', () => {
    const p = { ...productGet.response.data, price: 7.95, weight: 1.5, inventory_tracking: 'product', inventory_level: 12 } as unknown as BcProduct;
    const v = { id: 345, product_id: 174, sku: '', price: null, weight: null, inventory_level: 0, option_values: [] } as BcVariant;
    expect(toUnifiedVariant(p, v, { ...ctx(productGet.context), weightUnit: 'lb' })).toMatchObject({
      title: '1L Le Parfait Jar', price: '7.95', sku: null, inventory: { totalCount: 12 }, weight: { value: 1.5, unit: 'lb' },
    });
    expect(toUnifiedVariant(p, v, { ...ctx(productGet.context), weightUnit: null }).weight).toBeNull();
  });

  it('reads visibility and availability as the product status', () => {
    expect(toProductStatus({ is_visible: true, availability: 'available' })).toBe('ACTIVE');
    expect(toProductStatus({ is_visible: true, availability: 'preorder' })).toBe('ACTIVE');
    expect(toProductStatus({ is_visible: false, availability: 'available' })).toBe('DRAFT');
    expect(toProductStatus({ is_visible: true, availability: 'disabled' })).toBe('ARCHIVED');
  });

  it('maps an Orders v2 order with its products and shipping addresses', () => {
    const r = orderGet.response;
    const got = toUnifiedOrder({ order: r.order as unknown as BcOrder, products: r.products as unknown as BcOrderProduct[], shippingAddresses: r.shipping_addresses as unknown as BcShippingAddress[] });
    expect(got).toEqual(orderGet.expected);
  });

  it('maps status ids and payment_status to the three unified statuses', () => {
    const o = (status_id: number, payment_status = '', items_shipped = 0, items_total = 2) => ({ status_id, payment_status, items_shipped, items_total });
    expect([0, 1, 7].map((id) => toOrderStatus(o(id)))).toEqual(['Pending', 'Pending', 'Pending']);
    expect([8, 9, 11, 3].map((id) => toOrderStatus(o(id)))).toEqual(['Processing', 'Processing', 'Processing', 'Processing']);
    expect([2, 10, 5, 6, 12, 13, 4].map((id) => toOrderStatus(o(id)))).toEqual(['Shipped', 'Completed', 'Cancelled', 'Failed', 'OnHold', 'OnHold', 'Closed']);
    expect(toOrderStatus(o(99))).toBe('Pending');
    expect(toPaymentStatus(o(11, 'captured'))).toBe('Paid');
    expect(toPaymentStatus(o(11, 'Partially Refunded'))).toBe('PartiallyRefunded');
    expect(toPaymentStatus(o(5, 'void'))).toBe('Voided');
    expect(toPaymentStatus(o(6, 'declined'))).toBe('Failed');
    expect(toPaymentStatus(o(4, ''))).toBe('Refunded');
    expect(toPaymentStatus(o(11, ''))).toBe('Unknown');
    expect(toFulfillmentStatus(o(11, '', 0, 3))).toBe('unfulfilled');
    expect(toFulfillmentStatus(o(3, '', 1, 3))).toBe('partial');
    expect(toFulfillmentStatus(o(3, '', 0, 1))).toBe('partial');
    expect(toFulfillmentStatus(o(2, '', 3, 3))).toBe('fulfilled');
    expect(toFulfillmentStatus(o(10, '', 0, 0))).toBe('fulfilled');
  });

  it('builds the create body of reference 000’s example', () => {
    expect(toBigcommerceProduct(productCreate.input as ProductInput, { weightUnit: 'oz' }, 'create')).toEqual(productCreate.expected);
  });

  it('writes option variants with weights converted to the store unit, brand, category and visibility', () => {
    const body = toBigcommerceProduct(
      {
        productName: ' Parka ',
        productStatus: 'ARCHIVED',
        tags: ['a', 'b'],
        images: [{ url: 'https://cdn.example.com/p.jpg', altText: 'Front' }],
        variants: [
          { sku: 'P-S', price: '129.9', optionValues: [{ name: 'Size', value: 'S' }], inventory: { totalCount: 7 }, weight: { value: 1, unit: 'kg' } },
          { sku: 'P-M', price: 139, optionValues: [{ name: 'Size', value: 'M' }] },
        ],
      },
      { weightUnit: 'lb', brandId: 36, categoryIds: [23] },
      'create',
    );
    expect(body).toEqual({
      name: 'Parka', type: 'physical', description: '', is_visible: false, availability: 'disabled', search_keywords: 'a,b', brand_id: 36, categories: [23],
      price: 129.9, weight: 2.20462262184878, inventory_tracking: 'variant',
      variants: [
        { sku: 'P-S', price: 129.9, weight: 2.20462262184878, inventory_level: 7, option_values: [{ option_display_name: 'Size', label: 'S' }] },
        { sku: 'P-M', price: 139, weight: null, inventory_level: 0, option_values: [{ option_display_name: 'Size', label: 'M' }] },
      ],
      images: [{ image_url: 'https://cdn.example.com/p.jpg', description: 'Front', is_thumbnail: true, sort_order: 0 }],
    });
  });

  it('updates only the fields a patch names', () => {
    expect(toBigcommerceProduct({ description: null, tags: [] }, { weightUnit: 'oz' }, 'update')).toEqual({ description: '', search_keywords: '' });
    expect(() => toBigcommerceProduct({ productName: ' ' }, { weightUnit: 'oz' }, 'update')).toThrow(/productName/);
  });
});
