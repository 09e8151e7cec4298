import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { jsonbNumericExpression } from '@storebridge/catalog-filter';
import { isNumericType, type AttributeDeclaration } from './catalog-attributes';

/**
 * The expression index that serves range filters (LT/LE/GT/GE) on one
 * numeric or time attribute, named after the attribute.
 *
 * Why composite per attribute name rather than partial per catalog:
 * - `(catalog_id, <numeric view of the key>)` serves every catalog that
 *   declares an attribute of that name, so the number of indexes grows with
 *   distinct numeric attribute names, not with catalogs × attributes; a
 *   per-catalog partial index would make every insert into catalog_items
 *   evaluate one predicate per catalog in the database.
 * - `WHERE <expr> IS NOT NULL` keeps rows without a numeric value out of the
 *   index; the planner proves it from any strict comparison on the expression,
 *   so range filters still use it.
 * - The expression is exactly catalog-filter's `jsonbNumericExpression`,
 *   which is what the filters compile to; anything else would not match.
 *
 * It is created in the transaction that declares the attribute. CREATE INDEX
 * holds a SHARE lock on catalog_items while it builds, so the first catalog
 * to declare a new numeric name pauses item writes for the duration of one
 * scan of the table; later catalogs find the index and pay nothing. For a very
 * large shared table, pre-create the index for expected names with CREATE
 * INDEX CONCURRENTLY (same name and definition) and this becomes a no-op.
 */
export function numericIndexName(attribute: string): string {
  const base = `ci_num_${attribute}`;
  if (base.length <= 63) return base;
  const hash = createHash('sha1').update(attribute).digest('hex').slice(0, 10);
  return `ci_num_${attribute.slice(0, 45)}_${hash}`;
}

export function numericIndexDefinition(attribute: string): string {
  const expr = jsonbNumericExpression('attributes', attribute);
  return `CREATE INDEX "${numericIndexName(attribute)}" ON catalog_items (catalog_id, ${expr}) WHERE ${expr} IS NOT NULL`;
}

/** Ensure the range-filter index of every numeric/time attribute in `declarations` (inside the caller's transaction). */
export async function ensureNumericIndexes(manager: EntityManager, declarations: AttributeDeclaration[]): Promise<void> {
  for (const d of declarations) {
    if (!isNumericType(d.type)) continue;
    const name = numericIndexName(d.name);
    // Checking first avoids taking CREATE INDEX's table lock when the index exists;
    // the advisory lock makes two first declarations of one name create it once.
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`catalog_items:${name}`]);
    const [row] = await manager.query('SELECT to_regclass($1) IS NOT NULL AS present', [`"${name}"`]);
    if (!row.present) await manager.query(numericIndexDefinition(d.name));
  }
}
