/**
 * Money as decimal strings, computed on digits rather than floats so that
 * "19.9" becomes "19.90" and 0.1 + 0.2 style drift never reaches a price.
 */

/** Expands a JS number or numeric string (also "1e-9") into plain digits. */
function toPlainDigits(input: string): string {
  const s = input.trim();
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new RangeError(`not a decimal number: "${input}"`);
  const sign = m[1] === '-' ? '-' : '';
  let int = m[2] || '0';
  let frac = m[3] ?? '';
  const exp = m[4] ? Number(m[4]) : 0;
  if (exp > 0) {
    const moved = frac.padEnd(exp, '0');
    int = int + moved.slice(0, exp);
    frac = moved.slice(exp);
  } else if (exp < 0) {
    const padded = int.padStart(-exp + 1, '0');
    frac = padded.slice(padded.length + exp) + frac;
    int = padded.slice(0, padded.length + exp);
  }
  int = int.replace(/^0+(?=\d)/, '');
  return `${sign}${int}${frac ? '.' + frac : ''}`;
}

/**
 * A money amount as a decimal string with `scale` places, rounded half away
 * from zero: 19.9 → "19.90", "1e-9" → "0.00", "-0.005" → "-0.01".
 */
export function toDecimalString(value: string | number | bigint, scale = 2): string {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError(`not a finite amount: ${value}`);
  const plain = toPlainDigits(String(value));
  const negative = plain.startsWith('-');
  const [intPart, fracPart = ''] = plain.replace(/^[+-]/, '').split('.');
  const kept = fracPart.slice(0, scale).padEnd(scale, '0');
  let units = BigInt(intPart + kept);
  if ((fracPart[scale] ?? '0') >= '5') units += 1n;
  if (units === 0n) return scale > 0 ? `0.${'0'.repeat(scale)}` : '0';
  const digits = units.toString().padStart(scale + 1, '0');
  const body = scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return negative ? `-${body}` : body;
}

/** Like toDecimalString but passes null/undefined/"" through as null. */
export function toDecimalOrNull(value: string | number | null | undefined, scale = 2): string | null {
  if (value === null || value === undefined || value === '') return null;
  return toDecimalString(value, scale);
}

/** Sums decimal strings exactly. */
export function sumDecimals(values: Array<string | number>, scale = 2): string {
  const factor = 10n ** BigInt(scale);
  let total = 0n;
  for (const v of values) {
    const s = toDecimalString(v, scale);
    const neg = s.startsWith('-');
    const units = BigInt(s.replace('-', '').replace('.', ''));
    total += neg ? -units : units;
  }
  const neg = total < 0n;
  const abs = neg ? -total : total;
  const body = scale > 0 ? `${abs / factor}.${(abs % factor).toString().padStart(scale, '0')}` : `${abs}`;
  return neg ? `-${body}` : body;
}
