import { columns, jsonbAttributes, toSql, type TypedFilter } from '@storebridge/catalog-filter';
import { ITEM_COLUMNS } from './catalog.presenter';

/** Item lists may also filter on the item's own columns. */
export const ITEM_COLUMN_SCHEMA = { sku: 'string', price: 'number' } as const;
// String EQ by value: the ci_eq_<name> index (catalog-indexes.ts) then yields matches in SKU order.
const ITEM_FILTER_COLUMNS = columns({ sku: 'i.sku', price: 'i.price' }, jsonbAttributes('i.attributes', { valueEquality: ['string'] }));

export interface ItemPageQueryInput {
  tenantId: string;
  orgId: string;
  catalogId: string;
  filters: TypedFilter[];
  /** Keyset: only SKUs after this one. */
  afterSku?: string;
  /** Rows to fetch (a page plus one, to learn whether there is a next page). */
  take: number;
}

/**
 * The SQL of one page of GET /catalogs/:id/items: items in SKU order after the
 * cursor, filtered. Kept apart from the service so the catalog benchmark can
 * EXPLAIN exactly what the API runs.
 */
export function itemPageQuery(input: ItemPageQueryInput): { sql: string; params: unknown[] } {
  const params: unknown[] = [input.tenantId, input.orgId, input.catalogId];
  let where = 'i.tenant_id = $1 AND i.org_id = $2 AND i.catalog_id = $3';
  if (input.afterSku !== undefined) {
    params.push(input.afterSku);
    where += ` AND i.sku > $${params.length}`;
  }
  const compiled = toSql(input.filters, ITEM_FILTER_COLUMNS, params.length + 1);
  params.push(...compiled.params, input.take);
  return {
    sql: `SELECT ${ITEM_COLUMNS} FROM catalog_items i WHERE ${where} AND ${compiled.sql} ORDER BY i.sku LIMIT $${params.length}`,
    params,
  };
}
