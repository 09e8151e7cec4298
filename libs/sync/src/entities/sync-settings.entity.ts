import { Column, Entity } from 'typeorm';
import { TenantOwnedEntity } from '@storebridge/tenancy';

/** Per-org sync settings (the connections lib's settings endpoint does not take `autoPush`). */
@Entity({ name: 'sync_settings' })
export class SyncSettingsEntity extends TenantOwnedEntity {
  @Column({ name: 'auto_push', type: 'boolean', default: false })
  autoPush!: boolean;
}
