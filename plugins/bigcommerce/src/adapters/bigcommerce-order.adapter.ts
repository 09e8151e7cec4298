import { NotFoundError, type ConnectionContext, type OrderListQuery, type OrderPort, type Page, type RemoteOrder } from '@storebridge/contracts';
import { decodeCursor, encodeCursor, unixSecondsToIso } from '@storebridge/plugin-sdk';
import { BigcommerceClient } from '../client/bigcommerce.client';
import type { BcOrder, BcOrderBundle } from '../client/bigcommerce-api.types';
import { toUnifiedOrder } from '../mappers/to-unified-order.mapper';

const NUMERIC_ID = /^\d{1,18}$/;

/** OrderPort over Orders v2: an order, then its products and shipping addresses. */
export class BigcommerceOrderAdapter implements OrderPort {
  private readonly client: BigcommerceClient;

  constructor(ctx: ConnectionContext) {
    this.client = new BigcommerceClient(ctx.http);
  }

  private async bundle(order: BcOrder): Promise<BcOrderBundle> {
    const [products, shippingAddresses] = await Promise.all([this.client.listOrderProducts(order.id), this.client.listOrderShippingAddresses(order.id)]);
    return { order, products, shippingAddresses };
  }

  async list(query: OrderListQuery): Promise<Page<RemoteOrder>> {
    const page = decodeCursor<{ page: number }>(query.cursor)?.page ?? 1;
    const res = await this.client.listOrders({
      page,
      limit: query.limit,
      modifiedSince: query.updatedSince !== undefined ? unixSecondsToIso(query.updatedSince) : undefined,
      createdSince: query.createdSince !== undefined ? unixSecondsToIso(query.createdSince) : undefined,
    });
    const bundles = await Promise.all(res.items.map((o) => this.bundle(o)));
    return { items: bundles.map(toUnifiedOrder), nextCursor: res.nextPage ? encodeCursor({ page: res.nextPage }) : null };
  }

  async get(remoteId: string): Promise<RemoteOrder> {
    if (!NUMERIC_ID.test(remoteId)) throw new NotFoundError(`BigCommerce order ids are numeric, got "${remoteId}"`);
    return toUnifiedOrder(await this.bundle(await this.client.getOrder(remoteId)));
  }
}
