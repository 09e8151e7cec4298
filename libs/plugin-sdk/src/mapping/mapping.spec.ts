import fc from 'fast-check';
import { toDecimalString, toDecimalOrNull, sumDecimals } from './money.util';
import { convertWeight, expandWeight, parseWeightUnit } from './weight.util';
import { isoToUnixSeconds, normalizeIso, unixSecondsToIso } from './time.util';
import { createEnumMapper, invertEnumTable } from './status.util';

describe('toDecimalString', () => {
  it.each([
    ['19.9', '19.90'],
    [19.9, '19.90'],
    [1e-9, '0.00'],
    ['1e-9', '0.00'],
    [40, '40.00'],
    ['0.005', '0.01'],
    ['-0.005', '-0.01'],
    ['-0.001', '0.00'],
    [0.1 + 0.2, '0.30'],
    ['1234567890123456789.994', '1234567890123456789.99'],
    [1.005, '1.01'],
    [2.675, '2.68'],
    ['1.5e3', '1500.00'],
    ['007.10', '7.10'],
  ])('%p → %s', (input, expected) => {
    expect(toDecimalString(input)).toBe(expected);
  });

  it('supports other scales and rejects garbage', () => {
    expect(toDecimalString('3.14159', 3)).toBe('3.142');
    expect(toDecimalString('3.6', 0)).toBe('4');
    expect(() => toDecimalString('abc')).toThrow(RangeError);
    expect(() => toDecimalString(Number.NaN)).toThrow(RangeError);
    expect(toDecimalOrNull(null)).toBeNull();
    expect(toDecimalOrNull('')).toBeNull();
  });

  it('agrees with integer cents for any amount of cents', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (cents) => {
        const s = toDecimalString((cents / 100).toString());
        expect(Math.round(Number(s) * 100)).toBe(cents);
        expect(s).toMatch(/^-?\d+\.\d{2}$/);
      }),
    );
  });

  it('sums exactly', () => {
    expect(sumDecimals(['0.1', '0.2', 0.3])).toBe('0.60');
    expect(sumDecimals(['1.00', '-2.50'])).toBe('-1.50');
  });
});

describe('weights', () => {
  it('uses the exact definitions of lb and oz', () => {
    expect(convertWeight(1, 'lb', 'kg')).toBe(0.45359237);
    expect(convertWeight(1, 'oz', 'kg')).toBe(0.028349523125);
    expect(convertWeight(16, 'oz', 'lb')).toBe(1);
    expect(convertWeight(1, 'kg', 'g')).toBe(1000);
  });

  it('expands one weight into all four units, keeping the original value', () => {
    expect(expandWeight({ value: 25, unit: 'oz' })).toEqual([
      { unit: 'kg', value: 0.708738078125 },
      { unit: 'g', value: 708.738078125 },
      { unit: 'oz', value: 25 },
      { unit: 'lb', value: 1.5625 },
    ]);
    expect(expandWeight(null)).toEqual([]);
  });

  it('round-trips through any unit', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e5, noNaN: true }), fc.constantFrom('kg', 'g', 'oz', 'lb' as const), (v, u) => {
        for (const w of expandWeight({ value: v, unit: u })) {
          expect(convertWeight(w.value, w.unit, u)).toBeCloseTo(v, 6);
        }
      }),
    );
  });

  it('reads provider unit names', () => {
    expect(parseWeightUnit('POUNDS')).toBe('lb');
    expect(parseWeightUnit('Kilograms')).toBe('kg');
    expect(parseWeightUnit('stone')).toBeNull();
  });
});

describe('timestamps', () => {
  it('converts ISO with offsets to unix seconds and back to UTC', () => {
    expect(isoToUnixSeconds('2024-04-02T08:59:36-05:00')).toBe(1712066376);
    expect(unixSecondsToIso(1712066376)).toBe('2024-04-02T13:59:36.000Z');
    expect(normalizeIso('2008-01-10T11:00:00-05:00')).toBe('2008-01-10T16:00:00.000Z');
    expect(isoToUnixSeconds(null)).toBeNull();
    expect(isoToUnixSeconds('not a date')).toBeNull();
  });
});

describe('createEnumMapper', () => {
  it('maps case- and separator-insensitively with a fallback', () => {
    const map = createEnumMapper({ PARTIALLY_PAID: 'PartiallyPaid', paid: 'Paid' }, 'Unknown');
    expect(map('partially-paid')).toBe('PartiallyPaid');
    expect(map('PAID')).toBe('Paid');
    expect(map('weird')).toBe('Unknown');
    expect(map(null)).toBe('Unknown');
    expect(invertEnumTable({ PAID: 'Paid', SETTLED: 'Paid' })).toEqual({ Paid: 'PAID' });
  });
});
