import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Central products, variants, options, media assets and the product change outbox (reference 003). */
export class Products1764000002000 implements MigrationInterface {
  name = 'Products1764000002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE products (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY,
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        org_id uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
        product_name text NOT NULL,
        description text,
        product_type text,
        vendor text,
        product_status text NOT NULL DEFAULT 'ACTIVE' CHECK (product_status IN ('ACTIVE', 'DRAFT', 'ARCHIVED')),
        tags text[] NOT NULL DEFAULT '{}',
        product_url text,
        sync_source text,
        sync_source_id text,
        revision integer NOT NULL DEFAULT 1,
        -- The unified JSON of the product with variants and images, rewritten in
        -- the transaction of every write (lists send it as is); NULL = build live.
        document text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT products_sync_source_pair CHECK ((sync_source IS NULL) = (sync_source_id IS NULL))
      )`);
    // Keyset pagination walks an org's products in insertion order.
    await q.query(`CREATE UNIQUE INDEX products_org_seq_idx ON products (org_id, seq)`);
    await q.query(
      `CREATE UNIQUE INDEX products_org_sync_source_uq ON products (org_id, sync_source, sync_source_id) WHERE sync_source IS NOT NULL`,
    );
    await q.query(`CREATE INDEX products_tags_idx ON products USING gin (tags)`);
    // The common list filters, already in page order.
    await q.query(`CREATE INDEX products_org_type_seq_idx ON products (org_id, product_type, seq)`);
    await q.query(`CREATE INDEX products_org_vendor_seq_idx ON products (org_id, vendor, seq)`);

    await q.query(`
      CREATE TABLE product_variants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        org_id uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
        product_id uuid NOT NULL REFERENCES products(id) ON DELETE CASCADE,
        title text,
        sku text,
        price numeric(14, 2) CHECK (price >= 0),
        currency char(3) NOT NULL,
        option_values jsonb NOT NULL DEFAULT '[]',
        inventory_total_count integer NOT NULL DEFAULT 0 CHECK (inventory_total_count >= 0),
        weight_grams numeric CHECK (weight_grams >= 0),
        weight_unit text CHECK (weight_unit IN ('kg', 'g', 'oz', 'lb')),
        position integer NOT NULL DEFAULT 0,
        product_archived boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX product_variants_product_idx ON product_variants (product_id, position)`);
    // SKU is unique per org among variants of products that are not archived.
    await q.query(
      `CREATE UNIQUE INDEX product_variants_org_sku_uq ON product_variants (org_id, sku) WHERE sku IS NOT NULL AND NOT product_archived`,
    );
    await q.query(`CREATE INDEX product_variants_org_sku_idx ON product_variants (org_id, sku)`);

    await q.query(`
      CREATE TABLE variant_options (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        org_id uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
        name text NOT NULL,
        choices text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX variant_options_org_name_uq ON variant_options (org_id, lower(name))`);

    await q.query(`
      CREATE TABLE product_variant_options (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        org_id uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
        product_id uuid NOT NULL REFERENCES products(id) ON DELETE CASCADE,
        option_id uuid NOT NULL REFERENCES variant_options(id) ON DELETE CASCADE,
        position integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT product_variant_options_uq UNIQUE (product_id, option_id)
      )`);
    await q.query(`CREATE INDEX product_variant_options_option_idx ON product_variant_options (option_id)`);

    await q.query(`
      CREATE TABLE product_media_assets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        org_id uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
        product_id uuid NOT NULL REFERENCES products(id) ON DELETE CASCADE,
        url text NOT NULL,
        alt_text text,
        type text NOT NULL DEFAULT 'image' CHECK (type IN ('image', 'video')),
        position integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX product_media_assets_product_idx ON product_media_assets (product_id, position)`);

    // No foreign key to products: change events outlive what they describe.
    await q.query(`
      CREATE TABLE product_outbox (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        org_id uuid NOT NULL,
        product_id uuid NOT NULL,
        revision integer NOT NULL,
        kind text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        processed_at timestamptz
      )`);
    await q.query(`CREATE INDEX product_outbox_pending_idx ON product_outbox (id) WHERE processed_at IS NULL`);
    await q.query(`CREATE INDEX product_outbox_product_idx ON product_outbox (product_id, revision)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE product_outbox`);
    await q.query(`DROP TABLE product_media_assets`);
    await q.query(`DROP TABLE product_variant_options`);
    await q.query(`DROP TABLE variant_options`);
    await q.query(`DROP TABLE product_variants`);
    await q.query(`DROP TABLE products`);
  }
}
