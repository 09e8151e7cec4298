import type { Weight, WeightUnit } from '@storebridge/contracts';
import { WEIGHT_UNITS } from '@storebridge/contracts';

/**
 * Weights are kept canonically as an exact decimal number of grams plus the
 * unit the caller gave, and shown in every unit. Conversions use the exact
 * definitions (1 lb = 453.59237 g, 1 oz = 1/16 lb = 28.349523125 g) and
 * decimal arithmetic on bigints, never a float product, so `25 oz` is exactly
 * `708.738078125 g`.
 */

// Every factor in nanograms per unit: all four are whole numbers there.
const NANOGRAMS_PER_UNIT: Record<WeightUnit, bigint> = {
  kg: 1_000_000_000_000n,
  g: 1_000_000_000n,
  oz: 28_349_523_125n,
  lb: 453_592_370_000n,
};

/** Decimal places kept when a conversion does not terminate (e.g. g → oz). */
export const WEIGHT_DECIMALS = 12;

interface Decimal {
  /** value = units / 10^scale */
  units: bigint;
  scale: number;
}

const DECIMAL_TEXT = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** Parse a decimal number or its text exactly (a JS number is taken at its shortest round-trip spelling). */
export function parseDecimal(value: number | string): Decimal {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const m = DECIMAL_TEXT.exec(text);
  if (!m) throw new RangeError(`not a decimal: ${text}`);
  const [, sign, int, frac = '', exp = '0'] = m;
  let units = BigInt(int + frac);
  let scale = frac.length - Number(exp);
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { units: sign === '-' ? -units : units, scale };
}

export function formatDecimal({ units, scale }: Decimal): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  let text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  if (scale > 0) text = text.replace(/\.?0+$/, '');
  return (negative ? '-' : '') + text;
}

/** Exact grams, as decimal text for a Postgres numeric column. */
export function toGrams(weight: Weight): string {
  const d = parseDecimal(weight.value);
  // grams = value * ng/unit / 1e9: exact, since the product is a whole number of nanograms / 10^scale.
  return formatDecimal({ units: d.units * NANOGRAMS_PER_UNIT[weight.unit], scale: d.scale + 9 });
}

/** `grams` in `unit`, exact when it terminates within WEIGHT_DECIMALS places, else rounded half up. */
export function fromGrams(grams: string, unit: WeightUnit): number {
  const d = parseDecimal(grams);
  // value = units / 10^scale * 1e9 / ng  →  scaled by 10^WEIGHT_DECIMALS
  const numerator = d.units * 1_000_000_000n * 10n ** BigInt(WEIGHT_DECIMALS);
  const denominator = 10n ** BigInt(d.scale) * NANOGRAMS_PER_UNIT[unit];
  const sign = numerator < 0n ? -1n : 1n;
  const abs = numerator < 0n ? -numerator : numerator;
  const rounded = ((abs * 2n + denominator) / (denominator * 2n)) * sign;
  return Number(formatDecimal({ units: rounded, scale: WEIGHT_DECIMALS }));
}

/** The weight in every unit, in the order kg, g, oz, lb (reference 000's create response). */
export function weightInAllUnits(grams: string | null): Weight[] {
  if (grams === null) return [];
  return WEIGHT_UNITS.map((unit) => ({ value: fromGrams(grams, unit), unit }));
}

export function isWeightUnit(unit: unknown): unit is WeightUnit {
  return typeof unit === 'string' && (WEIGHT_UNITS as readonly string[]).includes(unit);
}
