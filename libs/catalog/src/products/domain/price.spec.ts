import { isCurrencyCode, normalizePrice } from './price';

describe('price', () => {
  it('normalizes numbers and strings to two places', () => {
    expect(normalizePrice(40)).toBe('40.00');
    expect(normalizePrice('25')).toBe('25.00');
    expect(normalizePrice('19.9')).toBe('19.90');
    expect(normalizePrice(0.1)).toBe('0.10');
    expect(normalizePrice('007.5')).toBe('7.50');
  });

  it('refuses what is not an amount with at most two decimals', () => {
    for (const bad of [-1, '1.999', 'abc', '', NaN, Infinity, null, {}, '1e3', 1e21]) {
      expect(normalizePrice(bad)).toBeNull();
    }
  });

  it('knows ISO 4217 codes', () => {
    expect(isCurrencyCode('EUR')).toBe(true);
    expect(isCurrencyCode('usd')).toBe(false);
    expect(isCurrencyCode('XYZ')).toBe(false);
  });
});
