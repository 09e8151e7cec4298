import { Column, Entity, Index } from 'typeorm';
import { TenantOwnedEntity } from '@storebridge/tenancy';

export type RemoteKind = 'product' | 'variant' | 'order';

/** The stable unified id (`id`) of a provider record of one connection. */
@Entity({ name: 'connection_remote_ids' })
@Index(['connectionId', 'kind', 'remoteId'], { unique: true })
export class RemoteIdEntity extends TenantOwnedEntity {
  @Column({ name: 'connection_id', type: 'uuid' })
  connectionId!: string;

  @Column({ type: 'text' })
  kind!: RemoteKind;

  @Column({ name: 'remote_id', type: 'text' })
  remoteId!: string;
}
