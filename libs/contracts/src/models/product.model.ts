/**
 * The unified product model (reference 000). Field names are the API's
 * contract: camelCase, never a provider's names. Timestamps are unix seconds.
 */
export type ProductStatus = 'ACTIVE' | 'DRAFT' | 'ARCHIVED';
export const PRODUCT_STATUSES: readonly ProductStatus[] = ['ACTIVE', 'DRAFT', 'ARCHIVED'];

export type WeightUnit = 'kg' | 'g' | 'oz' | 'lb';
export const WEIGHT_UNITS: readonly WeightUnit[] = ['kg', 'g', 'oz', 'lb'];

export interface Weight {
  value: number;
  unit: WeightUnit;
}

export interface OptionValue {
  name: string;
  value: string;
}

export interface Inventory {
  totalCount: number;
}

export interface ProductImage {
  id?: string;
  remoteId?: string | null;
  url: string;
  altText?: string | null;
  type?: 'image' | 'video';
  position?: number;
}

export interface UnifiedVariant {
  id: string;
  remoteId: string | null;
  productId: string;
  createdTimestamp: number | null;
  updatedTimestamp: number | null;
  title: string | null;
  /** Decimal string with two places, e.g. "25.00". */
  price: string | null;
  currency?: string | null;
  sku: string | null;
  optionValues: OptionValue[];
  inventory: Inventory;
  /** The same weight in every unit (kg, g, oz, lb), as reference 000 answers it. */
  weight: Weight[];
}

export interface UnifiedProduct {
  id: string;
  remoteId: string | null;
  createdTimestamp: number | null;
  updatedTimestamp: number | null;
  productType: string | null;
  productName: string;
  description: string | null;
  images: ProductImage[];
  productStatus: ProductStatus;
  tags: string[];
  vendor: string | null;
  productUrl: string | null;
  variants: UnifiedVariant[];
}

/**
 * What a plugin returns: the unified shape without our ids (the host assigns
 * a stable `id` per remote record and connection) and with the provider's
 * single native weight (the host expands it into every unit).
 */
export interface RemoteVariant
  extends Omit<UnifiedVariant, 'id' | 'productId' | 'weight' | 'remoteId'> {
  remoteId: string;
  weight: Weight | null;
}

export interface RemoteProduct extends Omit<UnifiedProduct, 'id' | 'variants' | 'remoteId'> {
  remoteId: string;
  variants: RemoteVariant[];
}

/** What a caller sends to create or replace a product in a store. */
export interface VariantInput {
  /** Present when updating a variant the store already has. */
  remoteId?: string | null;
  title?: string | null;
  sku?: string | null;
  /** Decimal string ("25.00") or number. */
  price?: string | number | null;
  currency?: string | null;
  optionValues?: OptionValue[];
  inventory?: Inventory;
  weight?: Weight | null;
}

export interface ProductInput {
  productName: string;
  description?: string | null;
  productType?: string | null;
  vendor?: string | null;
  productStatus?: ProductStatus;
  tags?: string[];
  productUrl?: string | null;
  images?: Array<{ url: string; altText?: string | null }>;
  variants?: VariantInput[];
}

/** A partial update: only the fields given change. */
export type ProductPatch = Partial<ProductInput>;
