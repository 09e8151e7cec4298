import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ApiError,
  type FulfillmentStatus,
  type OrderStatus,
  type PaymentStatus,
  type RemoteOrder,
  type UnifiedOrder,
  type PageInfo,
} from '@storebridge/contracts';
import { columns, formatFilterError, toSql, validate, type Filter, type FilterSchema } from '@storebridge/catalog-filter';
import { TenantScopedRepositories } from '@storebridge/tenancy';
import { OrderEntity } from './order.entity';
import { decodeOrderCursor, encodeOrderCursor } from './order-cursor';
import { toUnifiedOrder } from './to-unified-order.mapper';

export interface OrderListQuery {
  limit: number;
  cursor?: string;
  connectionId?: string;
  orderStatus?: OrderStatus;
  paymentStatus?: PaymentStatus;
  fulfillmentStatus?: FulfillmentStatus;
  currency?: string;
  /** Unix seconds: remote update at or after. */
  updatedSince?: number;
  /** Unix seconds: remote creation at or after. */
  createdSince?: number;
  /** The generic filter language over the order's scalar fields. */
  filters?: Filter[];
}

/** Scalar fields the generic `filter=` may name, with their types and columns. */
const FILTER_SCHEMA: FilterSchema = {
  orderNumber: 'string',
  orderStatus: 'string',
  paymentStatus: 'string',
  fulfillmentStatus: 'string',
  currency: 'string',
  totalPrice: 'number',
  totalTax: 'number',
  totalShipping: 'number',
  totalDiscount: 'number',
  remoteCreatedAt: 'time',
  remoteUpdatedAt: 'time',
};
const FILTER_COLUMNS = columns({
  orderNumber: 'o.order_number',
  orderStatus: 'o.order_status',
  paymentStatus: 'o.payment_status',
  fulfillmentStatus: 'o.fulfillment_status',
  currency: 'o.currency',
  totalPrice: 'o.total_price',
  totalTax: 'o.total_tax',
  totalShipping: 'o.total_shipping',
  totalDiscount: 'o.total_discount',
  // The filter language compares time as epoch milliseconds.
  remoteCreatedAt: { sql: 'extract(epoch from o.remote_created_at) * 1000' },
  remoteUpdatedAt: { sql: 'extract(epoch from o.remote_updated_at) * 1000' },
});

export const ORDER_FILTER_SCHEMA = FILTER_SCHEMA;

/**
 * The unified orders store: imports upsert into it page by page; the orders
 * API reads it. Scoped to the caller's tenant and org.
 */
@Injectable()
export class OrdersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repos: TenantScopedRepositories,
  ) {}

  /**
   * Insert or update one page of a connection's orders in one statement.
   * Returns the unified id of each remote order, in input order.
   */
  async upsertMany(connectionId: string, provider: string, orders: RemoteOrder[]): Promise<string[]> {
    if (orders.length === 0) return [];
    const { tenantId, orgId } = this.repos.for(OrderEntity).scope;
    // A page may list an order twice (providers reorder while paging): keep the last.
    const byRemote = new Map(orders.map((o) => [o.remoteId, o]));
    const rows = [...byRemote.values()].map((o) => ({
      remote_id: o.remoteId,
      order_number: o.orderNumber,
      order_status: o.orderStatus,
      payment_status: o.paymentStatus,
      fulfillment_status: o.fulfillmentStatus,
      currency: o.currency,
      total_price: o.totalPrice,
      total_tax: o.totalTax,
      total_shipping: o.totalShipping,
      total_discount: o.totalDiscount,
      line_items: o.lineItems,
      billing_address: o.billingAddress,
      shipping_address: o.shippingAddress,
      customer: o.customer,
      remote_created_at: o.remoteCreatedAt,
      remote_updated_at: o.remoteUpdatedAt,
      remote_deleted: o.remoteDeleted,
    }));
    const result: Array<{ id: string; remote_id: string }> = await this.dataSource.query(
      `INSERT INTO orders (tenant_id, org_id, connection_id, provider, remote_id, order_number, order_status, payment_status,
         fulfillment_status, currency, total_price, total_tax, total_shipping, total_discount, line_items, billing_address,
         shipping_address, customer, remote_created_at, remote_updated_at, remote_deleted)
       SELECT $1, $2, $3, $4, r.remote_id, r.order_number, r.order_status, r.payment_status, r.fulfillment_status, r.currency,
         r.total_price, r.total_tax, r.total_shipping, r.total_discount, coalesce(r.line_items, '[]'::jsonb), r.billing_address,
         r.shipping_address, r.customer, r.remote_created_at, r.remote_updated_at, coalesce(r.remote_deleted, false)
       FROM jsonb_to_recordset($5::jsonb) AS r(remote_id text, order_number text, order_status text, payment_status text,
         fulfillment_status text, currency text, total_price numeric, total_tax numeric, total_shipping numeric,
         total_discount numeric, line_items jsonb, billing_address jsonb, shipping_address jsonb, customer jsonb,
         remote_created_at timestamptz, remote_updated_at timestamptz, remote_deleted boolean)
       ON CONFLICT (connection_id, remote_id) DO UPDATE SET
         order_number = EXCLUDED.order_number, order_status = EXCLUDED.order_status,
         payment_status = EXCLUDED.payment_status, fulfillment_status = EXCLUDED.fulfillment_status,
         currency = EXCLUDED.currency, total_price = EXCLUDED.total_price, total_tax = EXCLUDED.total_tax,
         total_shipping = EXCLUDED.total_shipping, total_discount = EXCLUDED.total_discount,
         line_items = EXCLUDED.line_items, billing_address = EXCLUDED.billing_address,
         shipping_address = EXCLUDED.shipping_address, customer = EXCLUDED.customer,
         remote_created_at = EXCLUDED.remote_created_at, remote_updated_at = EXCLUDED.remote_updated_at,
         remote_deleted = EXCLUDED.remote_deleted, updated_at = now()
       WHERE orders.tenant_id = EXCLUDED.tenant_id AND orders.org_id = EXCLUDED.org_id
       RETURNING id, remote_id`,
      [tenantId, orgId, connectionId, provider, JSON.stringify(rows)],
    );
    const ids = new Map(result.map((r) => [r.remote_id, r.id]));
    return orders.map((o) => {
      const id = ids.get(o.remoteId);
      // Only possible if another tenant owns the connection id: never silently drop.
      if (!id) throw new ApiError(500, 'order_scope_conflict', `Order ${o.remoteId} belongs to another tenant`);
      return id;
    });
  }

  async get(id: string): Promise<UnifiedOrder> {
    const notFound = ApiError.notFound('order_not_found', 'Order not found');
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw notFound;
    return toUnifiedOrder(await this.repos.for(OrderEntity).getOneBy({ id }, notFound));
  }

  async list(query: OrderListQuery): Promise<{ orders: UnifiedOrder[]; pageInfo: PageInfo }> {
    const qb = this.repos.for(OrderEntity).qb('o');
    if (query.connectionId) qb.andWhere('o.connection_id = :connectionId', { connectionId: query.connectionId });
    if (query.orderStatus) qb.andWhere('o.order_status = :orderStatus', { orderStatus: query.orderStatus });
    if (query.paymentStatus) qb.andWhere('o.payment_status = :paymentStatus', { paymentStatus: query.paymentStatus });
    if (query.fulfillmentStatus) qb.andWhere('o.fulfillment_status = :fulfillmentStatus', { fulfillmentStatus: query.fulfillmentStatus });
    if (query.currency) qb.andWhere('o.currency = :currency', { currency: query.currency.toUpperCase() });
    if (query.updatedSince !== undefined) {
      qb.andWhere('coalesce(o.remote_updated_at, o.updated_at) >= to_timestamp(:updatedSince)', { updatedSince: query.updatedSince });
    }
    if (query.createdSince !== undefined) {
      qb.andWhere('coalesce(o.remote_created_at, o.created_at) >= to_timestamp(:createdSince)', { createdSince: query.createdSince });
    }
    if (query.filters?.length) {
      const checked = validate(query.filters, FILTER_SCHEMA);
      if (!checked.ok) {
        throw ApiError.badRequest('invalid_filter', checked.errors.map(formatFilterError).join('; '), checked.errors);
      }
      // toSql numbers its own parameters from $1; TypeORM wants named ones.
      const { sql, params } = toSql(checked.filters, FILTER_COLUMNS, 1);
      const named: Record<string, unknown> = {};
      const rewritten = sql.replace(/\$(\d+)/g, (_, n: string) => {
        named[`f${n}`] = params[Number(n) - 1];
        return `:f${n}`;
      });
      qb.andWhere(`(${rewritten}) IS TRUE`, named);
    }
    if (query.cursor) qb.andWhere('o.seq > :seq', { seq: decodeOrderCursor(query.cursor) });
    const rows = await qb.orderBy('o.seq', 'ASC').limit(query.limit + 1).getMany();
    const hasNext = rows.length > query.limit;
    const page = hasNext ? rows.slice(0, query.limit) : rows;
    return {
      orders: page.map(toUnifiedOrder),
      pageInfo: { hasNext, nextCursor: hasNext ? encodeOrderCursor(page[page.length - 1].seq) : null },
    };
  }
}
