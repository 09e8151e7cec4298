import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Connections1764000003000 implements MigrationInterface {
  name = 'Connections1764000003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE connections (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        org_id uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
        unified_connection_id text NOT NULL,
        provider text NOT NULL,
        category text NOT NULL DEFAULT 'commerce',
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'ACTIVE', 'NEEDS_REAUTH', 'REVOKED')),
        store_identifier text NOT NULL,
        store_base_url text NOT NULL,
        credentials_enc text,
        key_id text,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX connections_unified_connection_id_idx ON connections (unified_connection_id)`);
    await q.query(`CREATE INDEX connections_org_idx ON connections (tenant_id, org_id)`);
    await q.query(`CREATE INDEX connections_key_id_idx ON connections (key_id)`);
    await q.query(`
      CREATE TABLE oauth_states (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        org_id uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
        provider text,
        category text NOT NULL DEFAULT 'commerce',
        redirect_uri text,
        store_identifier text,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX oauth_states_expires_at_idx ON oauth_states (expires_at)`);
    await q.query(`
      CREATE TABLE integration_settings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        org_id uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
        allowed_redirect_uris text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX integration_settings_org_idx ON integration_settings (tenant_id, org_id)`);
    await q.query(`
      CREATE TABLE connection_remote_ids (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        org_id uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
        connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('product', 'variant', 'order')),
        remote_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX connection_remote_ids_key_idx ON connection_remote_ids (connection_id, kind, remote_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE connection_remote_ids`);
    await q.query(`DROP TABLE integration_settings`);
    await q.query(`DROP TABLE oauth_states`);
    await q.query(`DROP TABLE connections`);
  }
}
