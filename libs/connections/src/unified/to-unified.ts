import type { RemoteOrder, RemoteProduct, UnifiedOrder, UnifiedProduct, Weight } from '@storebridge/contracts';
import type { UnifiedIdRow } from './unified-ids.service';

/** Every remote id was mapped before a record is unified; a gap is a bug, not a user error. */
export function idOf(ids: Map<string, UnifiedIdRow>, remoteId: string): string {
  return rowOf(ids, remoteId).id;
}

export function rowOf(ids: Map<string, UnifiedIdRow>, remoteId: string): UnifiedIdRow {
  const row = ids.get(remoteId);
  if (!row) throw new Error(`no unified id for remote record ${remoteId}`);
  return row;
}

type Expand = (w: Weight | null | undefined) => Weight[];

/** A plugin's product with our stable ids and the weight in every unit (reference 000). */
export function toUnifiedProduct(p: RemoteProduct, productId: string, variantIds: Map<string, UnifiedIdRow>, expandWeight: Expand): UnifiedProduct {
  return {
    ...p,
    id: productId,
    variants: p.variants.map((v) => ({
      ...v,
      id: idOf(variantIds, v.remoteId),
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
