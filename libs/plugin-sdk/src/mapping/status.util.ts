/** "PARTIALLY_PAID", "partially-paid", "Partially paid" all read as the same key. */
function normalizeKey(raw: string): string {
  return raw.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/**
 * Maps a provider's status vocabulary onto a unified enum, tolerant of case
 * and separators; unknown or missing values give `fallback`.
 */
export function createEnumMapper<U>(table: Record<string, U>, fallback: U): (raw: string | null | undefined) => U {
  const normalized = new Map(Object.entries(table).map(([k, v]) => [normalizeKey(k), v]));
  return (raw) => (raw == null ? fallback : (normalized.get(normalizeKey(raw)) ?? fallback));
}

/** The reverse lookup (unified → provider): the first provider key for each unified value. */
export function invertEnumTable<U extends string>(table: Record<string, U>): Partial<Record<U, string>> {
  const out: Partial<Record<U, string>> = {};
  for (const [k, v] of Object.entries(table)) if (out[v] === undefined) out[v] = k;
  return out;
}
