import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Orders1764000004000 implements MigrationInterface {
  name = 'Orders1764000004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE orders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL,
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        org_id uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
        connection_id uuid NOT NULL,
        provider text NOT NULL,
        remote_id text NOT NULL,
        order_number text,
        order_status text NOT NULL,
        payment_status text NOT NULL,
        fulfillment_status text NOT NULL,
        currency text NOT NULL,
        total_price numeric NOT NULL,
        total_tax numeric NOT NULL,
        total_shipping numeric NOT NULL,
        total_discount numeric NOT NULL,
        line_items jsonb NOT NULL DEFAULT '[]',
        billing_address jsonb,
        shipping_address jsonb,
        customer jsonb,
        remote_created_at timestamptz,
        remote_updated_at timestamptz,
        remote_deleted boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX orders_connection_remote_idx ON orders (connection_id, remote_id)`);
    // The list walks (tenant, org) by seq; the status filters are the common narrowing.
    await q.query(`CREATE INDEX orders_scope_seq_idx ON orders (tenant_id, org_id, seq)`);
    await q.query(`CREATE INDEX orders_scope_status_idx ON orders (tenant_id, org_id, fulfillment_status, order_status)`);
    await q.query(`CREATE INDEX orders_scope_updated_idx ON orders (tenant_id, org_id, (coalesce(remote_updated_at, updated_at)))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE orders`);
  }
}
