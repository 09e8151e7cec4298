import type { ConnectionContext, OrderListQuery, OrderPort, Page, RemoteOrder } from '@storebridge/contracts';
import { decodeCursor, encodeCursor } from '@storebridge/plugin-sdk';
import { WooCommerceClient } from '../client/woocommerce-api.client';
import { toUnifiedOrder } from '../mappers/to-unified-order.mapper';
import { toWooOrderQuery } from '../mappers/to-woocommerce-query.mapper';

/** OrderPort over wc/v3 orders. */
export class WooCommerceOrderAdapter implements OrderPort {
  private readonly client: WooCommerceClient;

  constructor(ctx: ConnectionContext) {
    this.client = new WooCommerceClient(ctx.http);
  }

  async list(query: OrderListQuery): Promise<Page<RemoteOrder>> {
    const page = decodeCursor<{ page: number }>(query.cursor)?.page ?? 1;
    const params = toWooOrderQuery(query, page);
    if (!params) return { items: [], nextCursor: null };
    const res = await this.client.listOrders(params);
    return { items: res.items.map(toUnifiedOrder), nextCursor: res.nextPage ? encodeCursor({ page: res.nextPage }) : null };
  }

  async get(remoteId: string): Promise<RemoteOrder> {
    return toUnifiedOrder(await this.client.getOrder(remoteId));
  }
}
