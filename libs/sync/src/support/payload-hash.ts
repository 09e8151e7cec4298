import { createHash } from 'node:crypto';
import type { ProductInput, RemoteProduct } from '@storebridge/contracts';

/** Stable JSON: object keys sorted, so equal inputs hash equally whatever their key order. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}

/** What the ledger compares: the hash of the payload a store was sent. */
export function payloadHash(input: ProductInput): string {
  return createHash('sha256').update(stableStringify(input)).digest('hex');
}

/** A store's product's variant ids by SKU (what withVariantIds takes; the ledger stores it). */
export function variantIdsBySku(product: RemoteProduct): Record<string, string> {
  const bySku: Record<string, string> = {};
  for (const v of product.variants) if (v.sku) bySku[v.sku] = v.remoteId;
  return bySku;
}

/** Variants a store already has keep their remote ids (matched by SKU), so an update edits rather than replaces them. */
export function withVariantIds(input: ProductInput, bySku: Record<string, string>): ProductInput {
  if (!input.variants) return input;
  return { ...input, variants: input.variants.map((v) => (v.sku && bySku[v.sku] ? { ...v, remoteId: bySku[v.sku] } : v)) };
}
