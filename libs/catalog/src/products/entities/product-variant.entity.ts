import { Column, Entity } from 'typeorm';
import type { OptionValue, WeightUnit } from '@storebridge/contracts';
import { TenantOwnedEntity } from '@storebridge/tenancy';

@Entity('product_variants')
export class ProductVariantEntity extends TenantOwnedEntity {
  @Column({ name: 'product_id', type: 'uuid' })
  productId!: string;

  @Column({ type: 'text', nullable: true })
  title!: string | null;

  @Column({ type: 'text', nullable: true })
  sku!: string | null;

  /** numeric(14,2), read back as text: "25.00". */
  @Column({ type: 'numeric', precision: 14, scale: 2, nullable: true })
  price!: string | null;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ name: 'option_values', type: 'jsonb', default: () => "'[]'" })
  optionValues!: OptionValue[];

  @Column({ name: 'inventory_total_count', type: 'integer', default: 0 })
  inventoryTotalCount!: number;

  /** Exact grams (numeric, as text); see domain/weight.ts. */
  @Column({ name: 'weight_grams', type: 'numeric', nullable: true })
  weightGrams!: string | null;

  /** The unit the weight was given in. */
  @Column({ name: 'weight_unit', type: 'text', nullable: true })
  weightUnit!: WeightUnit | null;

  @Column({ type: 'integer', default: 0 })
  position!: number;

  /**
   * A copy of "the product is archived", kept in the same transaction as the
   * product's status, so that SKU uniqueness among non-archived products can
   * be a partial unique index.
   */
  @Column({ name: 'product_archived', type: 'boolean', default: false })
  productArchived!: boolean;
}
