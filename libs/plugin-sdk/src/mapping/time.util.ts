/** Unix seconds from an ISO 8601 string (any offset); null when absent or invalid. */
export function isoToUnixSeconds(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

/** ISO 8601 in UTC with milliseconds ("2023-11-19T17:00:17.000Z"), as reference 001 shows. */
export function unixSecondsToIso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/** Re-expresses any ISO 8601 timestamp in UTC ("…-05:00" → "…Z"); null when absent or invalid. */
export function normalizeIso(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
