import { coerceValue, describeValue } from './coerce-value';
import {
  FILTER_OPERATORS,
  RANGE_OPERATORS,
  type FilterError,
  type FilterOperator,
  type FilterSchema,
  type TypedFilter,
  type ValidateResult,
} from './filter.types';

/**
 * Check raw filters against the declared attributes and coerce their values.
 * Reports every bad filter, not only the first, so a client can fix a request in one go.
 * Operators are matched case-insensitively (`gt` is `GT`); everything else is strict.
 */
export function validate(filters: unknown, schema: FilterSchema): ValidateResult {
  if (!Array.isArray(filters)) {
    return { ok: false, errors: [{ index: -1, attr: '', reason: 'filters must be an array' }] };
  }
  const typed: TypedFilter[] = [];
  const errors: FilterError[] = [];
  filters.forEach((raw, index) => {
    const result = validateOne(raw, index, schema);
    if ('reason' in result) errors.push(result);
    else typed.push(result);
  });
  return errors.length ? { ok: false, errors } : { ok: true, filters: typed };
}

function validateOne(raw: unknown, index: number, schema: FilterSchema): TypedFilter | FilterError {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { index, attr: '', reason: 'a filter must be an object with attr, op and value' };
  }
  const { attr, op, value } = raw as Record<string, unknown>;
  if (typeof attr !== 'string' || attr === '') return { index, attr: '', reason: 'attr must be a non-empty string' };
  const fail = (reason: string): FilterError => ({ index, attr, reason });

  if (!Object.hasOwn(schema, attr)) return fail(`unknown attribute "${attr}"`);
  const type = schema[attr];

  const operator = typeof op === 'string' ? (op.toUpperCase() as FilterOperator) : undefined;
  if (!operator || !FILTER_OPERATORS.includes(operator)) {
    return fail(`unknown operator ${describeValue(op)}; expected one of ${FILTER_OPERATORS.join(', ')}`);
  }
  if (RANGE_OPERATORS.includes(operator) && type !== 'number' && type !== 'time') {
    return fail(`${operator} is for numeric attributes only; "${attr}" is a ${type}`);
  }
  if (value === undefined || value === null) return fail('value is required');

  const members = operator === 'IN' ? inMembers(value) : [value];
  if (typeof members === 'string') return fail(members);

  const values: TypedFilter['values'] = [];
  for (const member of members) {
    const coerced = coerceValue(member, type);
    if (!coerced.ok) return fail(coerced.reason);
    values.push(coerced.value);
  }
  return { attr, op: operator, type, values };
}

/**
 * `IN` takes comma-separated values ("a, b,c": members trimmed), a single JSON
 * scalar, or a JSON array of scalars (members taken as they are, so a string
 * member may contain a comma). Returns the members or the reason they are wrong.
 */
function inMembers(value: unknown): unknown[] | string {
  let members: unknown[];
  if (typeof value === 'string') members = value.split(',').map((m) => m.trim());
  else if (Array.isArray(value)) members = value;
  else members = [value];
  if (members.length === 0) return 'IN needs at least one value';
  if (members.some((m) => m === '' || m === null || m === undefined)) return 'IN has an empty value';
  return members;
}
