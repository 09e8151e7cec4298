import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Catalogs (reference 004) and their items.
 *
 * Item attributes live in one JSONB column. A GIN `jsonb_path_ops` index
 * serves EQ/IN (compiled to containment by catalog-filter). Range filters on
 * numeric attributes use per-attribute expression indexes that the API creates
 * when a catalog declares a number/time attribute (see catalog-indexes.ts), so
 * no migration is needed per attribute.
 */
export class Catalogs1764000001000 implements MigrationInterface {
  name = 'Catalogs1764000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE catalogs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        org_id uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
        name text NOT NULL,
        description text,
        attributes jsonb NOT NULL DEFAULT '[]',
        version integer NOT NULL DEFAULT 0,
        item_count integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX catalogs_scope_idx ON catalogs (tenant_id, org_id, created_at)`);
    await q.query(`
      CREATE TABLE catalog_items (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        org_id uuid NOT NULL,
        catalog_id uuid NOT NULL REFERENCES catalogs(id) ON DELETE CASCADE,
        sku text NOT NULL,
        price numeric,
        product_name text,
        attributes jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Unique SKU per catalog; also the keyset order of item lists and the
    // lookup of single-SKU sync actions (sku = ANY($n)).
    await q.query(`CREATE UNIQUE INDEX catalog_items_catalog_sku_idx ON catalog_items (catalog_id, sku)`);
    await q.query(`CREATE INDEX catalog_items_attributes_idx ON catalog_items USING gin (attributes jsonb_path_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Per-attribute expression indexes (ci_num_*) go with the table.
    await q.query(`DROP TABLE catalog_items`);
    await q.query(`DROP TABLE catalogs`);
  }
}
