import { Column, Entity } from 'typeorm';
import { TenantOwnedEntity } from '@storebridge/tenancy';

/** An org-level option definition (e.g. Size: S, M, L), assigned to products. */
@Entity('variant_options')
export class VariantOptionEntity extends TenantOwnedEntity {
  @Column({ type: 'text' })
  name!: string;

  /** Ordered values. */
  @Column({ name: 'choices', type: 'text', array: true, default: () => "'{}'" })
  values!: string[];
}
