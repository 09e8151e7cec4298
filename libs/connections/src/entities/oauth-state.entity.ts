import { Column, Entity } from 'typeorm';
import { TenantOwnedEntity } from '@storebridge/tenancy';

/** One issued connect `state`; `usedAt` makes it single-use. */
@Entity({ name: 'oauth_states' })
export class OAuthStateEntity extends TenantOwnedEntity {
  @Column({ type: 'text', nullable: true })
  provider!: string | null;

  @Column({ type: 'text', default: 'commerce' })
  category!: string;

  @Column({ name: 'redirect_uri', type: 'text', nullable: true })
  redirectUri!: string | null;

  @Column({ name: 'store_identifier', type: 'text', nullable: true })
  storeIdentifier!: string | null;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;
}
