import type { Page } from '../models/page.model';
import type { ProductInput, ProductPatch, ProductStatus, RemoteProduct } from '../models/product.model';

/** The product filters a plugin may push down to its provider. */
export type ProductFilterKey = 'updatedSince' | 'createdSince' | 'productType' | 'productStatus' | 'vendor' | 'descriptionContains' | 'sku';

export interface ProductListQuery {
  /** Page size the caller wants; a plugin may cap it at its provider's maximum. */
  limit: number;
  cursor?: string | null;
  /** Unix seconds: updated at or after. */
  updatedSince?: number;
  /** Unix seconds: created at or after (reference 000's `createdTimestamp`). */
  createdSince?: number;
  productType?: string;
  productStatus?: ProductStatus;
  vendor?: string;
  descriptionContains?: string;
  sku?: string;
}

/**
 * A plugin's view of a store's products. Records are addressed by the
 * provider's id (`remoteId`); the host maps them to stable unified ids.
 * Filters the plugin does not declare in `capabilities.products.filters`
 * are ignored by it and applied by the host.
 */
export interface ProductPort {
  list(query: ProductListQuery): Promise<Page<RemoteProduct>>;
  /** Throws NotFoundError when the store has no such product. */
  get(remoteId: string): Promise<RemoteProduct>;
  create(input: ProductInput): Promise<RemoteProduct>;
  /** Replaces the product's fields and variants with `input`. */
  update(remoteId: string, input: ProductInput | ProductPatch): Promise<RemoteProduct>;
  /** Idempotent: deleting a product that is already gone succeeds. */
  delete(remoteId: string): Promise<void>;
}
