import { Column, Entity } from 'typeorm';
import type { ProductStatus } from '@storebridge/contracts';
import { TenantOwnedEntity } from '@storebridge/tenancy';

/** A product of the tenant's own catalog (reference 003). */
@Entity('products')
export class ProductEntity extends TenantOwnedEntity {
  /** Insertion order, the key of list pagination (a uuid has no order, a timestamp has ties). */
  @Column({ type: 'bigint', insert: false, update: false, select: false })
  seq!: string;

  @Column({ name: 'product_name', type: 'text' })
  productName!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'product_type', type: 'text', nullable: true })
  productType!: string | null;

  @Column({ type: 'text', nullable: true })
  vendor!: string | null;

  @Column({ name: 'product_status', type: 'text', default: 'ACTIVE' })
  productStatus!: ProductStatus;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags!: string[];

  @Column({ name: 'product_url', type: 'text', nullable: true })
  productUrl!: string | null;

  /** Where the product came from (e.g. "shopify"); unique with syncSourceId per org. */
  @Column({ name: 'sync_source', type: 'text', nullable: true })
  syncSource!: string | null;

  @Column({ name: 'sync_source_id', type: 'text', nullable: true })
  syncSourceId!: string | null;

  /**
   * The product's unified JSON with variants and images, rewritten by every
   * write (ProductStore.writeOutbox) with PRODUCT_DOCUMENT_SQL; lists send it
   * as is. Never selected into entities.
   */
  @Column({ type: 'text', nullable: true, select: false, insert: false, update: false })
  document!: string | null;

  /** Incremented by every write to the product or its variants, media or options. */
  @Column({ type: 'integer', default: 1 })
  revision!: number;
}
