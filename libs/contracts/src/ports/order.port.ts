import type { FulfillmentStatus, OrderStatus, PaymentStatus, RemoteOrder } from '../models/order.model';
import type { Page } from '../models/page.model';

export type OrderFilterKey = 'updatedSince' | 'createdSince' | 'orderStatus' | 'paymentStatus' | 'fulfillmentStatus' | 'currency';

export interface OrderListQuery {
  limit: number;
  cursor?: string | null;
  /** Unix seconds. */
  updatedSince?: number;
  /** Unix seconds. */
  createdSince?: number;
  orderStatus?: OrderStatus;
  paymentStatus?: PaymentStatus;
  fulfillmentStatus?: FulfillmentStatus;
  currency?: string;
}

export interface OrderPort {
  list(query: OrderListQuery): Promise<Page<RemoteOrder>>;
  /** Throws NotFoundError when the store has no such order. */
  get(remoteId: string): Promise<RemoteOrder>;
}
