import orderGet from '../../test/fixtures/order-get.json';
import paged from '../../test/fixtures/order-line-items-paged.json';
import { recordedGraphqlContext } from '../../test/support/recorded-graphql';
import { ShopifyOrderAdapter } from './shopify-order.adapter';

describe('ShopifyOrderAdapter line item pages (recorded doc payloads)', () => {
  const order = { ...orderGet.response.data.order, lineItems: paged.firstPage };

  it('get fetches the line items after the first page with the endCursor and maps them all, in order', async () => {
    const { ctx, calls } = recordedGraphqlContext({ Order: () => ({ data: { order } }), OrderLineItems: () => paged.followUp.response });
    expect(await new ShopifyOrderAdapter(ctx).get('450789469')).toEqual(orderGet.expected);
    expect(calls).toEqual([
      { operation: 'Order', variables: { id: 'gid://shopify/Order/450789469' } },
      { operation: paged.followUp.request.operation, variables: paged.followUp.request.variables },
    ]);
  });

  it('list completes every order of the page that has more line items, and only those', async () => {
    const complete = { ...orderGet.response.data.order, id: 'gid://shopify/Order/450789470' };
    const { ctx, calls } = recordedGraphqlContext({
      Orders: () => ({ data: { orders: { nodes: [order, complete], pageInfo: { hasNextPage: false, endCursor: null } } } }),
      OrderLineItems: () => paged.followUp.response,
    });
    const page = await new ShopifyOrderAdapter(ctx).list({ limit: 10 });
    expect(page.items.map((o) => o.lineItems)).toEqual([orderGet.expected.lineItems, orderGet.expected.lineItems]);
    expect(calls.map((c) => c.operation)).toEqual(['Orders', 'OrderLineItems']);
  });
});
