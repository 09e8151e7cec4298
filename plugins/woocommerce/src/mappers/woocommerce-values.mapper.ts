import type { Weight, WeightUnit } from '@storebridge/contracts';
import { convertWeight, isoToUnixSeconds, normalizeIso, parseWeightUnit } from '@storebridge/plugin-sdk';

/** `_gmt` timestamps come without an offset ("2017-03-23T20:03:12"): they are UTC. */
export function gmtToIso(gmt: string | null | undefined): string | null {
  if (!gmt) return null;
  return normalizeIso(/(Z|[+-]\d{2}:?\d{2})$/.test(gmt) ? gmt : `${gmt}Z`);
}

export function gmtToUnixSeconds(gmt: string | null | undefined): number | null {
  return isoToUnixSeconds(gmtToIso(gmt));
}

/** Unix seconds → the offset-less form Woo's date filters take with `dates_are_gmt=true`. */
export function unixSecondsToWooGmt(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 19);
}

/** WordPress stores term and title text HTML-escaped; undo the entities it uses. */
export function decodeEntities(text: string): string {
  return text
    .replace(/&#0*39;|&#x0*27;|&apos;/gi, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&ndash;/g, '–')
    .replace(/&mdash;/g, '—')
    .replace(/&amp;/g, '&');
}

/** "" → null: Woo answers empty strings for unset fields. */
export function emptyToNull(value: string | null | undefined): string | null {
  return value === undefined || value === null || value === '' ? null : value;
}

/** The store setting `woocommerce_weight_unit` ("kg", "g", "lbs", "oz") as our unit; null when unknown. */
export function toWeightUnit(raw: unknown): WeightUnit | null {
  return typeof raw === 'string' ? parseWeightUnit(raw) : null;
}

/** A product's `weight` string in the store unit; null when empty or unreadable. */
export function parseWooWeight(raw: string | null | undefined, storeUnit: WeightUnit | null): Weight | null {
  if (!raw || !storeUnit) return null;
  const value = Number(raw);
  return Number.isFinite(value) ? { value, unit: storeUnit } : null;
}

/** A weight as Woo stores it: a decimal string in the store unit, to twelve places (far below any scale's precision). */
export function formatWooWeight(weight: Weight, storeUnit: WeightUnit): string {
  const value = convertWeight(weight.value, weight.unit, storeUnit);
  return Number.isInteger(value) ? String(value) : value.toFixed(12).replace(/0+$/, '').replace(/\.$/, '');
}
