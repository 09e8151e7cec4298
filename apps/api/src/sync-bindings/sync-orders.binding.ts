import { Injectable } from '@nestjs/common';
import type { RemoteOrder } from '@storebridge/contracts';
import { OrdersService } from '@storebridge/orders';
import type { SyncOrdersPort } from '@storebridge/sync';

/** SYNC_ORDERS over the orders store's one-statement page upsert. */
@Injectable()
export class SyncOrdersBinding implements SyncOrdersPort {
  constructor(private readonly orders: OrdersService) {}

  async upsertPage(connectionId: string, provider: string, orders: RemoteOrder[]): Promise<number> {
    return (await this.orders.upsertMany(connectionId, provider, orders)).length;
  }
}
