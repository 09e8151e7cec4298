import type { EntityManager } from 'typeorm';
import type { ProductInput, RemoteProduct } from '@storebridge/contracts';

/** A central product in the shape a store takes it, with what the ledger compares. */
export interface ProductForPush {
  productId: string;
  revision: number;
  input: ProductInput;
}

/** A product change from the catalog's outbox. */
export interface CatalogChange {
  tenantId: string;
  orgId: string;
  productId: string;
  kind: string;
}

export interface ImportedProductRef {
  productId: string;
  remoteId: string;
}

/** The central catalog as sync sees it; bound by the host under SYNC_CATALOG. All in the current tenant scope. */
export interface SyncCatalogPort {
  /** Those of the ids that are products of the current org. */
  existing(productIds: string[]): Promise<Set<string>>;
  /** The products as pushed, by id; a product that does not exist (any more) is left out. */
  getManyForPush(productIds: string[]): Promise<Map<string, ProductForPush>>;
  /** Upserts one page by (syncSource = provider, syncSourceId = remote id), variants and images included. */
  upsertImportedPage(provider: string, products: RemoteProduct[]): Promise<ImportedProductRef[]>;
  /** Archives the given products (a full import did not see them upstream any more). */
  archive(productIds: string[]): Promise<number>;
  /**
   * Takes up to `limit` unprocessed outbox changes of every tenant, lets `fn`
   * act on them in the same transaction, and marks them processed.
   */
  drainOutbox(limit: number, fn: (m: EntityManager, changes: CatalogChange[]) => Promise<void>): Promise<number>;
}

export const SYNC_CATALOG = Symbol('STOREBRIDGE_SYNC_CATALOG');
