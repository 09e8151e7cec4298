import type { ProductInput, RemoteProduct } from '@storebridge/contracts';
import type { CentralProduct, ImportedProductWrite } from '@storebridge/catalog';

type ProductFields = Pick<RemoteProduct, 'productName' | 'description' | 'productType' | 'vendor' | 'productStatus' | 'tags' | 'productUrl'>;

/** The scalar fields both directions carry over as they are. */
function productFields(p: ProductFields): ProductFields {
  return {
    productName: p.productName,
    description: p.description,
    productType: p.productType,
    vendor: p.vendor,
    productStatus: p.productStatus,
    tags: p.tags,
    productUrl: p.productUrl,
  };
}

/** A central product as a store takes it (ProductPort.create/update). Currency is the store's; weight goes in kg. */
export function toProductInput(p: CentralProduct): ProductInput {
  return {
    ...productFields(p),
    images: p.images.filter((i) => (i.type ?? 'image') === 'image').map((i) => ({ url: i.url, altText: i.altText ?? null })),
    variants: p.variants.map((v) => ({
      title: v.title,
      sku: v.sku,
      price: v.price,
      optionValues: v.optionValues,
      inventory: v.inventory,
      weight: v.weight.find((w) => w.unit === 'kg') ?? null,
    })),
  };
}

/** A store's product as the catalog's import writer takes it, keyed by (provider, remote id). */
export function toCatalogWrite(provider: string, p: RemoteProduct): ImportedProductWrite {
  return {
    ...productFields(p),
    syncSource: provider,
    syncSourceId: p.remoteId,
    variants: p.variants.map((v) => ({
      title: v.title,
      sku: v.sku,
      price: v.price,
      ...(v.currency ? { currency: v.currency } : {}),
      optionValues: v.optionValues,
      inventory: v.inventory,
      weight: v.weight,
    })),
    mediaAssets: p.images.map((i) => ({ url: i.url, altText: i.altText ?? null, type: i.type ?? 'image' })),
  };
}
