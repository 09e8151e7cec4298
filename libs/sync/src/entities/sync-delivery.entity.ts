import { Column, Entity } from 'typeorm';
import { TenantOwnedEntity } from '@storebridge/tenancy';

export type DeliveryStatus = 'queued' | 'running' | 'succeeded' | 'skipped' | 'failed';

/** One push request's work on one connection. */
@Entity({ name: 'sync_deliveries' })
export class SyncDeliveryEntity extends TenantOwnedEntity {
  @Column({ name: 'job_id', type: 'uuid' })
  jobId!: string;

  @Column({ name: 'connection_id', type: 'uuid' })
  connectionId!: string;

  @Column({ type: 'text' })
  provider!: string;

  @Column({ name: 'product_id', type: 'uuid', nullable: true })
  productId!: string | null;

  @Column({ type: 'text', default: 'queued' })
  status!: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'remote_id', type: 'text', nullable: true })
  remoteId!: string | null;
}
