import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-connection settings (e.g. WooCommerce's `hostRateLimit`, the limit of
 * the host in front of a self-hosted store, which the governor paces to),
 * and the settings a connect attempt carries until its connection exists.
 * Always a JSON object: the plugins read keys from it.
 */
export class ConnectionSettings1764000010000 implements MigrationInterface {
  name = 'ConnectionSettings1764000010000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['connections', 'oauth_states']) {
      await q.query(`
        ALTER TABLE ${table}
          ADD COLUMN settings jsonb NOT NULL DEFAULT '{}',
          ADD CONSTRAINT ${table}_settings_object CHECK (jsonb_typeof(settings) = 'object')`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['oauth_states', 'connections']) {
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_settings_object, DROP COLUMN settings`);
    }
  }
}
