import { Column, Entity } from 'typeorm';
import { TenantOwnedEntity } from '@storebridge/tenancy';

/**
 * One item of a catalog. Written only by the sync, with set-based SQL (see
 * catalog-sync.service.ts); the entity serves reads. `attributes` holds only
 * declared attributes; time values are epoch milliseconds.
 */
@Entity('catalog_items')
export class CatalogItem extends TenantOwnedEntity {
  @Column({ name: 'catalog_id', type: 'uuid' })
  catalogId!: string;

  @Column({ type: 'text' })
  sku!: string;

  @Column({
    type: 'numeric',
    nullable: true,
    transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) },
  })
  price!: number | null;

  @Column({ name: 'product_name', type: 'text', nullable: true })
  productName!: string | null;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  attributes!: Record<string, string | number | boolean>;
}
