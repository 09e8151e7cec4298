import { Column, Entity, Index } from 'typeorm';
import { AbstractEntity } from '@storebridge/persistence';

/** An organisation inside a tenant: the unit that owns catalogs, connections and tokens. */
@Entity('orgs')
export class OrgEntity extends AbstractEntity {
  @Index()
  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ type: 'text' })
  name!: string;

  /** ISO 4217 code used when a price arrives without one. */
  @Column({ name: 'default_currency', type: 'char', length: 3, default: 'USD' })
  defaultCurrency!: string;
}
