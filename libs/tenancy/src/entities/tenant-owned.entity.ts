import { Column } from 'typeorm';
import { AbstractEntity } from '@storebridge/persistence';

/**
 * Base of every table that belongs to a tenant's org. Read and write such
 * tables only through TenantScopedRepository, which applies the scope.
 */
export abstract class TenantOwnedEntity extends AbstractEntity {
  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId!: string;
}
