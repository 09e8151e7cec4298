import { ValidationError, type ProductPatch, type ProductStatus, type VariantInput, type WeightUnit } from '@storebridge/contracts';
import { convertWeight, toDecimalString } from '@storebridge/plugin-sdk';
import type { BcAvailability, BcProductWrite, BcVariantWrite } from '../client/bigcommerce-api.types';

export interface ProductWriteContext {
  /** The store's weight unit: BigCommerce takes weights in it only. */
  weightUnit: WeightUnit;
  /** The brand for `vendor` (0 = none), when the input names a vendor. */
  brandId?: number;
  /** The category for `productType` ([] = none), when the input names one. */
  categoryIds?: number[];
}

const VISIBILITY: Record<ProductStatus, { is_visible: boolean; availability: BcAvailability }> = {
  ACTIVE: { is_visible: true, availability: 'available' },
  DRAFT: { is_visible: false, availability: 'available' },
  ARCHIVED: { is_visible: false, availability: 'disabled' },
};

function price(v: VariantInput | undefined): number | null {
  return v?.price === undefined || v.price === null ? null : Number(toDecimalString(v.price));
}

function weight(v: VariantInput | undefined, unit: WeightUnit): number | null {
  return v?.weight ? convertWeight(v.weight.value, v.weight.unit, unit) : null;
}

/**
 * Variants with option values become BigCommerce variants (options are
 * created from `option_display_name` + `label`); a single variant without
 * options is the product's base variant, written on the product itself.
 */
export function hasOptionVariants(variants: VariantInput[] | undefined): boolean {
  return (variants ?? []).some((v) => (v.optionValues ?? []).length > 0);
}

export function toBigcommerceVariant(v: VariantInput, unit: WeightUnit): BcVariantWrite {
  return {
    sku: v.sku ?? '',
    price: price(v),
    weight: weight(v, unit),
    inventory_level: v.inventory?.totalCount ?? 0,
    option_values: (v.optionValues ?? []).map((o) => ({ option_display_name: o.name, label: o.value })),
  };
}

/**
 * Unified input → the body of `POST /v3/catalog/products` (full input) or
 * `PUT /v3/catalog/products/{id}` (only the fields a patch names; PUT
 * changes only what it is given). Variants with options are left to the
 * caller on update (they have their own endpoints).
 */
export function toBigcommerceProduct(input: ProductPatch, ctx: ProductWriteContext, mode: 'create' | 'update'): Partial<BcProductWrite> {
  const out: Partial<BcProductWrite> = {};
  if (mode === 'create' || input.productName !== undefined) {
    const name = (input.productName ?? '').trim();
    if (!name) throw new ValidationError('productName is required');
    out.name = name;
  }
  if (mode === 'create') out.type = 'physical';
  if (mode === 'create' || input.description !== undefined) out.description = input.description ?? '';
  if (mode === 'create' || input.productStatus !== undefined) Object.assign(out, VISIBILITY[input.productStatus ?? 'ACTIVE']);
  if (mode === 'create' || input.tags !== undefined) out.search_keywords = (input.tags ?? []).join(',');
  if (ctx.brandId !== undefined) out.brand_id = ctx.brandId;
  if (ctx.categoryIds !== undefined) out.categories = ctx.categoryIds;

  if (mode === 'create' || input.variants !== undefined) {
    const variants = input.variants ?? [];
    const first = variants[0];
    // Product price and weight are required; BigCommerce uses them for variants that give none.
    out.price = price(first) ?? 0;
    out.weight = weight(first, ctx.weightUnit) ?? 0;
    if (hasOptionVariants(variants)) {
      out.inventory_tracking = 'variant';
      if (mode === 'create') out.variants = variants.map((v) => toBigcommerceVariant(v, ctx.weightUnit));
    } else {
      out.inventory_tracking = first?.inventory ? 'product' : 'none';
      if (first?.inventory) out.inventory_level = first.inventory.totalCount;
      if (first?.sku !== undefined) out.sku = first.sku ?? '';
    }
  }
  if (mode === 'create' && input.images?.length) {
    out.images = input.images.map((img, i) => ({ image_url: img.url, description: img.altText ?? '', is_thumbnail: i === 0, sort_order: i }));
  }
  return out;
}
