import type { ProductInclude } from '../products.types';

/**
 * The unified product of a list page, built by Postgres as JSON text, so that
 * a page of 100 products with their variants and images costs Node a string
 * concatenation instead of entity hydration, mapping and JSON.stringify.
 *
 * It must give exactly what `toProductView` (to-unified-product.mapper.ts)
 * gives; the e2e "list and get agree" test compares both paths. Weights use
 * the same exact factors and 12-place half-up rounding as domain/weight.ts.
 * Every write stores the full document in products.document (see
 * ProductStore.writeOutbox). `p` is the (scoped) products alias; children
 * join on the product id alone, which keeps the planner on the product_id
 * indexes (product ids are unique, and a child has its product's org).
 */
const ts = (col: string) => `floor(extract(epoch from ${col}))::bigint`;

// numeric(40,20) keeps 20 places in the quotient before rounding to 12.
const weightIn = (factor: string, unit: string) =>
  `json_build_object('value', trim_scale(round(v.weight_grams::numeric(40,20) / ${factor}, 12)), 'unit', '${unit}')`;

const VARIANT_JSON = `json_build_object(
  'id', v.id, 'remoteId', NULL, 'productId', v.product_id,
  'createdTimestamp', ${ts('v.created_at')}, 'updatedTimestamp', ${ts('v.updated_at')},
  'title', v.title, 'price', v.price::text, 'currency', v.currency, 'sku', v.sku,
  'optionValues', v.option_values, 'inventory', json_build_object('totalCount', v.inventory_total_count),
  'weight', CASE WHEN v.weight_grams IS NULL THEN '[]'::json ELSE json_build_array(
    ${weightIn('1000', 'kg')}, ${weightIn('1', 'g')}, ${weightIn('28.349523125', 'oz')}, ${weightIn('453.59237', 'lb')}) END,
  'position', v.position)`;

const IMAGE_JSON = `json_build_object('id', a.id, 'remoteId', NULL, 'url', a.url, 'altText', a.alt_text, 'type', a.type, 'position', a.position)`;

/**
 * Where the document's children come from: SQL `FROM` items named `v`
 * (variants) and `a` (media) with the columns of product_variants and
 * product_media_assets that the document reads, for product `p`.
 */
export interface ProductChildSources {
  variants: string;
  media: string;
}

/** The stored rows of product `p`. */
const STORED_CHILDREN: ProductChildSources = {
  variants: 'product_variants v WHERE v.product_id = p.id',
  media: 'product_media_assets a WHERE a.product_id = p.id',
};

const variantsPart = (from: string) => `'variants', COALESCE((SELECT json_agg(${VARIANT_JSON} ORDER BY v.position, v.created_at, v.id)
  FROM ${from}), '[]'::json)`;

const imagesPart = (from: string) => `'images', COALESCE((SELECT json_agg(${IMAGE_JSON} ORDER BY a.position, a.created_at)
  FROM ${from}), '[]'::json)`;

/**
 * The full document (variants and images) of product `p`, as stored in
 * products.document: by default from its stored children; `children` lets a
 * writer build it from the rows it is writing, in the same statement.
 */
export function productDocumentSql(children: ProductChildSources = STORED_CHILDREN): string {
  return productJsonSql(['mediaAssets', 'variants'], children);
}

export function productJsonSql(include: ProductInclude[], children: ProductChildSources = STORED_CHILDREN): string {
  const parts = [
    `'id', p.id, 'remoteId', NULL`,
    `'createdTimestamp', ${ts('p.created_at')}, 'updatedTimestamp', ${ts('p.updated_at')}`,
    `'productType', p.product_type, 'productName', p.product_name, 'description', p.description`,
    `'productStatus', p.product_status, 'tags', p.tags, 'vendor', p.vendor, 'productUrl', p.product_url`,
    `'syncSource', p.sync_source, 'syncSourceId', p.sync_source_id, 'revision', p.revision`,
  ];
  if (include.includes('mediaAssets')) parts.push(imagesPart(children.media));
  if (include.includes('variants')) parts.push(variantsPart(children.variants));
  return `json_build_object(${parts.join(',\n')})::text`;
}
