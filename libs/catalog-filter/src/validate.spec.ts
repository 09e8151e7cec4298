import { formatFilterError, type FilterSchema } from './filter.types';
import { validate } from './validate';

const schema: FilterSchema = { color: 'string', size: 'number', inStock: 'boolean', createdAt: 'time' };

function typed(filters: unknown) {
  const result = validate(filters, schema);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.filters;
}

function errors(filters: unknown) {
  const result = validate(filters, schema);
  if (result.ok) throw new Error('expected errors');
  return result.errors;
}

describe('validate', () => {
  it('accepts an empty list', () => {
    expect(validate([], schema)).toEqual({ ok: true, filters: [] });
  });

  it('coerces values by the declared type', () => {
    expect(
      typed([
        { attr: 'color', op: 'EQ', value: 'blue' },
        { attr: 'size', op: 'GT', value: '45' },
        { attr: 'inStock', op: 'EQ', value: 'true' },
        { attr: 'createdAt', op: 'GE', value: '2024-01-01T00:00:00Z' },
      ]),
    ).toEqual([
      { attr: 'color', op: 'EQ', type: 'string', values: ['blue'] },
      { attr: 'size', op: 'GT', type: 'number', values: [45] },
      { attr: 'inStock', op: 'EQ', type: 'boolean', values: [true] },
      { attr: 'createdAt', op: 'GE', type: 'time', values: [Date.UTC(2024, 0, 1)] },
    ]);
  });

  it('reads operators case-insensitively', () => {
    expect(typed([{ attr: 'size', op: 'le', value: 3 }])[0].op).toBe('LE');
  });

  describe.each(['LT', 'LE', 'GT', 'GE'])('%s', (op) => {
    it('works on number and time', () => {
      expect(typed([{ attr: 'size', op, value: '1.5' }])[0].values).toEqual([1.5]);
      expect(typed([{ attr: 'createdAt', op, value: 1700000000 }])[0].values).toEqual([1700000000000]);
    });
    it.each(['color', 'inStock'])('is refused on the non-numeric attribute %s', (attr) => {
      expect(errors([{ attr, op, value: 'true' }])[0]).toEqual({
        index: 0,
        attr,
        reason: expect.stringMatching(new RegExp(`^${op} is for numeric attributes only`)),
      });
    });
    it('refuses a non-numeric value', () => {
      expect(errors([{ attr: 'size', op, value: 'big' }])[0].reason).toBe('value "big" is not a number');
    });
  });

  describe('IN', () => {
    it('splits on commas and trims members', () => {
      expect(typed([{ attr: 'color', op: 'IN', value: 'red, navy blue ,green' }])[0].values).toEqual([
        'red',
        'navy blue',
        'green',
      ]);
    });
    it('coerces every member', () => {
      expect(typed([{ attr: 'size', op: 'IN', value: '40,41.5, 42' }])[0].values).toEqual([40, 41.5, 42]);
      expect(typed([{ attr: 'inStock', op: 'IN', value: 'true,false' }])[0].values).toEqual([true, false]);
      expect(typed([{ attr: 'createdAt', op: 'IN', value: '0,2024-01-01' }])[0].values).toEqual([
        0,
        Date.UTC(2024, 0, 1),
      ]);
    });
    it('takes a single JSON scalar as one member', () => {
      expect(typed([{ attr: 'size', op: 'IN', value: 45 }])[0].values).toEqual([45]);
    });
    it('takes a JSON array without splitting its strings', () => {
      expect(typed([{ attr: 'color', op: 'IN', value: ['a,b', ' c'] }])[0].values).toEqual(['a,b', ' c']);
    });
    it.each(['', 'a,,b', 'a, ', ',a', []])('refuses empty members in %p', (value) => {
      expect(errors([{ attr: 'color', op: 'IN', value }])[0].reason).toMatch(/^IN (has an empty value|needs at least one value)$/);
    });
    it('names the member that does not coerce', () => {
      expect(errors([{ attr: 'size', op: 'IN', value: '1,x,3' }])[0].reason).toBe('value "x" is not a number');
    });
  });

  describe('EQ', () => {
    it('does not trim strings', () => {
      expect(typed([{ attr: 'color', op: 'EQ', value: ' a ' }])[0].values).toEqual([' a ']);
    });
    it('takes a comma as part of the value', () => {
      expect(typed([{ attr: 'color', op: 'EQ', value: 'a,b' }])[0].values).toEqual(['a,b']);
    });
    it('accepts only true/false for booleans', () => {
      expect(errors([{ attr: 'inStock', op: 'EQ', value: 'yes' }])[0].reason).toMatch(/is not a boolean/);
    });
  });

  it('reports every bad filter with its index and attribute', () => {
    const found = errors([
      { attr: 'color', op: 'EQ', value: 'ok' },
      { attr: 'weight', op: 'EQ', value: '1' },
      { attr: 'size', op: 'LIKE', value: '1' },
      { attr: 'size', op: 'EQ' },
      { attr: 'size', op: 'EQ', value: null },
      'color:EQ:red',
      { op: 'EQ', value: 1 },
    ]);
    expect(found).toEqual([
      { index: 1, attr: 'weight', reason: 'unknown attribute "weight"' },
      { index: 2, attr: 'size', reason: 'unknown operator "LIKE"; expected one of EQ, LT, LE, GT, GE, IN' },
      { index: 3, attr: 'size', reason: 'value is required' },
      { index: 4, attr: 'size', reason: 'value is required' },
      { index: 5, attr: '', reason: 'a filter must be an object with attr, op and value' },
      { index: 6, attr: '', reason: 'attr must be a non-empty string' },
    ]);
    expect(formatFilterError(found[0])).toBe('filters[1] (weight): unknown attribute "weight"');
  });

  it('does not take attributes from the prototype', () => {
    expect(errors([{ attr: 'constructor', op: 'EQ', value: 'x' }])[0].reason).toBe('unknown attribute "constructor"');
  });

  it('refuses a list that is not an array', () => {
    expect(validate({ attr: 'size' }, schema)).toEqual({
      ok: false,
      errors: [{ index: -1, attr: '', reason: 'filters must be an array' }],
    });
    expect(formatFilterError({ index: -1, attr: '', reason: 'x' })).toBe('filters: x');
  });
});
