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

  /** For providers whose callback carries no state: the key of the store it will name (see StatelessCallback). */
  @Column({ name: 'match_key', type: 'text', nullable: true })
  matchKey!: string | null;

  /** The connection settings the attempt was started with (already checked against its plugin); the new connection gets them. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  settings!: Record<string, unknown>;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;

  /**
   * Keys a provider delivered out of band (KeyProvisioning), sealed by the
   * credential vault, held only until the merchant's browser returns.
   */
  @Column({ name: 'credentials_enc', type: 'text', nullable: true })
  credentialsEnc!: string | null;

  @Column({ name: 'key_id', type: 'text', nullable: true })
  keyId!: string | null;

  /** When the browser's return ended a key-provisioning attempt (single-use, like usedAt). */
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;
}
