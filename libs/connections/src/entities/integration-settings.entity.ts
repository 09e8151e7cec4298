import { Column, Entity, Index } from 'typeorm';
import { TenantOwnedEntity } from '@storebridge/tenancy';

/** Per-org settings of the connect flow. */
@Entity({ name: 'integration_settings' })
@Index(['tenantId', 'orgId'], { unique: true })
export class IntegrationSettingsEntity extends TenantOwnedEntity {
  /** Where the connect flow may send the user back to (exact match). */
  @Column({ name: 'allowed_redirect_uris', type: 'text', array: true, default: () => "'{}'" })
  allowedRedirectUris!: string[];
}
