// The filter language of storebridge: parse → validate → compile to SQL or to an in-memory predicate.
export type {
  AttrType,
  Filter,
  FilterError,
  FilterOperator,
  FilterSchema,
  ParseResult,
  TypedFilter,
  ValidateResult,
} from './filter.types';
export { FILTER_OPERATORS, RANGE_OPERATORS, formatFilterError } from './filter.types';
export { parseFilterQuery } from './parse-filter-query';
export { validate } from './validate';
export { toPredicate } from './to-predicate';
export { toSql } from './to-sql';
export type { BindParam, ColumnResolver, ColumnSpec, JsonbAttributesOptions } from './column-resolver';
export {
  FilterCompileError,
  columns,
  isSafeJsonbKey,
  jsonbAttributes,
  jsonbNumericExpression,
  jsonbValueExpression,
} from './column-resolver';
