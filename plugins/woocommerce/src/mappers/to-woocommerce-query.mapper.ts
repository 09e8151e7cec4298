import type { OrderListQuery, ProductListQuery } from '@storebridge/contracts';
import type { WooQuery } from '../client/woocommerce-api.client';
import { WOOCOMMERCE_MAX_PAGE_SIZE } from '../woocommerce.config';
import { WOO_ORDER_STATUSES } from './to-unified-order.mapper';
import { unixSecondsToWooGmt } from './woocommerce-values.mapper';

export function pageSize(limit: number): number {
  return Math.min(Math.max(Math.floor(limit) || 1, 1), WOOCOMMERCE_MAX_PAGE_SIZE);
}

/**
 * Woo's `after` / `modified_after` are exclusive and to the second; our
 * filters are "at or after": one second earlier makes them equal.
 * Ordered by id so pages never shift while new records arrive.
 */
function dateFilters(q: { updatedSince?: number; createdSince?: number }): WooQuery {
  const out: WooQuery = {};
  if (q.updatedSince !== undefined) out.modified_after = unixSecondsToWooGmt(q.updatedSince - 1);
  if (q.createdSince !== undefined) out.after = unixSecondsToWooGmt(q.createdSince - 1);
  if (q.updatedSince !== undefined || q.createdSince !== undefined) out.dates_are_gmt = true;
  return out;
}

/** `GET /products` parameters (https://woocommerce.github.io/woocommerce-rest-api-docs/#list-all-products). */
export function toWooProductQuery(q: ProductListQuery, page: number, categoryId?: number, include?: number[]): WooQuery & { page: number; per_page: number } {
  return {
    page,
    per_page: pageSize(q.limit),
    orderby: 'id',
    order: 'asc',
    ...dateFilters(q),
    ...(categoryId !== undefined ? { category: categoryId } : {}),
    ...(include !== undefined ? { include: include.join(',') } : {}),
  };
}

/** `GET /orders` parameters (https://woocommerce.github.io/woocommerce-rest-api-docs/#list-all-orders). */
export function toWooOrderQuery(q: OrderListQuery, page: number): (WooQuery & { page: number; per_page: number }) | null {
  const out: WooQuery & { page: number; per_page: number } = { page, per_page: pageSize(q.limit), orderby: 'id', order: 'asc', ...dateFilters(q) };
  if (q.orderStatus) {
    const statuses = WOO_ORDER_STATUSES[q.orderStatus];
    // No Woo core status maps to it: nothing can match.
    if (!statuses.length) return null;
    // PHP keeps only the last of repeated parameters; WordPress reads a comma list as an array.
    out.status = statuses.join(',');
  }
  return out;
}
