import type { FilterSchema, TypedFilter } from './filter.types';
import { toPredicate } from './to-predicate';
import { validate } from './validate';

const schema: FilterSchema = { color: 'string', size: 'number', inStock: 'boolean', createdAt: 'time' };

function where(filters: unknown[]): (item: Record<string, unknown>) => boolean {
  const result = validate(filters, schema);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return toPredicate(result.filters);
}

describe('toPredicate', () => {
  it('matches everything without filters', () => {
    expect(toPredicate([])({})).toBe(true);
  });

  describe('number', () => {
    it('compares numerically, not as text ("45" vs 100)', () => {
      expect(where([{ attr: 'size', op: 'GT', value: '45' }])({ size: 100 })).toBe(true);
      expect(where([{ attr: 'size', op: 'LT', value: '100' }])({ size: 45 })).toBe(true);
    });
    it.each([
      ['EQ', 45, true],
      ['EQ', 45.5, false],
      ['LT', 44, true],
      ['LT', 45, false],
      ['LE', 45, true],
      ['LE', 46, false],
      ['GT', 46, true],
      ['GT', 45, false],
      ['GE', 45, true],
      ['GE', 44, false],
    ])('%s 45 on %p is %p', (op, size, expected) => {
      expect(where([{ attr: 'size', op, value: '45' }])({ size })).toBe(expected);
    });
    it('IN matches any member', () => {
      const inSizes = where([{ attr: 'size', op: 'IN', value: '40, 42.5' }]);
      expect([40, 41, 42.5].map((size) => inSizes({ size }))).toEqual([true, false, true]);
    });
    it.each(['EQ', 'IN', 'LT', 'LE', 'GT', 'GE'])('%s never matches the string "45" stored under a number', (op) => {
      const predicate = where([{ attr: 'size', op, value: op === 'LT' || op === 'GT' ? '44' : '45' }]);
      expect(predicate({ size: 45 })).toBe(op !== 'LT');
      expect(predicate({ size: '45' })).toBe(false);
    });
    it('treats 0 and -0 alike', () => {
      expect(where([{ attr: 'size', op: 'EQ', value: '-0' }])({ size: 0 })).toBe(true);
      expect(where([{ attr: 'size', op: 'IN', value: '0' }])({ size: -0 })).toBe(true);
    });
  });

  describe('string', () => {
    it('EQ is exact and case-sensitive', () => {
      const blue = where([{ attr: 'color', op: 'EQ', value: 'Blue' }]);
      expect(['Blue', 'blue', 'Blue ', 'BLUE'].map((color) => blue({ color }))).toEqual([true, false, false, false]);
    });
    it('IN matches trimmed members exactly', () => {
      const colors = where([{ attr: 'color', op: 'IN', value: 'red , Navy blue' }]);
      expect(['red', 'Navy blue', 'red ', 'navy blue'].map((color) => colors({ color }))).toEqual([
        true,
        true,
        false,
        false,
      ]);
    });
    it('a number stored under a string attribute does not equal its text', () => {
      expect(where([{ attr: 'color', op: 'EQ', value: '1' }])({ color: 1 })).toBe(false);
    });
  });

  describe('boolean', () => {
    it('EQ and IN match booleans only', () => {
      const inStock = where([{ attr: 'inStock', op: 'EQ', value: 'true' }]);
      expect([true, false, 'true', 1].map((v) => inStock({ inStock: v }))).toEqual([true, false, false, false]);
      const either = where([{ attr: 'inStock', op: 'IN', value: 'true,false' }]);
      expect([true, false, 'false', 0].map((v) => either({ inStock: v }))).toEqual([true, true, false, false]);
    });
  });

  describe('time', () => {
    const noon = Date.UTC(2024, 0, 15, 12);
    it('compares instants whatever the input spelling', () => {
      for (const value of ['2024-01-15T12:00:00Z', '2024-01-15T14:00:00+02:00', String(noon / 1000), noon / 1000]) {
        expect(where([{ attr: 'createdAt', op: 'EQ', value }])({ createdAt: noon })).toBe(true);
      }
      expect(where([{ attr: 'createdAt', op: 'GT', value: '2024-01-15T11:59:59.999Z' }])({ createdAt: noon })).toBe(true);
      expect(where([{ attr: 'createdAt', op: 'LT', value: '2024-01-15T12:00:00Z' }])({ createdAt: noon })).toBe(false);
      expect(where([{ attr: 'createdAt', op: 'IN', value: `0,${noon / 1000}` }])({ createdAt: noon })).toBe(true);
    });
    it('takes a Date item value as its instant, never an ISO string', () => {
      const predicate = where([{ attr: 'createdAt', op: 'GE', value: '2024-01-15T12:00:00Z' }]);
      expect(predicate({ createdAt: new Date(noon) })).toBe(true);
      expect(predicate({ createdAt: new Date(Number.NaN) })).toBe(false);
      expect(predicate({ createdAt: '2024-01-15T12:00:00Z' })).toBe(false);
    });
  });

  describe('missing and null attributes', () => {
    const cases: Array<[string, unknown[]]> = [
      ['color', ['EQ:', 'IN:a']],
      ['size', ['EQ:0', 'IN:0', 'LT:1000', 'LE:1000', 'GT:-1000', 'GE:-1000']],
      ['inStock', ['EQ:false', 'IN:true,false']],
      ['createdAt', ['EQ:0', 'LT:2100-01-01', 'GE:0']],
    ];
    it.each(cases)('never match any operator on %s', (attr, ops) => {
      for (const spec of ops as string[]) {
        const [op, value] = spec.split(/:(.*)/);
        const predicate = where([{ attr, op, value }]);
        for (const item of [{}, { [attr]: null }, { [attr]: undefined }, { [attr]: [] }, { [attr]: {} }]) {
          expect(predicate(item)).toBe(false);
        }
      }
    });
    it('does not throw on items that are not objects', () => {
      const predicate = where([{ attr: 'size', op: 'GE', value: 0 }]);
      expect(predicate(null as never)).toBe(false);
      expect(predicate(5 as never)).toBe(false);
    });
  });

  it('ANDs the filters', () => {
    const predicate = where([
      { attr: 'color', op: 'EQ', value: 'blue' },
      { attr: 'size', op: 'GT', value: '45' },
    ]);
    expect(predicate({ color: 'blue', size: 46 })).toBe(true);
    expect(predicate({ color: 'blue', size: 45 })).toBe(false);
    expect(predicate({ color: 'red', size: 46 })).toBe(false);
  });

  it('reads values through a custom getter', () => {
    const filters: TypedFilter[] = [{ attr: 'size', op: 'GT', type: 'number', values: [45] }];
    const predicate = toPredicate(filters, (item: { attributes: Record<string, unknown> }, attr) => item.attributes[attr]);
    expect(predicate({ attributes: { size: 46 } })).toBe(true);
  });
});
