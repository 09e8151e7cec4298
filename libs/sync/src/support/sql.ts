import type { DataSource, EntityManager } from 'typeorm';

/**
 * Rows of an `UPDATE … RETURNING` or `DELETE … RETURNING`: TypeORM's postgres
 * driver answers those as `[rows, affected]`, and INSERT/SELECT as `rows`.
 */
export async function returning<T>(db: DataSource | EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const out: unknown = await db.query(sql, params);
  if (Array.isArray(out) && out.length === 2 && Array.isArray(out[0]) && typeof out[1] === 'number') return out[0] as T[];
  return out as T[];
}
