import { Column, Entity } from 'typeorm';
import { TenantOwnedEntity } from '@storebridge/tenancy';

/** An option assigned to a product; its variants may then use the option's name in optionValues. */
@Entity('product_variant_options')
export class ProductVariantOptionEntity extends TenantOwnedEntity {
  @Column({ name: 'product_id', type: 'uuid' })
  productId!: string;

  @Column({ name: 'option_id', type: 'uuid' })
  optionId!: string;

  @Column({ type: 'integer', default: 0 })
  position!: number;
}
