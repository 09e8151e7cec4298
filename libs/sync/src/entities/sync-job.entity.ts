import { Column, Entity } from 'typeorm';
import { TenantOwnedEntity } from '@storebridge/tenancy';

export type SyncJobKind = 'push' | 'import';
export type SyncJobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'partially_failed';
export type PushAction = 'UPSERT' | 'DELETE';
export type ImportObject = 'products' | 'orders';
export type ImportMode = 'incremental' | 'full';

/**
 * A push or import request. Recorded in the request's transaction with
 * `enqueuedAt` null; the relay enqueues any row Bull never got.
 */
@Entity({ name: 'sync_jobs' })
export class SyncJobEntity extends TenantOwnedEntity {
  @Column({ type: 'text' })
  kind!: SyncJobKind;

  /** api, auto (auto-push), schedule, activated, cli. */
  @Column({ type: 'text', default: 'api' })
  trigger!: string;

  @Column({ name: 'product_id', type: 'uuid', nullable: true })
  productId!: string | null;

  @Column({ type: 'text', nullable: true })
  action!: PushAction | null;

  @Column({ name: 'connection_id', type: 'uuid', nullable: true })
  connectionId!: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  objects!: ImportObject[];

  @Column({ type: 'text', nullable: true })
  mode!: ImportMode | null;

  @Column({ type: 'text', default: 'queued' })
  status!: SyncJobStatus;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey!: string | null;

  @Column({ name: 'request_hash', type: 'text', nullable: true })
  requestHash!: string | null;

  @Column({ name: 'enqueued_at', type: 'timestamptz', nullable: true })
  enqueuedAt!: Date | null;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
