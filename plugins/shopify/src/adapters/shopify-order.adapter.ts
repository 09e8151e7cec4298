import { NotFoundError, type ConnectionContext, type OrderListQuery, type OrderPort, type Page, type RemoteOrder } from '@storebridge/contracts';
import { nextGraphqlCursor } from '@storebridge/plugin-sdk';
import { ShopifyGraphqlClient, maxPageSize } from '../client/shopify-graphql.client';
import { ORDER_LINE_ITEMS_QUERY, ORDER_QUERY, ORDERS_QUERY } from '../client/shopify.queries';
import type { ShopifyConnection, ShopifyLineItem, ShopifyOrder } from '../client/shopify-admin.types';
import { toGid } from '../mappers/shopify-gid.mapper';
import { toOrderSearchQuery } from '../mappers/to-shopify-search-query.mapper';
import { toUnifiedOrder } from '../mappers/to-unified-order.mapper';

/** OrderPort over the GraphQL Admin API. */
export class ShopifyOrderAdapter implements OrderPort {
  private readonly client: ShopifyGraphqlClient;

  constructor(ctx: ConnectionContext) {
    this.client = new ShopifyGraphqlClient(ctx.http);
  }

  async list(query: OrderListQuery): Promise<Page<RemoteOrder>> {
    const data = await this.client.query<{ orders: ShopifyConnection<ShopifyOrder> }>(ORDERS_QUERY, {
      first: maxPageSize(ORDERS_QUERY, query.limit),
      after: query.cursor ?? null,
      query: toOrderSearchQuery(query),
    });
    const items = await Promise.all(data.orders.nodes.map((o) => this.complete(o)));
    return { items, nextCursor: nextGraphqlCursor(data.orders.pageInfo) };
  }

  async get(remoteId: string): Promise<RemoteOrder> {
    const data = await this.client.query<{ order: ShopifyOrder | null }>(ORDER_QUERY, { id: toGid('Order', remoteId) });
    if (!data.order) throw new NotFoundError(`Shopify has no order ${remoteId}`);
    return this.complete(data.order);
  }

  /** An order with more line items than one page holds gets the rest fetched before mapping. */
  private async complete(o: ShopifyOrder): Promise<RemoteOrder> {
    const lineItems = await this.client.allNodes(o.lineItems, ORDER_LINE_ITEMS_QUERY, { id: o.id }, (d: { order: { lineItems: ShopifyConnection<ShopifyLineItem> } | null }) => d.order?.lineItems);
    return toUnifiedOrder(o, lineItems);
  }
}
