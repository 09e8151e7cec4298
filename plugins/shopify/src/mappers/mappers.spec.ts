import productGet from '../../test/fixtures/product-get.json';
import orderGet from '../../test/fixtures/order-get.json';
import productCreate from '../../test/fixtures/product-create.json';
import productMedia from '../../test/fixtures/product-media-paged.json';
import type { ShopifyMedia, ShopifyOrder, ShopifyProduct } from '../client/shopify-admin.types';
import type { ProductInput } from '@storebridge/contracts';
import { toUnifiedProduct } from './to-unified-product.mapper';
import { toUnifiedOrder, toOrderStatus } from './to-unified-order.mapper';
import { toShopifyProductSet } from './to-shopify-product-set.mapper';
import { imageFilename, imageSourceKey, toShopifyFiles } from './to-shopify-files.mapper';
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

  describe('images', () => {
    const media = [...productMedia.firstPage.nodes, ...productMedia.followUp.response.data.product.media.nodes] as ShopifyMedia[];
    const [nano, nano2, nanoAgain] = media;
    const cdn = (m: ShopifyMedia) => m.preview!.image!.url;

    it('maps every page of media, in order, positions from 1', () => {
      const product = { ...productGet.response.data.product, media: productMedia.firstPage } as ShopifyProduct;
      expect(toUnifiedProduct(product, undefined, media).images).toEqual(productMedia.expectedImages);
    });

    it('sends new sources as files Shopify fetches, named after the source with its key, and nothing on create without images', () => {
      const source = 'https://images.example.com/shots/New Hoodie (front).JPG?w=2000';
      expect(imageFilename(source)).toBe(`new-hoodie-front-sb${imageSourceKey(source)}.JPG`);
      // Shopify refuses a name whose extension differs from the source's: without one it names the file itself.
      expect(imageFilename('https://images.example.com/render?id=7')).toBeUndefined();
      expect(toShopifyProductSet({ productName: 'Hoodie', images: [{ url: source, altText: 'Front' }, { url: 'https://images.example.com/render?id=7' }] }, {}).files).toEqual([
        { originalSource: source, contentType: 'IMAGE', alt: 'Front', filename: `new-hoodie-front-sb${imageSourceKey(source)}.JPG` },
        { originalSource: 'https://images.example.com/render?id=7', contentType: 'IMAGE' },
      ]);
      expect(toShopifyProductSet(productCreate.input as ProductInput, {})).not.toHaveProperty('files');
      expect(() => toShopifyFiles([{ url: 'ftp://images.example.com/a.png' }], [])).toThrow(/images\[0\]\.url/);
    });

    it('keeps what the product already shows by id: URLs read back from Shopify, and sources it rehosted under their key', () => {
      const source = 'https://images.example.com/shots/back.png';
      const rehosted = (id: number, name: string): ShopifyMedia => ({
        id: `gid://shopify/MediaImage/${id}`,
        alt: 'Back',
        mediaContentType: 'IMAGE',
        preview: { image: { url: `https://cdn.shopify.com/s/files/1/0005/4838/0009/files/${name}?v=1704203951` } },
      });
      const back = rehosted(901, imageFilename(source)!);
      // Shopify appends _<uuid> when the name was taken (FileCreateInputDuplicateResolutionMode APPEND_UUID).
      const backCopy = rehosted(902, imageFilename(source)!.replace('.png', '_9c1e2c1d-4e0a-4bb1-a0ab-0f3c3b0b6d4e.png'));
      const existing = [...media, back];
      expect(
        toShopifyFiles(
          [
            { url: cdn(nano2), altText: 'Side view' },
            { url: source, altText: 'Back' },
            { url: 'https://images.example.com/shots/top.png', altText: null },
            { url: cdn(nano) },
            { url: cdn(nano) },
            { url: cdn(nano) },
            { url: source },
          ],
          existing,
        ),
      ).toEqual([
        { id: nano2.id, alt: 'Side view' }, // alt changed: updated, not uploaded
        { id: back.id },
        { originalSource: 'https://images.example.com/shots/top.png', contentType: 'IMAGE', filename: `top-sb${imageSourceKey('https://images.example.com/shots/top.png')}.png` },
        { id: nano.id },
        { id: nanoAgain.id }, // the store holds that URL twice: both stay
        // a third copy of a source already brought is not uploaded; neither is the source again
      ]);
      // Matched under the suffixed name too; no alt given clears the one it had.
      expect(toShopifyFiles([{ url: source }], [backCopy])).toEqual([{ id: backCopy.id, alt: '' }]);
    });

    it('leaves media alone when the input says nothing of images, and keeps media ProductInput cannot name', () => {
      const video: ShopifyMedia = { id: 'gid://shopify/Video/1', alt: null, mediaContentType: 'VIDEO', preview: { image: { url: 'https://cdn.shopify.com/s/files/1/preview/clip.jpg' } } };
      expect(toShopifyFiles(undefined, [...media, video])).toEqual([...media, video].map((m) => ({ id: m.id })));
      expect(toShopifyFiles([], [...media, video])).toEqual([{ id: video.id }]);
      const set = toShopifyProductSet({ productName: 'Nano' }, { remoteId: '632910392', existingMedia: media });
      expect(set.files).toEqual(media.map((m) => ({ id: m.id })));
      // On update the list always goes: here it empties the product's images.
      expect(toShopifyProductSet({ productName: 'Nano', images: [] }, { remoteId: '632910392', existingMedia: media }).files).toEqual([]);
    });
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
