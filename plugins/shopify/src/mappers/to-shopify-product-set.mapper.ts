import { ValidationError, type ProductInput, type WeightUnit } from '@storebridge/contracts';
import { toDecimalString } from '@storebridge/plugin-sdk';
import type { ShopifyMedia, ShopifyProductSetInput, ShopifyWeightUnit } from '../client/shopify-admin.types';
import { toGid } from './shopify-gid.mapper';
import { toShopifyFiles } from './to-shopify-files.mapper';

const WEIGHT_UNIT: Record<WeightUnit, ShopifyWeightUnit> = { kg: 'KILOGRAMS', g: 'GRAMS', oz: 'OUNCES', lb: 'POUNDS' };

/** Shopify needs one option; a product without any has "Title: Default Title". */
const DEFAULT_OPTION = { name: 'Title', value: 'Default Title' };

/**
 * Unified product input → `ProductSetInput`. `productSet` replaces the
 * product's options, variants and media with exactly these, so the input must
 * be complete (the adapter merges patches first) and `existingMedia` must be
 * all the product has, for images it already holds to be kept, not uploaded again.
 */
export function toShopifyProductSet(input: ProductInput, ctx: { remoteId?: string; locationId?: string | null; existingMedia?: ShopifyMedia[] }): ShopifyProductSetInput {
  if (!input.productName?.trim()) throw new ValidationError('productName is required');
  const variants = input.variants?.length ? input.variants : [{}];
  const optionNames: string[] = [];
  const optionValues = new Map<string, string[]>();
  const perVariant = variants.map((v) => (v.optionValues?.length ? v.optionValues : [DEFAULT_OPTION]));
  for (const values of perVariant) {
    for (const { name, value } of values) {
      let list = optionValues.get(name);
      if (!list) {
        list = [];
        optionNames.push(name);
        optionValues.set(name, list);
      }
      if (!list.includes(value)) list.push(value);
    }
  }
  const files = toShopifyFiles(input.images, ctx.existingMedia ?? []);
  return {
    ...(ctx.remoteId ? { id: toGid('Product', ctx.remoteId) } : {}),
    title: input.productName,
    descriptionHtml: input.description ?? '',
    productType: input.productType ?? '',
    vendor: input.vendor ?? '',
    status: input.productStatus ?? 'ACTIVE',
    tags: input.tags ?? [],
    productOptions: optionNames.map((name) => ({ name, values: (optionValues.get(name) ?? []).map((value) => ({ name: value })) })),
    variants: variants.map((v, i) => ({
      ...(v.remoteId ? { id: toGid('ProductVariant', v.remoteId) } : {}),
      optionValues: perVariant[i].map((o) => ({ optionName: o.name, name: o.value })),
      ...(v.price !== undefined && v.price !== null ? { price: toDecimalString(v.price) } : {}),
      inventoryItem: {
        ...(v.sku ? { sku: v.sku } : {}),
        ...(v.weight ? { measurement: { weight: { value: v.weight.value, unit: WEIGHT_UNIT[v.weight.unit] } } } : {}),
      },
      ...(v.inventory && ctx.locationId
        ? { inventoryQuantities: [{ locationId: ctx.locationId, name: 'available' as const, quantity: v.inventory.totalCount }] }
        : {}),
    })),
    // Nothing to say on create without images; on update the list always goes, even empty, because it is the new state.
    ...(files.length || ctx.remoteId ? { files } : {}),
  };
}
