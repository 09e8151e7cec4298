import { Column, Entity } from 'typeorm';
import { TenantOwnedEntity } from '@storebridge/tenancy';

export type MediaAssetType = 'image' | 'video';
export const MEDIA_ASSET_TYPES: readonly MediaAssetType[] = ['image', 'video'];

@Entity('product_media_assets')
export class ProductMediaAssetEntity extends TenantOwnedEntity {
  @Column({ name: 'product_id', type: 'uuid' })
  productId!: string;

  @Column({ type: 'text' })
  url!: string;

  @Column({ name: 'alt_text', type: 'text', nullable: true })
  altText!: string | null;

  @Column({ type: 'text', default: 'image' })
  type!: MediaAssetType;

  @Column({ type: 'integer', default: 0 })
  position!: number;
}
