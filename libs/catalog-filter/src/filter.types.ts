/** The declared type of an attribute; it decides how filter values are coerced and compared. */
export type AttrType = 'string' | 'number' | 'boolean' | 'time';

export type FilterOperator = 'EQ' | 'LT' | 'LE' | 'GT' | 'GE' | 'IN';

export const FILTER_OPERATORS: readonly FilterOperator[] = ['EQ', 'LT', 'LE', 'GT', 'GE', 'IN'];

/** Range operators compare numerically, so only `number` and `time` attributes accept them. */
export const RANGE_OPERATORS: readonly FilterOperator[] = ['LT', 'LE', 'GT', 'GE'];

/** A filter as it arrives from a request body or query string: unvalidated. */
export interface Filter {
  attr: string;
  op: FilterOperator | string;
  value: unknown;
}

/** Attribute name → declared type. Only attributes listed here can be filtered on. */
export type FilterSchema = Record<string, AttrType>;

/**
 * A validated filter. `values` holds one value, or one or more for `IN`, already
 * coerced to the attribute's type: `string` → string, `number` → finite number,
 * `boolean` → boolean, `time` → integer epoch milliseconds (a number, so time
 * compares like a number in SQL and in memory).
 */
export interface TypedFilter {
  attr: string;
  op: FilterOperator;
  type: AttrType;
  values: Array<string | number | boolean>;
}

/** `index` is the filter's position in the list (-1 when the list itself is wrong). */
export interface FilterError {
  index: number;
  attr: string;
  reason: string;
}

export type ValidateResult = { ok: true; filters: TypedFilter[] } | { ok: false; errors: FilterError[] };

export type ParseResult = { ok: true; filters: Filter[] } | { ok: false; errors: FilterError[] };

/** One line for an API error message: `filters[2] (size): value "abc" is not a number`. */
export function formatFilterError(error: FilterError): string {
  const where = error.index < 0 ? 'filters' : `filters[${error.index}]`;
  return error.attr ? `${where} (${error.attr}): ${error.reason}` : `${where}: ${error.reason}`;
}
