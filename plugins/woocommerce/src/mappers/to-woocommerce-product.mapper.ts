import { ValidationError, type ProductInput, type ProductPatch, type ProductStatus, type VariantInput, type WeightUnit } from '@storebridge/contracts';
import { toDecimalString } from '@storebridge/plugin-sdk';
import type { WooProductStatus, WooProductWrite, WooVariationWrite } from '../client/woocommerce-api.types';
import { formatWooWeight } from './woocommerce-values.mapper';

export const WOO_PRODUCT_STATUS: Record<ProductStatus, WooProductStatus> = { ACTIVE: 'publish', DRAFT: 'draft', ARCHIVED: 'private' };

export type WooShape = 'simple' | 'variable';

/** One variant without options is a simple product; anything else needs variations. */
export function productShape(variants: VariantInput[]): WooShape {
  return variants.length > 1 || variants.some((v) => (v.optionValues ?? []).length > 0) ? 'variable' : 'simple';
}

/** Product attributes of a variable product: every option name, with its values in first-seen order. */
export function toWooAttributes(variants: VariantInput[]): NonNullable<WooProductWrite['attributes']> {
  const byName = new Map<string, string[]>();
  for (const v of variants) {
    for (const o of v.optionValues ?? []) {
      const values = byName.get(o.name) ?? [];
      if (!values.includes(o.value)) values.push(o.value);
      byName.set(o.name, values);
    }
  }
  return [...byName.entries()].map(([name, options], position) => ({ name, position, visible: true, variation: true, options }));
}

/**
 * The sellable fields Woo keeps on a simple product or a variation. The
 * unified price is the price to charge: it becomes `regular_price` and
 * clears `sale_price`, so the store charges what the catalog says.
 */
export function toWooSellable(v: VariantInput, weightUnit: WeightUnit | null): WooVariationWrite {
  const out: WooVariationWrite = {};
  if (v.sku !== undefined) out.sku = v.sku ?? '';
  if (v.price !== undefined && v.price !== null) {
    out.regular_price = toDecimalString(v.price);
    out.sale_price = '';
  }
  if (v.inventory) {
    out.manage_stock = true;
    out.stock_quantity = v.inventory.totalCount;
  }
  if (v.weight === null) out.weight = '';
  else if (v.weight) {
    if (!weightUnit) throw new ValidationError('the store’s weight unit is unknown, so a weight cannot be written');
    out.weight = formatWooWeight(v.weight, weightUnit);
  }
  return out;
}

export function toWooVariation(v: VariantInput, weightUnit: WeightUnit | null): WooVariationWrite {
  return { ...toWooSellable(v, weightUnit), attributes: (v.optionValues ?? []).map((o) => ({ name: o.name, option: o.value })) };
}

export interface WooTermIds {
  categories?: number[];
  tags?: number[];
  brands?: number[];
}

/**
 * Unified product (or patch) → the body of `POST/PUT /products`. Only the
 * fields given are written (Woo's PUT is partial). Terms are passed as ids
 * the adapter resolved from names, since Woo links terms by id only.
 */
export function toWooProduct(input: ProductInput | ProductPatch, terms: WooTermIds, weightUnit: WeightUnit | null): WooProductWrite {
  if (input.productName !== undefined && !input.productName?.trim()) throw new ValidationError('productName is required');
  const out: WooProductWrite = {};
  if (input.productName !== undefined) out.name = input.productName;
  if (input.description !== undefined) out.description = input.description ?? '';
  if (input.productStatus !== undefined) out.status = WOO_PRODUCT_STATUS[input.productStatus];
  if (terms.categories) out.categories = terms.categories.map((id) => ({ id }));
  if (terms.tags) out.tags = terms.tags.map((id) => ({ id }));
  if (terms.brands) out.brands = terms.brands;
  if (input.images !== undefined) out.images = input.images.map((img) => (img.altText ? { src: img.url, alt: img.altText } : { src: img.url }));
  if (input.variants !== undefined) {
    const shape = productShape(input.variants);
    out.type = shape;
    if (shape === 'variable') out.attributes = toWooAttributes(input.variants);
    else {
      out.attributes = [];
      const { attributes: _none, ...sellable } = toWooVariation(input.variants[0] ?? {}, weightUnit);
      Object.assign(out, sellable);
    }
  }
  return out;
}
