import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * libs/sync, push ledger: a create in flight is recorded on the (connection, product) row before the
 * store is asked to create, so a delivery that finds one without a remote id (the worker died between
 * the store's answer and the ledger write) looks the product up at the store instead of creating it twice.
 */
export class PushLedger1764000009000 implements MigrationInterface {
  name = 'PushLedger1764000009000';

  async up(q: QueryRunner): Promise<void> {
    // { token: the run that started the create, skus: the payload's SKUs, at: when }; NULL when no create is pending.
    await q.query(`ALTER TABLE sync_product_links ADD COLUMN create_in_flight jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sync_product_links DROP COLUMN create_in_flight`);
  }
}
