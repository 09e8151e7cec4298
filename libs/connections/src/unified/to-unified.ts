import type { RemoteOrder, RemoteProduct, UnifiedOrder, UnifiedProduct, Weight } from '@storebridge/contracts';
import type { UnifiedIdRow } from './unified-ids.service';

type Expand = (w: Weight | null | undefined) => Weight[];

/** A plugin's product with our stable ids and the weight in every unit (reference 000). */
export function toUnifiedProduct(p: RemoteProduct, productId: string, variantIds: Map<string, UnifiedIdRow>, expandWeight: Expand): UnifiedProduct {
  return {
    ...p,
    id: productId,
    variants: p.variants.map((v) => ({
      ...v,
      id: variantIds.get(v.remoteId)!.id,
      productId,
      weight: expandWeight(v.weight),
    })),
  };
}

/** A plugin's order with our stable id; createdAt is when we first saw it (reference 001). */
export function toUnifiedOrder(o: RemoteOrder, row: UnifiedIdRow): UnifiedOrder {
  const createdAt = row.createdAt.toISOString();
  const remoteUpdated = o.remoteUpdatedAt ? Date.parse(o.remoteUpdatedAt) : NaN;
  const updatedAt = Number.isFinite(remoteUpdated) && remoteUpdated > row.createdAt.getTime() ? new Date(remoteUpdated).toISOString() : createdAt;
  return { ...o, id: row.id, createdAt, updatedAt };
}
