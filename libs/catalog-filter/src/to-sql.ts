import { FilterCompileError, type ColumnResolver } from './column-resolver';
import { FILTER_OPERATORS, RANGE_OPERATORS, type TypedFilter } from './filter.types';

/**
 * Compile validated filters to a parameterised, AND-ed SQL fragment for a WHERE
 * clause. Placeholders start at `$firstParamIndex` so the fragment can join a
 * query that already has parameters. No filters give `TRUE`.
 */
export function toSql(
  filters: TypedFilter[],
  columns: ColumnResolver,
  firstParamIndex = 1,
): { sql: string; params: unknown[] } {
  if (!Number.isSafeInteger(firstParamIndex) || firstParamIndex < 1) {
    throw new FilterCompileError(`firstParamIndex must be a positive integer, got ${firstParamIndex}`);
  }
  const params: unknown[] = [];
  const bind = (value: unknown): string => {
    params.push(value);
    return `$${firstParamIndex + params.length - 1}`;
  };
  if (filters.length === 0) return { sql: 'TRUE', params };
  const parts = filters.map((filter) => {
    assertTyped(filter);
    return `(${columns.condition(filter, bind)})`;
  });
  return { sql: parts.join(' AND '), params };
}

// TypedFilters normally come from validate(); a hand-built one must still make sense.
function assertTyped(filter: TypedFilter): void {
  const arity = filter.op === 'IN' ? filter.values.length >= 1 : filter.values.length === 1;
  if (!FILTER_OPERATORS.includes(filter.op) || !arity) {
    throw new FilterCompileError(`malformed filter on "${filter.attr}": ${filter.op} with ${filter.values.length} values`);
  }
  if (RANGE_OPERATORS.includes(filter.op) && filter.type !== 'number' && filter.type !== 'time') {
    throw new FilterCompileError(`${filter.op} on non-numeric attribute "${filter.attr}"`);
  }
  const expected = filter.type === 'time' ? 'number' : filter.type;
  if (filter.values.some((v) => typeof v !== expected || (typeof v === 'number' && !Number.isFinite(v)))) {
    throw new FilterCompileError(`filter on "${filter.attr}" holds a value that is not a ${filter.type}`);
  }
}
