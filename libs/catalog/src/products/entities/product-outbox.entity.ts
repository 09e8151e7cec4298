import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type ProductChangeKind =
  | 'created'
  | 'updated'
  | 'archived'
  | 'restored'
  | 'variant_created'
  | 'variant_updated'
  | 'variant_deleted'
  | 'media_created'
  | 'media_updated'
  | 'media_deleted'
  | 'media_reordered'
  | 'options_assigned'
  | 'option_removed';

/**
 * One change of a product, written in the transaction of the change
 * (transactional outbox). The push fan-out consumes it later and sets
 * `processed_at`. Ids increase with insertion, not with commit order: a
 * consumer reads unprocessed rows, not "after the last id seen".
 * Not a TenantOwnedEntity (its id is a bigint); rows are written by the
 * products services with the tenant scope of the write.
 */
@Entity('product_outbox')
export class ProductOutboxEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId!: string;

  @Column({ name: 'product_id', type: 'uuid' })
  productId!: string;

  @Column({ type: 'integer' })
  revision!: number;

  @Column({ type: 'text' })
  kind!: ProductChangeKind;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true })
  processedAt!: Date | null;
}
