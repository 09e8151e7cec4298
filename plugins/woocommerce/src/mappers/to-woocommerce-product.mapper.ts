import { ValidationError, type ProductInput } from '@storebridge/contracts';
import { toDecimalString } from '@storebridge/plugin-sdk';
import type { WoocommerceProductWrite } from '../client/woocommerce-api.types';

/** TODO(woocommerce): unified input → the provider's create/update body. */
export function toWoocommerceProduct(input: ProductInput): WoocommerceProductWrite {
  if (!input.productName?.trim()) throw new ValidationError('productName is required');
  return {
    name: input.productName,
    body: input.description ?? null,
    type: input.productType ?? null,
    brand: input.vendor ?? null,
    state: (input.productStatus ?? 'ACTIVE').toLowerCase() as WoocommerceProductWrite['state'],
    tags: (input.tags ?? []).join(','),
    variants: (input.variants ?? []).map((v) => ({
      ...(v.remoteId ? { id: Number(v.remoteId) } : {}),
      sku: v.sku ?? null,
      price: toDecimalString(v.price ?? 0),
      options: v.optionValues ?? [],
      stock: v.inventory?.totalCount ?? 0,
      weight: v.weight?.value ?? null,
      weight_unit: v.weight?.unit ?? null,
    })),
  };
}
