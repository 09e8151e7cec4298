import productGet from '../../test/fixtures/product-get.json';
import productMedia from '../../test/fixtures/product-media-paged.json';
import { recordedGraphqlContext } from '../../test/support/recorded-graphql';
import type { ShopifyProductSetInput } from '../client/shopify-admin.types';
import { ShopifyProductAdapter } from './shopify-product.adapter';

describe('ShopifyProductAdapter media pages (recorded doc payloads)', () => {
  const product = { ...productGet.response.data.product, id: productMedia.productId, media: productMedia.firstPage };
  const allMedia = [...productMedia.firstPage.nodes, ...productMedia.followUp.response.data.product.media.nodes];

  it('get fetches the media after the first page and maps every image', async () => {
    const { ctx, calls } = recordedGraphqlContext({ Product: () => ({ data: { product } }), ProductMedia: () => productMedia.followUp.response });
    expect((await new ShopifyProductAdapter(ctx).get('632910392')).images).toEqual(productMedia.expectedImages);
    expect(calls).toEqual([
      { operation: 'Product', variables: { id: productMedia.productId } },
      { operation: productMedia.followUp.request.operation, variables: productMedia.followUp.request.variables },
    ]);
  });

  it('update matches the images against every page of media and uploads only what is new', async () => {
    const saved = { ...product, media: { nodes: allMedia, pageInfo: { hasNextPage: false, endCursor: null } } };
    const { ctx, calls } = recordedGraphqlContext({
      Product: () => ({ data: { product } }),
      ProductMedia: () => productMedia.followUp.response,
      // The variants it read carry inventory, which is written per location.
      Locations: () => ({ data: { locations: { nodes: [{ id: 'gid://shopify/Location/1' }] } } }),
      ProductSet: () => ({ data: { productSet: { product: saved, userErrors: [] } } }),
    });
    const [first, second, third] = productMedia.expectedImages;
    await new ShopifyProductAdapter(ctx).update('632910392', {
      images: [{ url: third.url }, { url: second.url }, { url: first.url }, { url: 'https://images.example.com/nano-back.png', altText: 'Back' }],
    });
    const set = calls.find((c) => c.operation === 'ProductSet')!.variables.input as ShopifyProductSetInput;
    expect(set.files).toEqual([
      { id: allMedia[0].id },
      { id: allMedia[1].id },
      { id: allMedia[2].id },
      { originalSource: 'https://images.example.com/nano-back.png', contentType: 'IMAGE', alt: 'Back', filename: expect.stringMatching(/^nano-back-sb[0-9a-f]{12}\.png$/) },
    ]);
    // A patch with no images sends the media it read, all of them, as they are.
    await new ShopifyProductAdapter(ctx).update('632910392', { productName: 'Nano' });
    const patched = calls.filter((c) => c.operation === 'ProductSet')[1].variables.input as ShopifyProductSetInput;
    expect(patched.files).toEqual(allMedia.map((m) => ({ id: m.id })));
  });
});
