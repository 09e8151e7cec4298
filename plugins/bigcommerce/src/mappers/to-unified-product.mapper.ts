import type { ProductImage, ProductStatus, RemoteProduct, RemoteVariant, WeightUnit } from '@storebridge/contracts';
import { isoToUnixSeconds, toDecimalString } from '@storebridge/plugin-sdk';
import type { BcImage, BcProduct, BcVariant } from '../client/bigcommerce-api.types';

/** What a product alone does not say: store settings and the names behind `brand_id` / `categories`. */
export interface ProductMappingContext {
  /** The store's weight unit (`GET /v2/store` `weight_units`); null when it is not one we know. */
  weightUnit: WeightUnit | null;
  /** `secure_url` of the store, to make `custom_url.url` absolute. */
  storeUrl: string | null;
  /** The store's default currency (`GET /v2/store` `currency`). */
  currency: string | null;
  brandName: string | null;
  /** Name of the product's first category: the closest thing BigCommerce has to a product type. */
  categoryName: string | null;
}

/**
 * `availability: disabled` takes a product off sale (archived); otherwise
 * `is_visible` tells a live product from one hidden on the storefront (draft).
 */
export function toProductStatus(p: Pick<BcProduct, 'is_visible' | 'availability'>): ProductStatus {
  if (p.availability === 'disabled') return 'ARCHIVED';
  return p.is_visible ? 'ACTIVE' : 'DRAFT';
}

function emptyToNull(s: string | null | undefined): string | null {
  return s === undefined || s === null || s === '' ? null : s;
}

function toImage(img: BcImage): ProductImage {
  return {
    remoteId: String(img.id),
    url: img.url_zoom || img.url_standard || img.image_url || '',
    altText: emptyToNull(img.description),
    type: 'image',
    position: img.sort_order ?? 0,
  };
}

export function toUnifiedVariant(p: BcProduct, v: BcVariant, ctx: ProductMappingContext): RemoteVariant {
  // A variant's null price/weight means "the product's" (product-variants_catalog.v3.yml).
  const price = v.price ?? p.price;
  const weight = v.weight ?? p.weight;
  const labels = v.option_values.map((o) => o.label);
  return {
    remoteId: String(v.id),
    // Catalog v3 variants carry no timestamps.
    createdTimestamp: null,
    updatedTimestamp: null,
    title: labels.length ? labels.join(' / ') : p.name,
    price: price === null || price === undefined ? null : toDecimalString(price),
    currency: ctx.currency,
    sku: emptyToNull(v.sku),
    optionValues: v.option_values.map((o) => ({ name: o.option_display_name, value: o.label })),
    // Stock lives on the product or on each variant, as `inventory_tracking` says.
    inventory: { totalCount: p.inventory_tracking === 'product' ? p.inventory_level : v.inventory_level },
    weight: ctx.weightUnit && weight !== null && weight !== undefined ? { value: weight, unit: ctx.weightUnit } : null,
  };
}

/** A Catalog v3 product (with `include=variants,images`) in the unified shape. */
export function toUnifiedProduct(p: BcProduct, ctx: ProductMappingContext): RemoteProduct {
  const url = p.custom_url?.url;
  return {
    remoteId: String(p.id),
    createdTimestamp: isoToUnixSeconds(p.date_created),
    updatedTimestamp: isoToUnixSeconds(p.date_modified),
    productType: ctx.categoryName,
    productName: p.name,
    description: emptyToNull(p.description),
    images: [...(p.images ?? [])].sort((a, b) => (a.sort_order ?? 0) - (b.sort_order ?? 0)).map(toImage),
    productStatus: toProductStatus(p),
    // No tags in BigCommerce: `search_keywords` (comma-separated) is the closest field.
    tags: (p.search_keywords ?? '').split(',').map((t) => t.trim()).filter(Boolean),
    vendor: ctx.brandName,
    productUrl: url && ctx.storeUrl ? `${ctx.storeUrl.replace(/\/$/, '')}${url}` : null,
    variants: (p.variants ?? []).map((v) => toUnifiedVariant(p, v, ctx)),
  };
}
