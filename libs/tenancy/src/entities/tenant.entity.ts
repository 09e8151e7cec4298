import { Column, Entity } from 'typeorm';
import { AbstractEntity } from '@storebridge/persistence';

@Entity('tenants')
export class TenantEntity extends AbstractEntity {
  @Column({ type: 'text' })
  name!: string;
}
