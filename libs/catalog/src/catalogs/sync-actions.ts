import { ApiError } from '@storebridge/contracts';
import { formatFilterError, validate, type FilterSchema, type TypedFilter } from '@storebridge/catalog-filter';
import { checkAttributes, type AttributeValue } from './catalog-attributes';

export const SYNC_ACTION_TYPES = ['ADD', 'PATCH', 'PATCH_MANY', 'REMOVE', 'REMOVE_MANY'] as const;
export type SyncActionType = (typeof SYNC_ACTION_TYPES)[number];
export const MAX_SYNC_ACTIONS = 1000;
export const MAX_SKU_LENGTH = 255;

export interface AddAction {
  type: 'ADD';
  index: number;
  sku: string;
  price: number | null;
  productName: string | null;
  attributes: Record<string, AttributeValue>;
  replaceIfExists: boolean;
}

/** `undefined` leaves a field as it is; null clears it. A null attribute removes that attribute. */
export interface PatchAction {
  type: 'PATCH';
  index: number;
  sku: string;
  price: number | null | undefined;
  productName: string | null | undefined;
  attributes: Record<string, AttributeValue | null>;
  createIfNotExists: boolean;
}

export interface RemoveAction {
  type: 'REMOVE';
  index: number;
  sku: string;
}

export interface PatchManyAction {
  type: 'PATCH_MANY';
  index: number;
  filters: TypedFilter[];
  attributes: Record<string, AttributeValue | null>;
}

export interface RemoveManyAction {
  type: 'REMOVE_MANY';
  index: number;
  filters: TypedFilter[];
}

export type SingleSkuAction = AddAction | PatchAction | RemoveAction;
export type SyncAction = SingleSkuAction | PatchManyAction | RemoveManyAction;

/** An action as the DTO lets it through: an object, nothing more is known. */
export type RawSyncAction = Record<string, unknown>;

const ALLOWED_KEYS: Record<SyncActionType, readonly string[]> = {
  ADD: ['sku', 'price', 'product', 'attributes', 'replaceIfExists'],
  PATCH: ['sku', 'price', 'product', 'attributes', 'createIfNotExists'],
  PATCH_MANY: ['filters', 'attributes', 'matchAll'],
  REMOVE: ['sku'],
  REMOVE_MANY: ['filters', 'matchAll'],
};

class ActionInvalid extends Error {
  constructor(
    readonly field: string | null,
    readonly reason: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(reason);
  }
}

/**
 * The discriminated check of sync actions against the catalog's declared
 * attributes: the DTO has checked the envelope (`type` is a string, `payload`
 * an object, 1..1000 of them); this checks what each type's payload must be.
 * The first bad action is a 400 naming its index.
 */
export function parseSyncActions(raw: readonly object[], schema: FilterSchema): SyncAction[] {
  return raw.map((item, index) => {
    const action = item as RawSyncAction;
    try {
      return parseOne(action, index, schema);
    } catch (e) {
      if (!(e instanceof ActionInvalid)) throw e;
      const where = e.field ? `actions[${index}].payload.${e.field}` : `actions[${index}]`;
      throw ApiError.badRequest('validation_failed', `${where}: ${e.reason}`, {
        index,
        type: typeof action.type === 'string' ? action.type : null,
        field: e.field,
        reason: e.reason,
        ...e.extra,
      });
    }
  });
}

function parseOne(action: RawSyncAction, index: number, schema: FilterSchema): SyncAction {
  const extra = Object.keys(action).filter((k) => k !== 'type' && k !== 'payload');
  if (extra.length) throw new ActionInvalid(null, `unknown property "${extra[0]}" (an action has type and payload)`);
  const type = action.type as SyncActionType;
  if (!SYNC_ACTION_TYPES.includes(type)) {
    throw new ActionInvalid(null, `unknown action type ${JSON.stringify(action.type) ?? 'undefined'}; expected one of ${SYNC_ACTION_TYPES.join(', ')}`);
  }
  if (typeof action.payload !== 'object' || action.payload === null || Array.isArray(action.payload)) {
    throw new ActionInvalid(null, 'payload must be an object');
  }
  const p = action.payload as Record<string, unknown>;
  const unknown = Object.keys(p).filter((k) => !ALLOWED_KEYS[type].includes(k));
  if (unknown.length) throw new ActionInvalid(unknown[0], `is not a property of a ${type} payload (allowed: ${ALLOWED_KEYS[type].join(', ')})`);

  switch (type) {
    case 'ADD':
      return {
        type,
        index,
        sku: sku(p),
        price: price(p) ?? null,
        productName: productName(p) ?? null,
        attributes: attributes(p, schema, false) as Record<string, AttributeValue>,
        replaceIfExists: flag(p, 'replaceIfExists'),
      };
    case 'PATCH':
      return {
        type,
        index,
        sku: sku(p),
        price: price(p),
        productName: productName(p),
        attributes: attributes(p, schema, true),
        createIfNotExists: flag(p, 'createIfNotExists'),
      };
    case 'REMOVE':
      return { type, index, sku: sku(p) };
    case 'PATCH_MANY': {
      const attrs = attributes(p, schema, true);
      if (!Object.hasOwn(p, 'attributes') || Object.keys(attrs).length === 0) {
        throw new ActionInvalid('attributes', 'must name at least one attribute to set');
      }
      return { type, index, filters: filters(p, schema), attributes: attrs };
    }
    case 'REMOVE_MANY':
      return { type, index, filters: filters(p, schema) };
  }
}

function sku(p: Record<string, unknown>): string {
  const v = p['sku'];
  if (typeof v !== 'string' || v.trim() === '') throw new ActionInvalid('sku', 'must be a non-empty string');
  if (v.length > MAX_SKU_LENGTH) throw new ActionInvalid('sku', `must be at most ${MAX_SKU_LENGTH} characters`);
  return v;
}

function price(p: Record<string, unknown>): number | null | undefined {
  if (!Object.hasOwn(p, 'price')) return undefined;
  const v = p['price'];
  if (v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new ActionInvalid('price', 'must be a number >= 0 (or null)');
  return v;
}

function productName(p: Record<string, unknown>): string | null | undefined {
  if (!Object.hasOwn(p, 'product')) return undefined;
  const v = p['product'];
  if (v === null) return null;
  if (typeof v !== 'object' || Array.isArray(v)) throw new ActionInvalid('product', 'must be an object { name }');
  const extra = Object.keys(v).filter((k) => k !== 'name');
  if (extra.length) throw new ActionInvalid(`product.${extra[0]}`, 'is not a property of product (allowed: name)');
  const name = (v as Record<string, unknown>)['name'];
  if (name === undefined || name === null) return null;
  if (typeof name !== 'string') throw new ActionInvalid('product.name', 'must be a string');
  return name;
}

function flag(p: Record<string, unknown>, key: string): boolean {
  const v = p[key];
  if (v === undefined) return false;
  if (typeof v !== 'boolean') throw new ActionInvalid(key, 'must be a boolean');
  return v;
}

function attributes(p: Record<string, unknown>, schema: FilterSchema, allowNull: boolean): Record<string, AttributeValue | null> {
  if (!Object.hasOwn(p, 'attributes') || p['attributes'] === undefined) return {};
  const checked = checkAttributes(p['attributes'], schema, allowNull);
  if (!checked.ok) throw new ActionInvalid(checked.field, checked.reason);
  return checked.value;
}

/**
 * Filters of PATCH_MANY/REMOVE_MANY. An empty list would touch every item:
 * that takes an explicit `matchAll: true`.
 */
function filters(p: Record<string, unknown>, schema: FilterSchema): TypedFilter[] {
  const matchAll = flag(p, 'matchAll');
  const raw = p['filters'] ?? [];
  const result = validate(raw, schema);
  if (!result.ok) {
    throw new ActionInvalid('filters', result.errors.map(formatFilterError).join('; '), { filterErrors: result.errors });
  }
  if (result.filters.length === 0 && !matchAll) {
    throw new ActionInvalid('filters', 'an empty filter list matches every item; send "matchAll": true to mean it');
  }
  if (result.filters.length > 0 && matchAll) {
    throw new ActionInvalid('matchAll', 'matchAll: true cannot be combined with filters');
  }
  return result.filters;
}
