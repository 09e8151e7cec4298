import type { ProductStatus, RemoteProduct } from '@storebridge/contracts';
import { createEnumMapper, isoToUnixSeconds, parseWeightUnit, toDecimalOrNull } from '@storebridge/plugin-sdk';
import type { WoocommerceProduct } from '../client/woocommerce-api.types';

const toStatus = createEnumMapper<ProductStatus>({ active: 'ACTIVE', draft: 'DRAFT', archived: 'ARCHIVED' }, 'DRAFT');

/** TODO(woocommerce): map the provider's product; drive the spec with fixtures from its docs. */
export function toUnifiedProduct(p: WoocommerceProduct): RemoteProduct {
  return {
    remoteId: String(p.id),
    createdTimestamp: isoToUnixSeconds(p.created_at),
    updatedTimestamp: isoToUnixSeconds(p.updated_at),
    productType: p.type || null,
    productName: p.name,
    description: p.body,
    images: [],
    productStatus: toStatus(p.state),
    tags: p.tags ? p.tags.split(',').map((t) => t.trim()).filter(Boolean) : [],
    vendor: p.brand || null,
    productUrl: p.url,
    variants: p.variants.map((v) => {
      const unit = parseWeightUnit(v.weight_unit);
      return {
        remoteId: String(v.id),
        createdTimestamp: isoToUnixSeconds(v.created_at),
        updatedTimestamp: isoToUnixSeconds(v.updated_at),
        title: v.title,
        price: toDecimalOrNull(v.price),
        currency: null,
        sku: v.sku,
        optionValues: v.options.map((o) => ({ name: o.name, value: o.value })),
        inventory: { totalCount: v.stock },
        weight: v.weight !== null && unit ? { value: v.weight, unit } : null,
      };
    }),
  };
}
