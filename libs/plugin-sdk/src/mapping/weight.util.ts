import { WEIGHT_UNITS, type Weight, type WeightUnit } from '@storebridge/contracts';

/** Exact international definitions: 1 lb = 0.45359237 kg, 1 oz = 1/16 lb. */
const KG_PER_UNIT: Record<WeightUnit, number> = {
  kg: 1,
  g: 0.001,
  oz: 0.028349523125,
  lb: 0.45359237,
};

/** 15 significant digits drop binary noise (0.7087380781250001) without losing real precision. */
function clean(n: number): number {
  return Number(n.toPrecision(15));
}

export function convertWeight(value: number, from: WeightUnit, to: WeightUnit): number {
  if (from === to) return value;
  return clean((value * KG_PER_UNIT[from]) / KG_PER_UNIT[to]);
}

/** One weight in every unit (kg, g, oz, lb), as reference 000's responses carry it. */
export function expandWeight(weight: Weight | null | undefined): Weight[] {
  if (!weight) return [];
  return WEIGHT_UNITS.map((unit) => ({ unit, value: convertWeight(weight.value, weight.unit, unit) }));
}

const UNIT_ALIASES: Record<string, WeightUnit> = {
  kg: 'kg', kgs: 'kg', kilogram: 'kg', kilograms: 'kg',
  g: 'g', gr: 'g', gram: 'g', grams: 'g',
  oz: 'oz', ounce: 'oz', ounces: 'oz',
  lb: 'lb', lbs: 'lb', pound: 'lb', pounds: 'lb',
};

/** Reads a provider's unit name ("POUNDS", "lbs", "Kilograms"); null when unknown. */
export function parseWeightUnit(raw: string | null | undefined): WeightUnit | null {
  if (!raw) return null;
  return UNIT_ALIASES[raw.trim().toLowerCase()] ?? null;
}
