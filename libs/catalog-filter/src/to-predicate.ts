import type { AttrType, TypedFilter } from './filter.types';

type Scalar = string | number | boolean;

function defaultGet<T>(item: T, attr: string): unknown {
  return typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[attr] : undefined;
}

/**
 * The item's value as the filter's type sees it, or undefined when it is
 * missing, null or of another type. This mirrors the SQL side: JSONB
 * containment never equates "45" with 45, and the numeric view of a JSONB key
 * is NULL unless the stored value is a JSON number.
 */
function itemValue(raw: unknown, type: AttrType): Scalar | undefined {
  switch (type) {
    case 'string':
      return typeof raw === 'string' ? raw : undefined;
    case 'boolean':
      return typeof raw === 'boolean' ? raw : undefined;
    case 'number':
      return typeof raw === 'number' && !Number.isNaN(raw) ? raw : undefined;
    case 'time':
      // Time is stored as epoch milliseconds; a Date (what pg returns for
      // timestamptz, what in-memory models often hold) is the same instant.
      if (typeof raw === 'number' && !Number.isNaN(raw)) return raw;
      if (raw instanceof Date && !Number.isNaN(raw.getTime())) return raw.getTime();
      return undefined;
    default:
      return undefined;
  }
}

function matches(filter: TypedFilter, value: Scalar): boolean {
  const [first] = filter.values;
  switch (filter.op) {
    case 'EQ':
      return value === first;
    case 'IN':
      return filter.values.includes(value);
    case 'LT':
      return (value as number) < (first as number);
    case 'LE':
      return (value as number) <= (first as number);
    case 'GT':
      return (value as number) > (first as number);
    case 'GE':
      return (value as number) >= (first as number);
    default:
      return false;
  }
}

/**
 * An in-memory predicate with the same semantics as `toSql`: filters are
 * AND-ed, and a missing, null or wrongly typed attribute matches no operator.
 */
export function toPredicate<T>(
  filters: TypedFilter[],
  get: (item: T, attr: string) => unknown = defaultGet,
): (item: T) => boolean {
  const checks = filters.map((filter) => (item: T) => {
    const value = itemValue(get(item, filter.attr), filter.type);
    return value !== undefined && matches(filter, value);
  });
  return (item: T) => checks.every((check) => check(item));
}
