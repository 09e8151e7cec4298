import { coerceValue, parseIso8601 } from './coerce-value';

const ok = (value: unknown) => ({ ok: true, value });

describe('coerceValue', () => {
  describe('number', () => {
    it.each([
      ['45', 45],
      [45, 45],
      ['-1.5', -1.5],
      ['.5', 0.5],
      ['1e3', 1000],
      ['-0', 0],
      [-0, 0],
    ])('accepts %p as %p', (raw, value) => {
      expect(coerceValue(raw, 'number')).toEqual(ok(value));
    });
    it.each([' 45', '45 ', '', 'abc', '0x10', 'Infinity', 'NaN', '1e400', Number.NaN, Infinity, true, [], {}])(
      'rejects %p',
      (raw) => {
        const result = coerceValue(raw, 'number');
        expect(result.ok).toBe(false);
        expect(!result.ok && result.reason).toMatch(/is not a number/);
      },
    );
  });

  describe('boolean', () => {
    it.each([
      [true, true],
      ['true', true],
      [false, false],
      ['false', false],
    ])('accepts %p', (raw, value) => {
      expect(coerceValue(raw, 'boolean')).toEqual(ok(value));
    });
    it.each(['TRUE', 'True', 'yes', '1', 1, 0, '', ' true', null])('rejects %p', (raw) => {
      expect(coerceValue(raw, 'boolean').ok).toBe(false);
    });
  });

  describe('string', () => {
    it('keeps strings exactly, blanks and case included', () => {
      expect(coerceValue(' Navy Blue ', 'string')).toEqual(ok(' Navy Blue '));
      expect(coerceValue('', 'string')).toEqual(ok(''));
    });
    it('takes JSON numbers and booleans as their text', () => {
      expect(coerceValue(123, 'string')).toEqual(ok('123'));
      expect(coerceValue(false, 'string')).toEqual(ok('false'));
    });
    it.each([{}, [], Number.NaN])('rejects %p', (raw) => {
      expect(coerceValue(raw, 'string').ok).toBe(false);
    });
  });

  describe('time', () => {
    const ms = Date.UTC(2024, 0, 15, 10, 30, 0);
    it.each([
      ['2024-01-15T10:30:00Z', ms],
      ['2024-01-15T10:30:00.000Z', ms],
      ['2024-01-15T12:30:00+02:00', ms],
      ['2024-01-15T05:30-05:00', ms],
      ['2024-01-15', Date.UTC(2024, 0, 15)],
      ['2024-01-15T10:30:00.1239Z', ms + 123],
      [ms / 1000, ms],
      [String(ms / 1000), ms],
      ['1.5', 1500],
      [0, 0],
    ])('accepts %p as epoch ms %p', (raw, value) => {
      expect(coerceValue(raw, 'time')).toEqual(ok(value));
    });
    it.each([
      '2024-01-15T10:30:00', // no offset: would depend on the server's zone
      '2024-02-30',
      '2024-13-01',
      '2024-01-15T24:00:00Z',
      '2024-01-15 10:30:00Z',
      'yesterday',
      '',
      true,
      1e13, // seconds beyond the Date range
    ])('rejects %p', (raw) => {
      const result = coerceValue(raw, 'time');
      expect(result.ok).toBe(false);
      expect(!result.ok && result.reason).toMatch(/is not a time/);
    });
  });
});

describe('parseIso8601', () => {
  it('agrees with Date.parse on offset date-times', () => {
    for (const text of ['1999-12-31T23:59:59.999Z', '2000-02-29T00:00:00+14:00', '0001-01-01T00:00:00Z']) {
      expect(parseIso8601(text)).toBe(Date.parse(text));
    }
  });
  it('keeps years below 100 as they are', () => {
    expect(new Date(parseIso8601('0045-06-01')!).getUTCFullYear()).toBe(45);
  });
});
