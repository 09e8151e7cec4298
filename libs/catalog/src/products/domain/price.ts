/**
 * Prices travel as decimal strings with two places ("25.00") and are stored
 * as numeric(14,2): never a float. Input may be a number or a string; more
 * than two decimal places is refused rather than silently rounded.
 */
const PRICE_TEXT = /^\d{1,12}(?:\.\d{1,2})?$/;

/** The price as "12.30", or null when it is not a non-negative amount with at most two decimals. */
export function normalizePrice(value: unknown): string | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return null;
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return null;
  }
  if (!PRICE_TEXT.test(text)) return null;
  const [int, frac = ''] = text.split('.');
  return `${BigInt(int)}.${frac.padEnd(2, '0')}`;
}

export function isPrice(value: unknown): boolean {
  return normalizePrice(value) !== null;
}

let currencies: Set<string> | undefined;

/** An active ISO 4217 code as the runtime's ICU knows them (upper case, e.g. "EUR"). */
export function isCurrencyCode(value: unknown): value is string {
  if (typeof value !== 'string' || !/^[A-Z]{3}$/.test(value)) return false;
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  return currencies.has(value);
}
