import type { ConnectionContext, OrderListQuery, OrderPort, Page, RemoteOrder } from '@storebridge/contracts';
import { decodeCursor, encodeCursor, unixSecondsToIso } from '@storebridge/plugin-sdk';
import { WoocommerceApiClient } from '../client/woocommerce-api.client';
import { toUnifiedOrder } from '../mappers/to-unified-order.mapper';

/** OrderPort: orchestrates client and mappers. */
export class WoocommerceOrderAdapter implements OrderPort {
  private readonly client: WoocommerceApiClient;

  constructor(ctx: ConnectionContext) {
    this.client = new WoocommerceApiClient(ctx.http);
  }

  async list(query: OrderListQuery): Promise<Page<RemoteOrder>> {
    const page = decodeCursor<{ page: number }>(query.cursor)?.page ?? 1;
    const res = await this.client.listOrders({
      page,
      perPage: Math.min(Math.max(query.limit, 1), 100),
      updatedSince: query.updatedSince !== undefined ? unixSecondsToIso(query.updatedSince) : undefined,
    });
    return { items: res.items.map(toUnifiedOrder), nextCursor: res.nextPage ? encodeCursor({ page: res.nextPage }) : null };
  }

  async get(remoteId: string): Promise<RemoteOrder> {
    return toUnifiedOrder(await this.client.getOrder(remoteId));
  }
}
