import type { MigrationInterface, QueryRunner } from 'typeorm';
import { equalityIndexDefinition, equalityIndexName } from '@storebridge/catalog';

/**
 * Item lists filtered by EQ on a rare value (0.1 % of 1M items) took 24–38 ms;
 * EXPLAIN (ANALYZE, BUFFERS) showed two causes, fixed here:
 *
 * 1. The GIN pending list. With GIN's default `fastupdate`, new entries go to
 *    an unsorted list that every search reads in full until it outgrows
 *    `gin_pending_list_limit` (4 MB) or a vacuum merges it. After a few large
 *    syncs the Bitmap Index Scan alone took 10–43 ms for 1100 rows. 256 kB
 *    keeps fastupdate's batching for writes (a flush merges a couple of
 *    1000-action syncs at once) and bounds what a search reads to 32 pages.
 * 2. No index gives matches in SKU order, so a page of a rare value fetched
 *    every match (~1000 random heap pages) to sort them, and for a value the
 *    planner over-estimated it walked the (catalog_id, sku) index through
 *    10 % of the catalog. String attributes now get `ci_eq_<name>` on
 *    (catalog_id, attributes->'name', sku), created when an attribute is
 *    declared (catalog-indexes.ts); this creates it for the string attributes
 *    catalogs already declare, with the library's own definition.
 */
export class CatalogItemFilterIndexes1764000007000 implements MigrationInterface {
  name = 'CatalogItemFilterIndexes1764000007000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER INDEX catalog_items_attributes_idx SET (gin_pending_list_limit = 256)`);
    // The new limit applies to later inserts; merge what is pending now.
    await q.query(`SELECT gin_clean_pending_list('catalog_items_attributes_idx'::regclass)`);
    const names: Array<{ name: string }> = await q.query(
      `SELECT DISTINCT a->>'name' AS name FROM catalogs, jsonb_array_elements(attributes) a WHERE a->>'type' = 'string' ORDER BY 1`,
    );
    for (const { name } of names) {
      const [row] = await q.query('SELECT to_regclass($1) IS NOT NULL AS present', [`"${equalityIndexName(name)}"`]);
      if (!row.present) await q.query(equalityIndexDefinition(name));
    }
  }

  async down(q: QueryRunner): Promise<void> {
    const indexes: Array<{ name: string }> = await q.query(
      `SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'catalog_items' AND indexname LIKE 'ci\\_eq\\_%'`,
    );
    for (const { name } of indexes) await q.query(`DROP INDEX "${name.replace(/"/g, '""')}"`);
    await q.query(`ALTER INDEX catalog_items_attributes_idx RESET (gin_pending_list_limit)`);
  }
}
