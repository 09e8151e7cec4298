import { PermanentError, type Page, type ProductInput, type ProductPort, type ProviderPlugin, type RemoteProduct } from '@storebridge/contracts';

/**
 * A create recorded on the ledger row before the store was asked: the run
 * that started it, the payload's SKUs and when (Postgres' clock). Cleared
 * when the remote id is stored.
 */
export interface CreateInFlight {
  token: string;
  skus: string[];
  at: string;
}

/** The store's clock and ours may disagree: a product "created" this long before the marker may still be ours. */
const CLOCK_SKEW_SECONDS = 300;
/** SKUs asked for one by one where the plugin filters by SKU (an atomic create holds them all; a partial one, usually the first). */
const MAX_SKU_QUERIES = 3;
/**
 * A SKU query's page size and how many pages it follows: one product is
 * expected, and a provider's query cost grows with the page size (Shopify
 * charges ~150 points a product with its variants, of a 1000-point bucket).
 */
const SKU_QUERY_LIMIT = 1;
const SKU_QUERY_PAGES = 5;
/** Without a SKU filter the host reads the store's products itself, at most this many pages of this size. */
export const SCAN_MAX_PAGES = 10;
const SCAN_PAGE_SIZE = 100;

/** The store cannot be searched well enough to rule out the interrupted create: creating again could duplicate. */
export class UnverifiableCreateError extends PermanentError {}

/** The distinct SKUs of a payload, in order. */
export function skusOf(input: ProductInput | undefined): string[] {
  return [...new Set((input?.variants ?? []).map((v) => v.sku).filter((s): s is string => !!s))];
}

/**
 * Looks for the product an interrupted create may have left at the store:
 * one with a variant carrying one of the marker's SKUs, created no earlier
 * than the marker (less the clock skew), and not mapped to another product
 * in the ledger (`linkedElsewhere`). Null when the store certainly has none.
 *
 * Where the plugin declares the `sku` filter, the store is asked by SKU.
 * Otherwise the host filters pages in memory (as the unified API's pager
 * does), from the marker's time on when the plugin filters by
 * `updatedSince`, and reads at most SCAN_MAX_PAGES pages: when that bound
 * is reached without an answer, or the payload has no SKU to look for, it
 * throws UnverifiableCreateError rather than risk a second product.
 */
export async function findInterruptedCreate(
  plugin: ProviderPlugin,
  products: ProductPort,
  marker: CreateInFlight,
  linkedElsewhere: (remoteIds: string[]) => Promise<Set<string>>,
): Promise<RemoteProduct | null> {
  if (marker.skus.length === 0) {
    throw new UnverifiableCreateError('an earlier create of this product on this store was interrupted and the product has no SKU to find it by; check the store, then push again');
  }
  const skus = new Set(marker.skus);
  const notBefore = Math.floor(Date.parse(marker.at) / 1000) - CLOCK_SKEW_SECONDS;
  const matches = (p: RemoteProduct) => p.variants.some((v) => !!v.sku && skus.has(v.sku)) && (p.createdTimestamp === null || p.createdTimestamp >= notBefore);
  const filters = new Set(plugin.capabilities.products.filters);
  const found: RemoteProduct[] = [];

  if (filters.has('sku')) {
    for (const sku of marker.skus.slice(0, MAX_SKU_QUERIES)) {
      let cursor: string | null = null;
      for (let pages = 0; pages < SKU_QUERY_PAGES; pages++) {
        const page: Page<RemoteProduct> = await products.list({ sku, limit: SKU_QUERY_LIMIT, cursor });
        found.push(...page.items.filter(matches));
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      if (found.length) break;
    }
  } else {
    const updatedSince = filters.has('updatedSince') ? notBefore : undefined;
    let cursor: string | null = null;
    for (let pages = 0; ; pages++) {
      if (pages >= SCAN_MAX_PAGES) {
        if (found.length) break;
        throw new UnverifiableCreateError(
          `an earlier create of this product on this store was interrupted and the store cannot be searched by SKU (${SCAN_MAX_PAGES * SCAN_PAGE_SIZE} products read without finding it); check the store, then push again`,
        );
      }
      const page: Page<RemoteProduct> = await products.list({ limit: SCAN_PAGE_SIZE, cursor, updatedSince });
      found.push(...page.items.filter(matches));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
  }

  const taken = await linkedElsewhere(found.map((p) => p.remoteId));
  const candidates = found.filter((p) => !taken.has(p.remoteId));
  // More than one is a store with look-alikes of its own: the newest is the one the interrupted create made.
  candidates.sort((a, b) => (b.createdTimestamp ?? 0) - (a.createdTimestamp ?? 0));
  return candidates[0] ?? null;
}
