import { Inject, Injectable } from '@nestjs/common';
import {
  ApiError,
  type ConnectionContext,
  type OrderFilterKey,
  type OrderListQuery as PortOrderQuery,
  type PageInfo,
  type ProductFilterKey,
  type ProductInput,
  type ProductListQuery as PortProductQuery,
  type ProductPatch,
  type ProviderPlugin,
  type RemoteOrder,
  type RemoteProduct,
  type UnifiedOrder,
  type UnifiedProduct,
} from '@storebridge/contracts';
import { toPredicate, validate, type Filter, type FilterSchema } from '@storebridge/catalog-filter';
import { ConnectionsService } from '../connections/connections.service';
import type { ConnectionEntity } from '../entities/connection.entity';
import { CONNECTION_CONTEXT_FACTORY, type ConnectionContextFactory } from '../plugins/connection-context-factory.port';
import type { OrderListQuery, ProductListQuery } from './dto/unified.dto';
import { collectPage, decodeCursor, encodeCursor } from './filtered-pager';
import { idOf, rowOf, toUnifiedOrder, toUnifiedProduct } from './to-unified';
import { UnifiedIdsService } from './unified-ids.service';

const DEFAULT_LIMIT = 50;
/** Provider page size when we filter after the fact: bigger pages, fewer round trips. */
const FILTERING_PAGE_SIZE = 100;

/** Unix seconds from "1700000000" or an ISO 8601 date. */
export function toUnixSeconds(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (/^\d+$/.test(raw)) return Number(raw);
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) throw ApiError.badRequest('invalid_time', `"${raw}" is not a date`);
  return Math.floor(ms / 1000);
}

const PRODUCT_SCHEMA: FilterSchema = { productType: 'string', createdTimestamp: 'number', updatedTimestamp: 'number' };
const ORDER_SCHEMA: FilterSchema = { fulfillmentStatus: 'string', currency: 'string', orderStatus: 'string', updatedMs: 'number' };

function predicate<T>(filters: Filter[], schema: FilterSchema, get?: (item: T, attr: string) => unknown): (item: T) => boolean {
  const checked = validate(filters, schema);
  if (!checked.ok) throw ApiError.badRequest('invalid_filter', checked.errors.map((e) => e.reason).join('; '));
  return toPredicate<T>(checked.filters, get);
}

/** The read-through and write-through API of one connection (references 000 and 001). */
@Injectable()
export class UnifiedCommerceService {
  constructor(
    private readonly connections: ConnectionsService,
    private readonly ids: UnifiedIdsService,
    @Inject(CONNECTION_CONTEXT_FACTORY) private readonly contexts: ConnectionContextFactory,
  ) {}

  /** The caller's ACTIVE connection, by `connectionId` or its alias `credentialId`. */
  async activeConnection(q: { connectionId?: string; credentialId?: string }): Promise<ConnectionEntity> {
    const id = q.connectionId ?? q.credentialId;
    if (!id) throw ApiError.badRequest('connection_id_required', 'connectionId (or credentialId) is required');
    const conn = await this.connections.get(id);
    if (conn.status !== 'ACTIVE') {
      throw ApiError.conflict('connection_not_active', `The connection is ${conn.status}`, { status: conn.status });
    }
    return conn;
  }

  private run<T>(conn: ConnectionEntity, fn: (plugin: ProviderPlugin, ctx: ConnectionContext) => Promise<T>): Promise<T> {
    return this.connections.withPlugin(conn, fn);
  }

  // --- products -------------------------------------------------------------

  async listProducts(q: ProductListQuery): Promise<{ products: UnifiedProduct[]; pageInfo: PageInfo }> {
    const conn = await this.activeConnection(q);
    const limit = q.limit ?? DEFAULT_LIMIT;
    const wanted: Partial<Record<ProductFilterKey, string | number>> = {
      createdSince: toUnixSeconds(q.createdTimestamp),
      updatedSince: toUnixSeconds(q.updatedSince),
      productType: q.productType,
      descriptionContains: q.descriptionContains,
    };
    return this.run(conn, async (plugin, ctx) => {
      if (!plugin.capabilities.products.read) throw notSupported(plugin, 'reading products');
      const pushed = new Set(plugin.capabilities.products.filters);
      const portQuery: Omit<PortProductQuery, 'limit' | 'cursor'> = {};
      const filters: Filter[] = [];
      let contains: string | undefined;
      for (const [key, value] of Object.entries(wanted) as Array<[ProductFilterKey, string | number | undefined]>) {
        if (value === undefined) continue;
        if (pushed.has(key)) (portQuery as Record<string, unknown>)[key] = value;
        else if (key === 'createdSince') filters.push({ attr: 'createdTimestamp', op: 'GE', value });
        else if (key === 'updatedSince') filters.push({ attr: 'updatedTimestamp', op: 'GE', value });
        else if (key === 'productType') filters.push({ attr: 'productType', op: 'EQ', value });
        else if (key === 'descriptionContains') contains = String(value).toLowerCase();
      }
      const matches = predicate<RemoteProduct>(filters, PRODUCT_SCHEMA);
      const accept = (p: RemoteProduct) => matches(p) && (contains === undefined || (p.description ?? '').toLowerCase().includes(contains));
      const clientSide = filters.length > 0 || contains !== undefined;
      const port = plugin.createProductPort(ctx);
      const { items, next } = await collectPage({
        limit,
        cursor: decodeCursor(q.cursor),
        pageSize: clientSide ? Math.max(limit, FILTERING_PAGE_SIZE) : limit,
        fetch: (cursor, size) => port.list({ ...portQuery, limit: size, cursor }),
        accept,
      });
      return { products: await this.unifyProducts(conn, items), pageInfo: { hasNext: next !== null, nextCursor: next ? encodeCursor(next) : null } };
    });
  }

  async getProduct(q: { connectionId?: string; credentialId?: string }, id: string): Promise<UnifiedProduct> {
    const conn = await this.activeConnection(q);
    const remoteId = await this.remoteId(conn, 'product', id);
    return this.run(conn, async (plugin, ctx) => {
      if (!plugin.capabilities.products.read) throw notSupported(plugin, 'reading products');
      const [p] = await this.unifyProducts(conn, [await plugin.createProductPort(ctx).get(remoteId)]);
      return p;
    });
  }

  async createProduct(q: { connectionId?: string; credentialId?: string }, input: ProductInput): Promise<UnifiedProduct> {
    const conn = await this.activeConnection(q);
    return this.run(conn, async (plugin, ctx) => {
      if (!plugin.capabilities.products.write) throw notSupported(plugin, 'writing products');
      const [p] = await this.unifyProducts(conn, [await plugin.createProductPort(ctx).create(input)]);
      return p;
    });
  }

  /** PUT replaces (`input` is whole), PATCH changes only the given fields. */
  async updateProduct(q: { connectionId?: string; credentialId?: string }, id: string, input: ProductInput | ProductPatch): Promise<UnifiedProduct> {
    const conn = await this.activeConnection(q);
    const remoteId = await this.remoteId(conn, 'product', id);
    return this.run(conn, async (plugin, ctx) => {
      if (!plugin.capabilities.products.write) throw notSupported(plugin, 'writing products');
      const [p] = await this.unifyProducts(conn, [await plugin.createProductPort(ctx).update(remoteId, input)]);
      return p;
    });
  }

  async deleteProduct(q: { connectionId?: string; credentialId?: string }, id: string): Promise<void> {
    const conn = await this.activeConnection(q);
    const remoteId = await this.remoteId(conn, 'product', id);
    await this.run(conn, async (plugin, ctx) => {
      if (!plugin.capabilities.products.write) throw notSupported(plugin, 'writing products');
      await plugin.createProductPort(ctx).delete(remoteId);
    });
  }

  private async unifyProducts(conn: ConnectionEntity, items: RemoteProduct[]): Promise<UnifiedProduct[]> {
    const productIds = await this.ids.ensure(conn.id, 'product', items.map((p) => p.remoteId));
    const variantIds = await this.ids.ensure(conn.id, 'variant', items.flatMap((p) => p.variants.map((v) => v.remoteId)));
    return items.map((p) => toUnifiedProduct(p, idOf(productIds, p.remoteId), variantIds, (w) => this.contexts.expandWeight(w)));
  }

  private async remoteId(conn: ConnectionEntity, kind: 'product' | 'order', id: string): Promise<string> {
    const remoteId = await this.ids.remoteIdOf(conn.id, kind, id);
    if (!remoteId) throw ApiError.notFound(`${kind}_not_found`, `${kind === 'product' ? 'Product' : 'Order'} not found`);
    return remoteId;
  }

  // --- orders -----------------------------------------------------------------

  async listOrders(q: OrderListQuery): Promise<{ orders: UnifiedOrder[]; pageInfo: PageInfo }> {
    const conn = await this.activeConnection(q);
    const limit = q.limit ?? DEFAULT_LIMIT;
    const wanted: Partial<Record<OrderFilterKey, string | number>> = {
      updatedSince: toUnixSeconds(q.updatedSince),
      fulfillmentStatus: q.fulfillmentStatus,
      currency: q.currency?.toUpperCase(),
      orderStatus: q.orderStatus,
    };
    return this.run(conn, async (plugin, ctx) => {
      if (!plugin.capabilities.orders.read) throw notSupported(plugin, 'reading orders');
      const pushed = new Set(plugin.capabilities.orders.filters);
      const portQuery: Omit<PortOrderQuery, 'limit' | 'cursor'> = {};
      const filters: Filter[] = [];
      for (const [key, value] of Object.entries(wanted) as Array<[OrderFilterKey, string | number | undefined]>) {
        if (value === undefined) continue;
        if (pushed.has(key)) (portQuery as Record<string, unknown>)[key] = value;
        else if (key === 'updatedSince') filters.push({ attr: 'updatedMs', op: 'GE', value: Number(value) * 1000 });
        else filters.push({ attr: key, op: 'EQ', value });
      }
      const accept = predicate<RemoteOrder>(filters, ORDER_SCHEMA, (o, attr) => {
        if (attr === 'updatedMs') return o.remoteUpdatedAt ? Date.parse(o.remoteUpdatedAt) : undefined;
        if (attr === 'currency') return o.currency?.toUpperCase();
        return (o as unknown as Record<string, unknown>)[attr];
      });
      const port = plugin.createOrderPort(ctx);
      const { items, next } = await collectPage({
        limit,
        cursor: decodeCursor(q.cursor),
        pageSize: filters.length ? Math.max(limit, FILTERING_PAGE_SIZE) : limit,
        fetch: (cursor, size) => port.list({ ...portQuery, limit: size, cursor }),
        accept,
      });
      return { orders: await this.unifyOrders(conn, items), pageInfo: { hasNext: next !== null, nextCursor: next ? encodeCursor(next) : null } };
    });
  }

  async getOrder(q: { connectionId?: string; credentialId?: string }, id: string): Promise<UnifiedOrder> {
    const conn = await this.activeConnection(q);
    const remoteId = await this.remoteId(conn, 'order', id);
    return this.run(conn, async (plugin, ctx) => {
      if (!plugin.capabilities.orders.read) throw notSupported(plugin, 'reading orders');
      const [o] = await this.unifyOrders(conn, [await plugin.createOrderPort(ctx).get(remoteId)]);
      return o;
    });
  }

  private async unifyOrders(conn: ConnectionEntity, items: RemoteOrder[]): Promise<UnifiedOrder[]> {
    const ids = await this.ids.ensure(conn.id, 'order', items.map((o) => o.remoteId));
    return items.map((o) => toUnifiedOrder(o, rowOf(ids, o.remoteId)));
  }
}

function notSupported(plugin: ProviderPlugin, what: string): ApiError {
  return ApiError.unprocessable('capability_not_supported', `${plugin.displayName} does not support ${what}`);
}
