import { Column, Entity } from 'typeorm';
import { TenantOwnedEntity } from '@storebridge/tenancy';
import type { AttributeDeclaration } from './catalog-attributes';

/** A catalog of items (reference 004): declared attributes, a sync version and an item count. */
@Entity('catalogs')
export class Catalog extends TenantOwnedEntity {
  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  attributes!: AttributeDeclaration[];

  /** Incremented once by every successful sync; clients pass it back for optimistic concurrency. */
  @Column({ type: 'integer', default: 0 })
  version!: number;

  /** Kept in step with the items by the sync, in the same transaction. */
  @Column({ name: 'item_count', type: 'integer', default: 0 })
  itemCount!: number;
}
