import { ApiError } from '@storebridge/contracts';
import type { AttributeValue } from './catalog-attributes';
import type { SingleSkuAction } from './sync-actions';

/** What one action did (or, in a dry run, would do) to the number of items. */
export type SyncEffect = 'added' | 'updated' | 'removed';

/** The row an item will hold after the batch, written whole (insert, or replace on conflict). */
export interface UpsertRow {
  sku: string;
  price: number | null;
  productName: string | null;
  attributes: Record<string, AttributeValue>;
  /** The row existed, was removed and added again in this batch: a new item, so a new created_at. */
  recreate: boolean;
}

/** Changes merged into an existing row. `undefined` fields stay; null attributes are removed. */
export interface MergeRow {
  sku: string;
  price: number | null | undefined;
  productName: string | null | undefined;
  attributes: Record<string, AttributeValue | null>;
}

/** The set-based statements that bring the database to the batch's simulated state. */
export interface PlannedBatch {
  deletes: string[];
  upserts: UpsertRow[];
  merges: MergeRow[];
  /** Rows inserted minus rows deleted. */
  itemCountDelta: number;
}

type Pending = ({ kind: 'full' } & Omit<UpsertRow, 'sku'>) | ({ kind: 'merge' } & Omit<MergeRow, 'sku'>);

interface SkuState {
  /** Whether the row is in the database as of the last flush. */
  inDb: boolean;
  /** Whether the item exists once the actions applied so far in this batch take effect. */
  exists: boolean;
  pending: Pending | null;
}

/**
 * Folds consecutive single-SKU actions into one batch, simulating them in
 * memory against what the database holds, so that conflicts and missing SKUs
 * are found with the exact action index before any SQL runs, and a SKU
 * touched several times (ADD then PATCH, REMOVE then ADD...) costs one row
 * write. `known` must say, for every SKU given to `apply`, whether its row is
 * in the database; the caller keeps it true after set-based actions.
 */
export class SyncPlanner {
  private states = new Map<string, SkuState>();

  constructor(private readonly known: Map<string, boolean>) {}

  get isEmpty(): boolean {
    return this.states.size === 0;
  }

  apply(action: SingleSkuAction): SyncEffect {
    const st = this.state(action.sku);
    switch (action.type) {
      case 'ADD': {
        if (st.exists && !action.replaceIfExists) {
          throw ApiError.conflict('item_exists', `actions[${action.index}]: item "${action.sku}" already exists (set replaceIfExists to replace it)`, {
            index: action.index,
            type: action.type,
            sku: action.sku,
          });
        }
        const effect: SyncEffect = st.exists ? 'updated' : 'added';
        const recreate = st.exists ? st.pending?.kind === 'full' && st.pending.recreate : st.inDb;
        st.pending = { kind: 'full', price: action.price, productName: action.productName, attributes: { ...action.attributes }, recreate };
        st.exists = true;
        return effect;
      }
      case 'PATCH': {
        if (!st.exists) {
          if (!action.createIfNotExists) throw notFound(action);
          st.pending = {
            kind: 'full',
            price: action.price ?? null,
            productName: action.productName ?? null,
            attributes: mergeAttributes({}, action.attributes),
            recreate: st.inDb,
          };
          st.exists = true;
          return 'added';
        }
        const p = st.pending;
        if (p === null) {
          st.pending = { kind: 'merge', price: action.price, productName: action.productName, attributes: { ...action.attributes } };
        } else if (p.kind === 'full') {
          if (action.price !== undefined) p.price = action.price;
          if (action.productName !== undefined) p.productName = action.productName;
          p.attributes = mergeAttributes(p.attributes, action.attributes);
        } else {
          if (action.price !== undefined) p.price = action.price;
          if (action.productName !== undefined) p.productName = action.productName;
          p.attributes = { ...p.attributes, ...action.attributes };
        }
        return 'updated';
      }
      case 'REMOVE': {
        if (!st.exists) throw notFound(action);
        st.exists = false;
        st.pending = null;
        return 'removed';
      }
    }
  }

  /** The statements for everything applied since the last flush; afterwards the database is the new baseline. */
  flush(): PlannedBatch {
    const batch: PlannedBatch = { deletes: [], upserts: [], merges: [], itemCountDelta: 0 };
    for (const [sku, st] of this.states) {
      if (st.inDb && !st.exists) {
        batch.deletes.push(sku);
        batch.itemCountDelta--;
      } else if (st.exists && st.pending?.kind === 'full') {
        const { kind: _kind, ...row } = st.pending;
        batch.upserts.push({ sku, ...row });
        if (!st.inDb) batch.itemCountDelta++;
      } else if (st.exists && st.pending?.kind === 'merge') {
        const { kind: _kind, ...row } = st.pending;
        batch.merges.push({ sku, ...row });
      }
      this.known.set(sku, st.exists);
    }
    this.states = new Map();
    return batch;
  }

  private state(sku: string): SkuState {
    let st = this.states.get(sku);
    if (!st) {
      const inDb = this.known.get(sku);
      if (inDb === undefined) throw new Error(`SyncPlanner: existence of SKU ${JSON.stringify(sku)} was not loaded`);
      st = { inDb, exists: inDb, pending: null };
      this.states.set(sku, st);
    }
    return st;
  }
}

/** `base` with `patch` applied: values set, null values removed. */
export function mergeAttributes(
  base: Record<string, AttributeValue>,
  patch: Record<string, AttributeValue | null>,
): Record<string, AttributeValue> {
  const out = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out;
}

function notFound(action: SingleSkuAction): ApiError {
  const hint = action.type === 'PATCH' ? ' (set createIfNotExists to create it)' : '';
  return ApiError.notFound('item_not_found', `actions[${action.index}]: item "${action.sku}" does not exist${hint}`, {
    index: action.index,
    type: action.type,
    sku: action.sku,
  });
}
