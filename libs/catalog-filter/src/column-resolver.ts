import type { AttrType, TypedFilter } from './filter.types';

/** Registers a value as a query parameter and returns its placeholder, e.g. `$3`. */
export type BindParam = (value: unknown) => string;

/**
 * Turns one validated filter into a boolean SQL expression. A resolver is the
 * only place where SQL text about an attribute is produced; every value goes
 * through `bind`. A NULL result means "no match" (use `(sql) IS NOT TRUE` for the complement).
 */
export interface ColumnResolver {
  condition(filter: TypedFilter, bind: BindParam): string;
}

/** Thrown when filters cannot be compiled: a programming error, not a client's. */
export class FilterCompileError extends Error {
  override readonly name = 'FilterCompileError';
}

const COMPARISON: Record<string, string> = { EQ: '=', LT: '<', LE: '<=', GT: '>', GE: '>=' };

// Plain or double-quoted identifiers, optionally qualified: `p.product_type`, `"Item"."attributes"`.
const IDENT_PART = '(?:[A-Za-z_][A-Za-z0-9_$]*|"(?:[^"\\u0000]|"")+")';
const QUALIFIED_IDENTIFIER = new RegExp(`^${IDENT_PART}(?:\\.${IDENT_PART})*$`);

/** JSONB keys that may appear as SQL literals (see jsonbNumericExpression). */
const SAFE_JSONB_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export function isSafeJsonbKey(key: string): boolean {
  return SAFE_JSONB_KEY.test(key);
}

function assertIdentifier(sql: string, what: string): string {
  if (!QUALIFIED_IDENTIFIER.test(sql)) {
    throw new FilterCompileError(`${what} ${JSON.stringify(sql)} is not a (qualified) SQL identifier`);
  }
  return sql;
}

/**
 * The SQL type a filter's parameters are cast to. Explicit casts keep `= ANY($n)`
 * unambiguous. Whole numbers go as bigint rather than numeric so that an index on
 * an integer column still applies (int4/int8 compare with int8 within one btree
 * family, while int8 = numeric would cast the column and skip its index);
 * numeric and float8 columns take a bigint parameter without casting the column.
 */
export function paramType(filter: TypedFilter): 'text' | 'boolean' | 'bigint' | 'numeric' {
  switch (filter.type) {
    case 'string':
      return 'text';
    case 'boolean':
      return 'boolean';
    case 'time':
      return 'bigint'; // epoch milliseconds, always whole
    default:
      return filter.values.every((v) => Number.isSafeInteger(v)) ? 'bigint' : 'numeric';
  }
}

function comparison(expression: string, filter: TypedFilter, bind: BindParam): string {
  const cast = paramType(filter);
  if (filter.op === 'IN') return `${expression} = ANY(${bind(filter.values)}::${cast}[])`;
  const op = COMPARISON[filter.op];
  if (!op) throw new FilterCompileError(`unknown operator ${JSON.stringify(filter.op)}`);
  return `${expression} ${op} ${bind(filter.values[0])}::${cast}`;
}

/** A column given by trusted code: an identifier, or `{ sql }` for a raw expression (never from input). */
export type ColumnSpec = string | { sql: string };

/**
 * Attributes held in real columns, e.g. `{ productType: 'p.product_type' }`.
 * Column types: string → text/varchar, number → any numeric type, boolean →
 * boolean, time → epoch milliseconds in bigint/numeric (for a timestamptz, map
 * `{ sql: '(extract(epoch from p.created_at) * 1000)' }`). Attributes not in
 * the map go to `fallback` (e.g. `jsonbAttributes('p.attributes')`) or are a
 * compile error.
 */
export function columns(map: Record<string, ColumnSpec>, fallback?: ColumnResolver): ColumnResolver {
  const resolved = new Map<string, string>();
  for (const [attr, spec] of Object.entries(map)) {
    resolved.set(attr, typeof spec === 'string' ? assertIdentifier(spec, `column for "${attr}"`) : `(${spec.sql})`);
  }
  return {
    condition(filter, bind) {
      const expression = resolved.get(filter.attr);
      if (expression !== undefined) return comparison(expression, filter, bind);
      if (fallback) return fallback.condition(filter, bind);
      throw new FilterCompileError(`no column declared for attribute "${filter.attr}"`);
    },
  };
}

/**
 * The numeric view of one JSONB key: the number when the stored value is a
 * JSON number, NULL otherwise (missing, null, "45", true...). The CASE guard is
 * what keeps a string "45" from matching GT 40, and keeps `'abc'::numeric`
 * from raising mid-statement. Use this same expression for the index, e.g.
 *   CREATE INDEX ... ON catalog_item ((<jsonbNumericExpression('attributes', 'size')>))
 * Throws unless `key` passes isSafeJsonbKey.
 */
export function jsonbNumericExpression(column: string, key: string): string {
  assertIdentifier(column, 'JSONB column');
  if (!isSafeJsonbKey(key)) {
    throw new FilterCompileError(`attribute "${key}" cannot be range-filtered in JSONB: not a plain identifier`);
  }
  return `(CASE WHEN jsonb_typeof(${column}->'${key}') = 'number' THEN (${column}->>'${key}')::numeric END)`;
}

/**
 * The JSON value of one JSONB key (`column->'key'`), for equality with a
 * `$n::jsonb` parameter. Use this same expression for an index, e.g.
 *   CREATE INDEX ... ON catalog_item (catalog_id, <jsonbValueExpression('attributes', 'brand')>, sku)
 * Throws unless `key` passes isSafeJsonbKey.
 */
export function jsonbValueExpression(column: string, key: string): string {
  assertIdentifier(column, 'JSONB column');
  if (!isSafeJsonbKey(key)) {
    throw new FilterCompileError(`attribute "${key}" cannot be compared by value in JSONB: not a plain identifier`);
  }
  return `(${column}->'${key}')`;
}

export interface JsonbAttributesOptions {
  /**
   * Attribute types whose EQ compiles to `(column->'key') = $n::jsonb`
   * (jsonbValueExpression) instead of containment, so that a btree index on
   * that expression serves it, in the index's order. Same result: both compare
   * the stored JSON value exactly, type included. Keys that are not plain
   * identifiers keep containment.
   */
  valueEquality?: readonly AttrType[];
}

/**
 * Declared attributes kept in one JSONB column (catalog items' `attributes`).
 *
 * EQ and IN become containment (`col @> $n::jsonb`, `col @> ANY($n::jsonb[])`),
 * which a GIN `jsonb_path_ops` index serves, and which compares JSON types
 * exactly: {"size":"45"} does not contain {"size":45}. The attribute name
 * travels inside the JSON parameter. With `valueEquality`, EQ on the listed
 * types compares the key's value instead (see JsonbAttributesOptions).
 *
 * Range operators need a number out of the document. There the key is written
 * into the SQL as a string literal, because the planner uses an expression
 * index only when the query's expression matches the indexed one, and a `$n`
 * parameter in place of the key can never match an index expression. That is
 * the one place an attribute name reaches SQL text (with value equality, the
 * second), so it must first pass a strict identifier check (letters, digits,
 * underscore; no quotes), which makes the literal incapable of breaking out
 * of its quotes.
 */
export function jsonbAttributes(column: string, options: JsonbAttributesOptions = {}): ColumnResolver {
  assertIdentifier(column, 'JSONB column');
  const contains = (attr: string, value: unknown) => JSON.stringify({ [attr]: value });
  const byValue = new Set(options.valueEquality ?? []);
  return {
    condition(filter, bind) {
      if (filter.op === 'EQ') {
        if (byValue.has(filter.type) && isSafeJsonbKey(filter.attr)) {
          return `${jsonbValueExpression(column, filter.attr)} = ${bind(JSON.stringify(filter.values[0]))}::jsonb`;
        }
        return `${column} @> ${bind(contains(filter.attr, filter.values[0]))}::jsonb`;
      }
      if (filter.op === 'IN') {
        return `${column} @> ANY(${bind(filter.values.map((v) => contains(filter.attr, v)))}::jsonb[])`;
      }
      return comparison(jsonbNumericExpression(column, filter.attr), filter, bind);
    },
  };
}
