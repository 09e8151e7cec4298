import type { ProductInput, WeightUnit } from '@storebridge/contracts';
import productVariable from '../../test/fixtures/product-variable-get.json';
import productSimple from '../../test/fixtures/product-simple-create.json';
import orderGet from '../../test/fixtures/order-get.json';
import productWrite from '../../test/fixtures/product-create-write.json';
import type { WooOrder, WooProduct, WooVariation } from '../client/woocommerce-api.types';
import { toUnifiedProduct, toUnifiedVariation } from './to-unified-product.mapper';
import { toFulfillmentStatus, toOrderStatus, toPaymentStatus, toUnifiedOrder } from './to-unified-order.mapper';
import { productShape, toWooProduct, toWooVariation } from './to-woocommerce-product.mapper';
import { toWooOrderQuery, toWooProductQuery } from './to-woocommerce-query.mapper';
import { decodeEntities, formatWooWeight, gmtToIso, parseWooWeight, toWeightUnit } from './woocommerce-values.mapper';

describe('WooCommerce mappers (fixtures from the wc/v3 docs)', () => {
  it('maps a variable product with its variations, in the store’s weight unit', () => {
    const unit = toWeightUnit(productVariable.response.setting.value);
    expect(unit).toBe('kg');
    expect(toUnifiedProduct(productVariable.response.product as unknown as WooProduct, productVariable.response.variations as unknown as WooVariation[], unit)).toEqual(productVariable.expected);
  });

  it('maps a simple product as its own single variant', () => {
    expect(toUnifiedProduct(productSimple.response as unknown as WooProduct, [], 'kg')).toEqual(productSimple.expected);
  });

  it('maps an order: totals, line items, addresses, guest customer, statuses', () => {
    expect(toUnifiedOrder(orderGet.response as unknown as WooOrder)).toEqual(orderGet.expected);
  });

  it.each(productWrite.cases.map((c, i) => [i, c] as const))('writes the product and variation bodies (case %d)', (_i, c) => {
    const input = c.input as unknown as ProductInput;
    const unit = c.weightUnit as WeightUnit;
    expect(toWooProduct(input, c.terms, unit)).toEqual(c.request.body);
    if (c.variations) {
      expect(productShape(input.variants!)).toBe('variable');
      expect({ create: input.variants!.map((v) => toWooVariation(v, unit)) }).toEqual(c.variations.body);
    } else expect(productShape(input.variants!)).toBe('simple');
  });

  it('writes only the fields a patch sets, and refuses an empty name', () => {
    expect(toWooProduct({ productStatus: 'ARCHIVED' }, {}, 'kg')).toEqual({ status: 'private' });
    expect(toWooProduct({ description: null, variants: [] }, { categories: [] }, 'kg')).toEqual({ description: '', categories: [], type: 'simple', attributes: [] });
    expect(() => toWooProduct({ productName: ' ' }, {}, 'kg')).toThrow(/productName/);
    expect(() => toWooVariation({ weight: { value: 1, unit: 'kg' } }, null)).toThrow(/weight unit/);
    expect(toWooVariation({ weight: null }, 'kg')).toEqual({ weight: '', attributes: [] });
  });

  it('reads stock, "any" attributes, sale prices and the parent’s stock', () => {
    const v = productVariable.response.variations[0] as unknown as WooVariation;
    const parent = { ...(productVariable.response.product as unknown as WooProduct), manage_stock: true, stock_quantity: 12 };
    const got = toUnifiedVariation(
      { ...v, manage_stock: 'parent', price: '7.50', sale_price: '7.50', weight: '2.5', attributes: [...v.attributes, { id: 0, name: 'Size', option: '' }] },
      parent,
      'lb',
    );
    expect(got).toMatchObject({ price: '7.50', inventory: { totalCount: 12 }, weight: { value: 2.5, unit: 'lb' }, optionValues: [{ name: 'Color', value: 'Green' }], title: 'Green' });
    expect(toUnifiedVariation({ ...v, manage_stock: true, stock_quantity: -3 }, parent, 'kg').inventory.totalCount).toBe(0);
  });

  it('maps statuses and terms, leaving the default category out of productType', () => {
    const p = productSimple.response as unknown as WooProduct;
    const mapped = toUnifiedProduct(
      { ...p, status: 'pending', categories: [{ id: 15, name: 'Uncategorized', slug: 'uncategorized' }], tags: [{ id: 1, name: 'Rock &amp; Roll', slug: 'rock-roll' }], brands: [{ id: 48, name: 'Acme', slug: 'acme' }] },
      [],
      'kg',
    );
    expect(mapped).toMatchObject({ productStatus: 'DRAFT', productType: null, tags: ['Rock & Roll'], vendor: 'Acme' });
    expect(toUnifiedProduct({ ...p, status: 'private' }, [], 'kg').productStatus).toBe('ARCHIVED');
  });
});

describe('WooCommerce order statuses', () => {
  const base = { status: 'processing', date_paid: null, date_paid_gmt: null, date_completed: null, date_completed_gmt: null, total: '10.00', refunds: [] };
  it.each([
    ['pending', null, [], 'Pending', 'Pending', 'unfulfilled'],
    ['processing', '2024-01-01T00:00:00', [], 'Processing', 'Paid', 'unfulfilled'],
    ['on-hold', null, [], 'OnHold', 'Pending', 'unfulfilled'],
    ['completed', '2024-01-01T00:00:00', [], 'Completed', 'Paid', 'fulfilled'],
    ['completed', '2024-01-01T00:00:00', [{ id: 1, reason: '', total: '-4.00' }], 'Completed', 'PartiallyRefunded', 'fulfilled'],
    ['cancelled', null, [], 'Cancelled', 'Voided', 'unfulfilled'],
    ['refunded', '2024-01-01T00:00:00', [{ id: 1, reason: '', total: '-10.00' }], 'Closed', 'Refunded', 'unfulfilled'],
    ['failed', null, [], 'Failed', 'Failed', 'unfulfilled'],
    ['wc-custom-shipping', null, [], 'Processing', 'Pending', 'unfulfilled'],
  ])('%s (paid %s, refunds %j) → %s / %s / %s', (status, paid, refunds, orderStatus, paymentStatus, fulfillmentStatus) => {
    const o = { ...base, status, date_paid_gmt: paid, refunds };
    expect([toOrderStatus(o.status), toPaymentStatus(o), toFulfillmentStatus(o)]).toEqual([orderStatus, paymentStatus, fulfillmentStatus]);
  });
});

describe('WooCommerce list queries', () => {
  it('pushes dates down as exclusive GMT bounds one second early, ordered by id, capped at 100', () => {
    expect(toWooProductQuery({ limit: 250, updatedSince: 1704067200, createdSince: 1704067260 }, 3, 9)).toEqual({
      page: 3,
      per_page: 100,
      orderby: 'id',
      order: 'asc',
      modified_after: '2023-12-31T23:59:59',
      after: '2024-01-01T00:00:59',
      dates_are_gmt: true,
      category: 9,
    });
    expect(toWooOrderQuery({ limit: 0, orderStatus: 'Closed' }, 1)).toEqual({ page: 1, per_page: 1, orderby: 'id', order: 'asc', status: 'refunded' });
    expect(toWooOrderQuery({ limit: 20, orderStatus: 'Shipped' }, 1)).toBeNull();
  });
});

describe('WooCommerce values', () => {
  it('reads _gmt timestamps as UTC, entities, and weights', () => {
    expect(gmtToIso('2017-03-22T19:28:02')).toBe('2017-03-22T19:28:02.000Z');
    expect(gmtToIso(null)).toBeNull();
    expect(decodeEntities('Ship Your Idea &ndash; T&amp;C &#039;s')).toBe("Ship Your Idea – T&C 's");
    expect(toWeightUnit('lbs')).toBe('lb');
    expect(parseWooWeight('', 'kg')).toBeNull();
    expect(parseWooWeight('1.5', null)).toBeNull();
    expect(formatWooWeight({ value: 2.5, unit: 'lb' }, 'kg')).toBe('1.133980925');
    expect(formatWooWeight({ value: 1, unit: 'kg' }, 'g')).toBe('1000');
  });

});
