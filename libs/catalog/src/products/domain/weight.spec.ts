import { fromGrams, parseDecimal, formatDecimal, toGrams, weightInAllUnits } from './weight';

describe('weight', () => {
  it('converts with the exact definitions of lb and oz', () => {
    expect(toGrams({ value: 1, unit: 'lb' })).toBe('453.59237');
    expect(toGrams({ value: 1, unit: 'oz' })).toBe('28.349523125');
    expect(toGrams({ value: 25, unit: 'oz' })).toBe('708.738078125');
    expect(toGrams({ value: 0.5, unit: 'kg' })).toBe('500');
    expect(toGrams({ value: 0.1, unit: 'oz' })).toBe('2.8349523125');
  });

  it('gives back the unit that was given exactly', () => {
    for (const [value, unit] of [
      [25, 'oz'],
      [0.1, 'lb'],
      [1.2345, 'kg'],
      [0.001, 'g'],
    ] as const) {
      expect(fromGrams(toGrams({ value, unit }), unit)).toBe(value);
    }
  });

  it('lists all four units, exact to 4 decimals', () => {
    const all = weightInAllUnits(toGrams({ value: 25, unit: 'oz' }));
    expect(all.map((w) => w.unit)).toEqual(['kg', 'g', 'oz', 'lb']);
    expect(all.map((w) => w.value)).toEqual([0.708738078125, 708.738078125, 25, 1.5625]);
    const lb = weightInAllUnits(toGrams({ value: 2, unit: 'lb' }));
    expect(lb).toEqual([
      { value: 0.90718474, unit: 'kg' },
      { value: 907.18474, unit: 'g' },
      { value: 32, unit: 'oz' },
      { value: 2, unit: 'lb' },
    ]);
    // 1 g = 0.0352739619495804... oz: rounded half up at 12 places
    expect(fromGrams('1', 'oz')).toBe(0.03527396195);
    expect(fromGrams('1', 'lb')).toBe(0.002204622622);
    expect(weightInAllUnits(null)).toEqual([]);
  });

  it('parses and formats decimals exactly', () => {
    expect(formatDecimal(parseDecimal('1e-7'))).toBe('0.0000001');
    expect(formatDecimal(parseDecimal(1.5e3))).toBe('1500');
    expect(formatDecimal(parseDecimal('-0.50'))).toBe('-0.5');
    expect(() => parseDecimal('abc')).toThrow(RangeError);
  });
});
