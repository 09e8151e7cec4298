import type { OptionValue, ProductStatus, Weight } from '@storebridge/contracts';
import type { MediaAssetType } from './entities';

/**
 * Inputs of the products services. The REST DTOs have these shapes; other
 * modules (the import job) call the services with plain objects, which the
 * services validate again where it matters (price, currency, weight, URLs,
 * option names, SKUs).
 */
export interface VariantWrite {
  title?: string | null;
  sku?: string | null;
  /** Decimal string ("25.00") or number; at most two decimals. */
  price?: string | number | null;
  /** ISO 4217; the org's default currency when left out. */
  currency?: string;
  optionValues?: OptionValue[];
  inventory?: { totalCount: number };
  weight?: Weight | null;
  position?: number;
}

export interface MediaAssetWrite {
  url: string;
  altText?: string | null;
  type?: MediaAssetType;
  position?: number;
}

export type MediaAssetPatch = Partial<MediaAssetWrite>;

export interface ProductFieldsWrite {
  productName: string;
  description?: string | null;
  productType?: string | null;
  vendor?: string | null;
  productStatus?: ProductStatus;
  tags?: string[];
  productUrl?: string | null;
  syncSource?: string | null;
  syncSourceId?: string | null;
}

export interface CreateProductWrite extends ProductFieldsWrite {
  /** Org options to assign before the variants are created. */
  optionIds?: string[];
  variants?: VariantWrite[];
  mediaAssets?: MediaAssetWrite[];
}

export type ProductPatchWrite = Partial<ProductFieldsWrite>;

export interface UpsertOptions {
  /**
   * For imports: create the org options named in the variants' optionValues
   * (and any missing values) and assign them, instead of refusing unknown names.
   */
  ensureOptions?: boolean;
}

export type ProductInclude = 'variants' | 'mediaAssets';

export interface ListProductsParams {
  include?: ProductInclude[];
  limit?: number;
  cursor?: string;
  productType?: string;
  productStatus?: ProductStatus;
  vendor?: string;
  tag?: string;
  /** Unix seconds: created at or after. */
  createdTimestamp?: number;
  /** Unix seconds: updated at or after. */
  updatedSince?: number;
  descriptionContains?: string;
  sku?: string;
  /** `attr:op:value` strings of the filter language. */
  filter?: string[];
  /** The same as a JSON array. */
  filters?: string;
}

export function parseInclude(include: string | undefined, fallback: ProductInclude[]): ProductInclude[] {
  if (include === undefined) return fallback;
  return [...new Set(include.split(',').filter((x): x is ProductInclude => x === 'variants' || x === 'mediaAssets'))];
}
