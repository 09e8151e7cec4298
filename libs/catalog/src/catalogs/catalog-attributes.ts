import { isSafeJsonbKey, validate, type AttrType, type FilterSchema } from '@storebridge/catalog-filter';

export const ATTRIBUTE_TYPES: readonly AttrType[] = ['string', 'number', 'boolean', 'time'];

/** An attribute a catalog declares; items may carry only declared attributes. */
export interface AttributeDeclaration {
  name: string;
  type: AttrType;
}

/** Item columns that item lists can filter on; no attribute may take their names. */
export const RESERVED_ATTRIBUTE_NAMES: readonly string[] = ['sku', 'price'];

export type AttributeValue = string | number | boolean;

/**
 * Why an attribute name cannot be declared, or null. Names must be plain
 * identifiers because range filters and their expression indexes write the
 * name into SQL text (catalog-filter's jsonbNumericExpression).
 */
export function attributeNameProblem(name: string): string | null {
  if (!isSafeJsonbKey(name)) return `attribute name "${name}" must be letters, digits and underscores (not starting with a digit), at most 63 characters`;
  if (RESERVED_ATTRIBUTE_NAMES.includes(name)) return `attribute name "${name}" is reserved`;
  return null;
}

export function isNumericType(type: AttrType): boolean {
  return type === 'number' || type === 'time';
}

export function schemaOf(declarations: AttributeDeclaration[]): FilterSchema {
  const schema: FilterSchema = Object.create(null);
  for (const d of declarations) schema[d.name] = d.type;
  return schema;
}

export type CoercedValue = { ok: true; value: AttributeValue } | { ok: false; reason: string };

/**
 * An item's attribute value as stored. Strings, numbers and booleans must
 * already have their JSON type (an item is data, not a query string); a time
 * is an ISO 8601 date-time with offset (or unix seconds), parsed exactly as
 * filter values are, and stored as epoch milliseconds so filters compare it.
 */
export function coerceAttributeValue(value: unknown, type: AttrType): CoercedValue {
  switch (type) {
    case 'string':
      return typeof value === 'string' ? { ok: true, value } : { ok: false, reason: 'must be a string' };
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? { ok: true, value } : { ok: false, reason: 'must be a number' };
    case 'boolean':
      return typeof value === 'boolean' ? { ok: true, value } : { ok: false, reason: 'must be a boolean' };
    case 'time': {
      if (typeof value !== 'string' && typeof value !== 'number') return { ok: false, reason: 'must be an ISO 8601 time' };
      // The filter library's own coercion, so an item's time and a filter's time agree to the millisecond.
      const result = validate([{ attr: 'v', op: 'EQ', value }], { v: 'time' });
      if (!result.ok) return { ok: false, reason: 'must be an ISO 8601 time with offset (or unix seconds)' };
      return { ok: true, value: result.filters[0].values[0] };
    }
    default:
      return { ok: false, reason: `has unknown type ${String(type)}` };
  }
}

export type CheckedAttributes = { ok: true; value: Record<string, AttributeValue | null> } | { ok: false; field: string; reason: string };

/**
 * Check an item's `attributes` object against the declarations. With
 * `allowNull` (patches), `null` means "remove this attribute" and is kept as
 * null; otherwise a null attribute is simply left out.
 */
export function checkAttributes(raw: unknown, schema: FilterSchema, allowNull: boolean): CheckedAttributes {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, field: 'attributes', reason: 'must be an object' };
  }
  const value: Record<string, AttributeValue | null> = {};
  for (const [name, v] of Object.entries(raw as Record<string, unknown>)) {
    const field = `attributes.${name}`;
    if (!Object.hasOwn(schema, name)) return { ok: false, field, reason: `"${name}" is not a declared attribute of this catalog` };
    if (v === null) {
      if (allowNull) value[name] = null;
      continue;
    }
    const coerced = coerceAttributeValue(v, schema[name]);
    if (!coerced.ok) return { ok: false, field, reason: `"${name}" ${coerced.reason} (declared ${schema[name]})` };
    value[name] = coerced.value;
  }
  return { ok: true, value };
}

/** Stored attributes as answered: times become ISO strings. */
export function presentAttributes(stored: Record<string, unknown>, schema: FilterSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(stored ?? {})) {
    out[name] = schema[name] === 'time' && typeof v === 'number' ? new Date(v).toISOString() : v;
  }
  return out;
}
