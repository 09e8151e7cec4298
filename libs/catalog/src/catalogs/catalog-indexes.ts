import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { jsonbNumericExpression, jsonbValueExpression } from '@storebridge/catalog-filter';
import { isNumericType, type AttributeDeclaration } from './catalog-attributes';

/**
 * Per-attribute expression indexes on catalog_items, named after the attribute:
 *
 * - `ci_num_<name>` on `(catalog_id, <numeric view of the key>)` serves range
 *   filters (LT/LE/GT/GE) on a number or time attribute;
 * - `ci_eq_<name>` on `(catalog_id, <JSON value of the key>, sku)` serves EQ
 *   on a string attribute *in SKU order*: a page of a filtered list reads
 *   exactly its own rows, however rare or common the value. The GIN index on
 *   the whole document cannot give that order, so for a rare value it fetched
 *   every match (1000 heap rows for 0.1 % of 1M items) to sort them, and the
 *   planner, which estimates containment from a 100-row histogram, sometimes
 *   walked the (catalog_id, sku) index through 10 % of the catalog instead.
 *   IN, boolean and numeric EQ stay with the GIN index.
 *
 * Why composite per attribute name rather than partial per catalog:
 * - one index serves every catalog that declares an attribute of that name,
 *   so the number of indexes grows with distinct attribute names, not with
 *   catalogs × attributes; a per-catalog partial index would make every
 *   insert into catalog_items evaluate one predicate per catalog;
 * - `WHERE <expr> IS NOT NULL` keeps rows without a value out of the index;
 *   the planner proves it from any strict comparison on the expression, so
 *   filters still use it;
 * - the expressions are exactly catalog-filter's `jsonbNumericExpression` and
 *   `jsonbValueExpression`, which is what the filters compile to (item lists
 *   compile string EQ with `valueEquality: ['string']`); anything else would
 *   not match.
 *
 * They are created in the transaction that declares the attribute. CREATE
 * INDEX holds a SHARE lock on catalog_items while it builds, so the first
 * catalog to declare a new name pauses item writes for the duration of one
 * scan of the table; later catalogs find the index and pay nothing. For a very
 * large shared table, pre-create the index for expected names with CREATE
 * INDEX CONCURRENTLY (same name and definition) and this becomes a no-op.
 */
function indexName(prefix: string, attribute: string): string {
  const base = `${prefix}${attribute}`;
  if (base.length <= 63) return base;
  const hash = createHash('sha1').update(attribute).digest('hex').slice(0, 10);
  return `${prefix}${attribute.slice(0, 52 - prefix.length)}_${hash}`;
}

export function numericIndexName(attribute: string): string {
  return indexName('ci_num_', attribute);
}

export function numericIndexDefinition(attribute: string): string {
  const expr = jsonbNumericExpression('attributes', attribute);
  return `CREATE INDEX "${numericIndexName(attribute)}" ON catalog_items (catalog_id, ${expr}) WHERE ${expr} IS NOT NULL`;
}

export function equalityIndexName(attribute: string): string {
  return indexName('ci_eq_', attribute);
}

export function equalityIndexDefinition(attribute: string): string {
  const expr = jsonbValueExpression('attributes', attribute);
  return `CREATE INDEX "${equalityIndexName(attribute)}" ON catalog_items (catalog_id, ${expr}, sku) WHERE ${expr} IS NOT NULL`;
}

/** The index an attribute of this declaration needs, if any: name and CREATE INDEX statement. */
export function attributeIndex(d: AttributeDeclaration): { name: string; definition: string } | null {
  if (isNumericType(d.type)) return { name: numericIndexName(d.name), definition: numericIndexDefinition(d.name) };
  if (d.type === 'string') return { name: equalityIndexName(d.name), definition: equalityIndexDefinition(d.name) };
  return null;
}

/** Ensure the index of every attribute in `declarations` (inside the caller's transaction). */
export async function ensureAttributeIndexes(manager: EntityManager, declarations: AttributeDeclaration[]): Promise<void> {
  for (const d of declarations) {
    const index = attributeIndex(d);
    if (!index) continue;
    // Checking first avoids taking CREATE INDEX's table lock when the index exists;
    // the advisory lock makes two first declarations of one name create it once.
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`catalog_items:${index.name}`]);
    const [row] = await manager.query('SELECT to_regclass($1) IS NOT NULL AS present', [`"${index.name}"`]);
    if (!row.present) await manager.query(index.definition);
  }
}
