import type { ProductImage, ProductStatus, RemoteProduct, RemoteVariant } from '@storebridge/contracts';
import { createEnumMapper, isoToUnixSeconds, parseWeightUnit, toDecimalOrNull } from '@storebridge/plugin-sdk';
import type { ShopifyMedia, ShopifyProduct, ShopifyVariant } from '../client/shopify-admin.types';
import { fromGid } from './shopify-gid.mapper';

const toStatus = createEnumMapper<ProductStatus>({ ACTIVE: 'ACTIVE', DRAFT: 'DRAFT', ARCHIVED: 'ARCHIVED' }, 'DRAFT');

export function toUnifiedVariant(v: ShopifyVariant): RemoteVariant {
  const w = v.inventoryItem?.measurement?.weight;
  const unit = parseWeightUnit(w?.unit);
  return {
    remoteId: fromGid(v.id),
    createdTimestamp: isoToUnixSeconds(v.createdAt),
    updatedTimestamp: isoToUnixSeconds(v.updatedAt),
    title: v.title,
    price: toDecimalOrNull(v.price),
    currency: null,
    sku: v.sku || null,
    optionValues: v.selectedOptions.map((o) => ({ name: o.name, value: o.value })),
    inventory: { totalCount: v.inventoryQuantity ?? 0 },
    weight: w && unit ? { value: w.value, unit } : null,
  };
}

function toImage(m: ShopifyMedia, position: number): ProductImage | null {
  const url = m.preview?.image?.url;
  if (!url) return null;
  return { remoteId: fromGid(m.id), url, altText: m.alt ?? null, type: m.mediaContentType === 'IMAGE' ? 'image' : 'video', position };
}

/** Shopify Product (GraphQL Admin 2025-01) → unified product. `variants` and `media` let the adapter pass the complete lists when it paged them. */
export function toUnifiedProduct(p: ShopifyProduct, variants: ShopifyVariant[] = p.variants.nodes, media: ShopifyMedia[] = p.media.nodes): RemoteProduct {
  return {
    remoteId: fromGid(p.id),
    createdTimestamp: isoToUnixSeconds(p.createdAt),
    updatedTimestamp: isoToUnixSeconds(p.updatedAt),
    productType: p.productType || null,
    productName: p.title,
    description: p.descriptionHtml ?? null,
    images: media.map((m, i) => toImage(m, i + 1)).filter((x): x is ProductImage => x !== null),
    productStatus: toStatus(p.status),
    tags: [...p.tags],
    vendor: p.vendor || null,
    productUrl: p.onlineStoreUrl ?? null,
    variants: variants.map(toUnifiedVariant),
  };
}
