import type { Filter, FilterError, ParseResult } from './filter.types';

const FILTER_KEYS = new Set(['attr', 'op', 'value']);

/**
 * Read filters from a query string: repeated `?filter=attr:op:value` (the value
 * is everything after the second colon, so it may contain colons) and/or
 * `?filters=<json array of {attr, op, value}>`. The result is raw: pass it to
 * `validate`. Indexes in errors count `filter` entries first, then the JSON ones.
 */
export function parseFilterQuery(filter?: string | string[], filtersJson?: string): ParseResult {
  const filters: Filter[] = [];
  const errors: FilterError[] = [];
  const compact = filter === undefined ? [] : Array.isArray(filter) ? filter : [filter];

  compact.forEach((text, index) => {
    const first = typeof text === 'string' ? text.indexOf(':') : -1;
    const second = first < 0 ? -1 : text.indexOf(':', first + 1);
    if (second < 0) {
      errors.push({ index, attr: '', reason: 'filter must look like attr:op:value' });
      return;
    }
    const attr = text.slice(0, first);
    if (attr === '') {
      errors.push({ index, attr: '', reason: 'filter must look like attr:op:value (attr is empty)' });
      return;
    }
    filters.push({ attr, op: text.slice(first + 1, second), value: text.slice(second + 1) });
  });

  if (filtersJson !== undefined) {
    const offset = compact.length;
    let parsed: unknown;
    try {
      parsed = JSON.parse(filtersJson);
    } catch {
      errors.push({ index: -1, attr: '', reason: 'filters is not valid JSON' });
      return { ok: false, errors };
    }
    if (!Array.isArray(parsed)) {
      errors.push({ index: -1, attr: '', reason: 'filters must be a JSON array of {attr, op, value}' });
      return { ok: false, errors };
    }
    parsed.forEach((entry: unknown, i) => {
      const index = offset + i;
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
        errors.push({ index, attr: '', reason: 'a filter must be an object with attr, op and value' });
        return;
      }
      const record = entry as Record<string, unknown>;
      const attr = typeof record['attr'] === 'string' ? record['attr'] : '';
      const unknown = Object.keys(record).filter((key) => !FILTER_KEYS.has(key));
      if (unknown.length) {
        errors.push({ index, attr, reason: `unknown filter properties: ${unknown.join(', ')}` });
        return;
      }
      // Shape and type checks belong to validate(); keep the raw values.
      filters.push({ attr: record['attr'] as string, op: record['op'] as string, value: record['value'] });
    });
  }
  return errors.length ? { ok: false, errors } : { ok: true, filters };
}
