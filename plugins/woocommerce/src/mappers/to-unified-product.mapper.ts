import type { ProductImage, ProductStatus, RemoteProduct, RemoteVariant, WeightUnit } from '@storebridge/contracts';
import { createEnumMapper, toDecimalOrNull } from '@storebridge/plugin-sdk';
import type { WooImage, WooProduct, WooVariation } from '../client/woocommerce-api.types';
import { decodeEntities, gmtToUnixSeconds, parseWooWeight } from './woocommerce-values.mapper';

/**
 * Post statuses (https://woocommerce.github.io/woocommerce-rest-api-docs/#product-properties):
 * `publish` is live; `draft`, `pending` (awaiting review) and `future`
 * (scheduled) are not live yet; `private` (hidden from the shop) and `trash`
 * are retired.
 */
export const PRODUCT_STATUS: Record<string, ProductStatus> = {
  publish: 'ACTIVE',
  draft: 'DRAFT',
  pending: 'DRAFT',
  future: 'DRAFT',
  private: 'ARCHIVED',
  trash: 'ARCHIVED',
};
export const toProductStatus = createEnumMapper<ProductStatus>(PRODUCT_STATUS, 'DRAFT');

/** The default category WooCommerce puts uncategorised products in is not a product type. */
const UNCATEGORIZED = 'uncategorized';

/** `price` is what the shop charges now (the sale price while on sale); `regular_price` when `price` is unset. */
function currentPrice(x: { price: string; regular_price: string }): string | null {
  return toDecimalOrNull(x.price !== '' ? x.price : x.regular_price);
}

/** Unmanaged stock has no count: 0, as the unified model needs a number. "parent" reads the parent's count. */
function stockCount(x: { manage_stock: boolean | 'parent'; stock_quantity: number | null }, parent?: WooProduct): number {
  if (x.manage_stock === 'parent') return parent?.manage_stock === true ? Math.max(0, parent.stock_quantity ?? 0) : 0;
  return x.manage_stock ? Math.max(0, x.stock_quantity ?? 0) : 0;
}

function toImage(img: WooImage, position: number): ProductImage {
  return { remoteId: String(img.id), url: img.src, altText: img.alt ? img.alt : null, type: 'image', position };
}

/** A variation (https://woocommerce.github.io/woocommerce-rest-api-docs/#product-variation-properties): its title is its attribute values. */
export function toUnifiedVariation(v: WooVariation, parent: WooProduct | undefined, weightUnit: WeightUnit | null): RemoteVariant {
  // An empty option means "any value of this attribute": no option value to report.
  const options = v.attributes.filter((a) => a.option !== '').map((a) => ({ name: decodeEntities(a.name), value: decodeEntities(a.option) }));
  return {
    remoteId: String(v.id),
    createdTimestamp: gmtToUnixSeconds(v.date_created_gmt),
    updatedTimestamp: gmtToUnixSeconds(v.date_modified_gmt),
    title: options.length ? options.map((o) => o.value).join(' / ') : null,
    price: currentPrice(v),
    currency: null,
    sku: v.sku || null,
    optionValues: options,
    inventory: { totalCount: stockCount(v, parent) },
    weight: parseWooWeight(v.weight, weightUnit),
  };
}

/** A simple product is its own single variant, addressed by the product id (as order line items address it). */
export function toSimpleVariant(p: WooProduct, weightUnit: WeightUnit | null): RemoteVariant {
  return {
    remoteId: String(p.id),
    createdTimestamp: gmtToUnixSeconds(p.date_created_gmt),
    updatedTimestamp: gmtToUnixSeconds(p.date_modified_gmt),
    title: null,
    price: currentPrice(p),
    currency: null,
    sku: p.sku || null,
    optionValues: [],
    inventory: { totalCount: stockCount(p) },
    weight: parseWooWeight(p.weight, weightUnit),
  };
}

/**
 * WooCommerce product (+ its variations, every page) → unified product.
 * Product type is the first category (Woo's `type` is simple/variable, a
 * shape, not a type); vendor is the first brand (WooCommerce 9.6+).
 */
export function toUnifiedProduct(p: WooProduct, variations: WooVariation[], weightUnit: WeightUnit | null): RemoteProduct {
  const category = p.categories.find((c) => c.slug !== UNCATEGORIZED);
  const brand = p.brands?.[0];
  return {
    remoteId: String(p.id),
    createdTimestamp: gmtToUnixSeconds(p.date_created_gmt),
    updatedTimestamp: gmtToUnixSeconds(p.date_modified_gmt),
    productType: category ? decodeEntities(category.name) : null,
    productName: decodeEntities(p.name),
    description: p.description === '' ? null : p.description,
    images: p.images.map((img, i) => toImage(img, i + 1)),
    productStatus: toProductStatus(p.status),
    tags: p.tags.map((t) => decodeEntities(t.name)),
    vendor: brand ? decodeEntities(brand.name) : null,
    productUrl: p.permalink || null,
    variants: p.type === 'variable' ? variations.map((v) => toUnifiedVariation(v, p, weightUnit)) : [toSimpleVariant(p, weightUnit)],
  };
}
