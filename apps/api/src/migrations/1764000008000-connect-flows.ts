import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Connect flows beyond plain OAuth: callbacks without `state` are matched by
 * a store key (BigCommerce's app install), and keys a provider delivers out
 * of band wait sealed on their attempt until the browser returns
 * (WooCommerce's `/wc-auth/v1/authorize`).
 */
export class ConnectFlows1764000008000 implements MigrationInterface {
  name = 'ConnectFlows1764000008000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE oauth_states
        ADD COLUMN match_key text,
        ADD COLUMN credentials_enc text,
        ADD COLUMN key_id text,
        ADD COLUMN completed_at timestamptz`);
    await q.query(`CREATE INDEX oauth_states_pending_match_idx ON oauth_states (provider, match_key) WHERE match_key IS NOT NULL AND used_at IS NULL`);
    // The few rows holding keys, found without scanning every attempt ever made (key rotation, expiry wipe).
    await q.query(`CREATE INDEX oauth_states_held_keys_idx ON oauth_states (id) WHERE credentials_enc IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX oauth_states_held_keys_idx`);
    await q.query(`DROP INDEX oauth_states_pending_match_idx`);
    await q.query(`ALTER TABLE oauth_states DROP COLUMN completed_at, DROP COLUMN key_id, DROP COLUMN credentials_enc, DROP COLUMN match_key`);
  }
}
