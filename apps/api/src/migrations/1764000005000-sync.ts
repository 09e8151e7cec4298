import type { MigrationInterface, QueryRunner } from 'typeorm';

/** libs/sync: push requests and deliveries, the per-store delivery ledger, import checkpoints, webhook de-duplication. */
export class Sync1764000005000 implements MigrationInterface {
  name = 'Sync1764000005000';

  async up(q: QueryRunner): Promise<void> {
    // A push or import request. Written in the request's transaction; `enqueued_at` stays null until
    // Bull has the job, so the relay re-enqueues anything a Redis outage dropped (transactional outbox).
    await q.query(`
      CREATE TABLE sync_jobs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        org_id uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
        kind text NOT NULL,
        trigger text NOT NULL DEFAULT 'api',
        product_id uuid,
        action text,
        connection_id uuid,
        objects text[] NOT NULL DEFAULT '{}',
        mode text,
        status text NOT NULL DEFAULT 'queued',
        error text,
        idempotency_key text,
        request_hash text,
        enqueued_at timestamptz,
        started_at timestamptz,
        finished_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX sync_jobs_idempotency_idx ON sync_jobs (tenant_id, org_id, idempotency_key) WHERE idempotency_key IS NOT NULL`);
    await q.query(`CREATE INDEX sync_jobs_unqueued_idx ON sync_jobs (created_at) WHERE enqueued_at IS NULL`);

    // One row per (push request, connection): what GET /unified/sync/jobs/:id shows.
    await q.query(`
      CREATE TABLE sync_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        org_id uuid NOT NULL,
        job_id uuid NOT NULL REFERENCES sync_jobs(id) ON DELETE CASCADE,
        connection_id uuid NOT NULL,
        provider text NOT NULL,
        product_id uuid,
        status text NOT NULL DEFAULT 'queued',
        attempts integer NOT NULL DEFAULT 0,
        reason text,
        remote_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (job_id, connection_id)
      )`);

    // The delivery ledger: per (connection, product) the store's id, the hash of what was last pushed,
    // and whether the product came from that store (imports archive what disappeared from it).
    await q.query(`
      CREATE TABLE sync_product_links (
        tenant_id uuid NOT NULL,
        org_id uuid NOT NULL,
        connection_id uuid NOT NULL,
        product_id uuid NOT NULL,
        remote_id text,
        payload_hash text,
        revision integer,
        variant_ids jsonb NOT NULL DEFAULT '{}',
        imported boolean NOT NULL DEFAULT false,
        last_seen_at timestamptz,
        lease_owner text,
        lease_until timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (connection_id, product_id)
      )`);
    await q.query(`CREATE UNIQUE INDEX sync_product_links_remote_idx ON sync_product_links (connection_id, remote_id) WHERE remote_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE sync_delivery_attempts (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        delivery_id uuid NOT NULL REFERENCES sync_deliveries(id) ON DELETE CASCADE,
        attempt integer NOT NULL,
        outcome text NOT NULL,
        message text,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX sync_delivery_attempts_delivery_idx ON sync_delivery_attempts (delivery_id)`);

    // An import's checkpoint per object, saved after every page.
    await q.query(`
      CREATE TABLE sync_import_progress (
        job_id uuid NOT NULL REFERENCES sync_jobs(id) ON DELETE CASCADE,
        object text NOT NULL,
        cursor text,
        since timestamptz,
        pages integer NOT NULL DEFAULT 0,
        records integer NOT NULL DEFAULT 0,
        runs integer NOT NULL DEFAULT 0,
        done boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (job_id, object)
      )`);
    // Per connection: high-water marks of successful imports and the scheduler's bookkeeping.
    await q.query(`
      CREATE TABLE sync_connection_state (
        connection_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        org_id uuid NOT NULL,
        products_hwm timestamptz,
        orders_hwm timestamptz,
        activated_at timestamptz,
        last_scheduled_at timestamptz,
        webhooks_registered boolean NOT NULL DEFAULT false
      )`);
    await q.query(`
      CREATE TABLE sync_webhook_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        org_id uuid NOT NULL,
        connection_id uuid NOT NULL,
        event_id text NOT NULL,
        topic text NOT NULL,
        object text NOT NULL,
        action text NOT NULL,
        remote_id text NOT NULL,
        enqueued_at timestamptz,
        processed_at timestamptz,
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (connection_id, event_id)
      )`);
    await q.query(`CREATE INDEX sync_webhook_events_unqueued_idx ON sync_webhook_events (created_at) WHERE enqueued_at IS NULL`);
    await q.query(`
      CREATE TABLE sync_settings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        org_id uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
        auto_push boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, org_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['sync_settings', 'sync_webhook_events', 'sync_connection_state', 'sync_import_progress', 'sync_delivery_attempts', 'sync_product_links', 'sync_deliveries', 'sync_jobs']) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
