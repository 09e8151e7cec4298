import type { FilterSchema } from '@storebridge/catalog-filter';
import type { AttributeDeclaration } from './catalog-attributes';
import { presentAttributes } from './catalog-attributes';
import type { Catalog } from './catalog.entity';

export interface CatalogView {
  id: string;
  name: string;
  description: string | null;
  attributes: AttributeDeclaration[];
  version: number;
  itemCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface CatalogItemView {
  id: string;
  sku: string;
  price: number | null;
  product: { name: string } | null;
  attributes: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/** A catalog_items row as read with raw SQL (see ITEM_COLUMNS). */
export interface CatalogItemRow {
  id: string;
  sku: string;
  price: string | number | null;
  product_name: string | null;
  attributes: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

export const ITEM_COLUMNS = 'i.id, i.sku, i.price, i.product_name, i.attributes, i.created_at, i.updated_at';

export function toCatalogView(c: Catalog): CatalogView {
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    attributes: c.attributes,
    version: c.version,
    itemCount: c.itemCount,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

export function toItemView(row: CatalogItemRow, schema: FilterSchema): CatalogItemView {
  return {
    id: row.id,
    sku: row.sku,
    price: row.price === null ? null : Number(row.price),
    product: row.product_name === null ? null : { name: row.product_name },
    attributes: presentAttributes(row.attributes, schema),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
