import { Column, Entity, Index } from 'typeorm';
import { TenantOwnedEntity } from '@storebridge/tenancy';

export type ConnectionStatus = 'PENDING' | 'ACTIVE' | 'NEEDS_REAUTH' | 'REVOKED';
export const CONNECTION_STATUSES: readonly ConnectionStatus[] = ['PENDING', 'ACTIVE', 'NEEDS_REAUTH', 'REVOKED'];

/** One merchant store linked to an org through a provider plugin. */
@Entity({ name: 'connections' })
export class ConnectionEntity extends TenantOwnedEntity {
  /** The id the connect flow hands out, e.g. `conn_<provider>_8f3a2b`. Unique across tenants. */
  @Index({ unique: true })
  @Column({ name: 'unified_connection_id', type: 'text' })
  unifiedConnectionId!: string;

  @Column({ type: 'text' })
  provider!: string;

  @Column({ type: 'text', default: 'commerce' })
  category!: string;

  @Column({ type: 'text', default: 'PENDING' })
  status!: ConnectionStatus;

  /** What the user typed: shop domain, site URL, store hash... */
  @Column({ name: 'store_identifier', type: 'text' })
  storeIdentifier!: string;

  @Column({ name: 'store_base_url', type: 'text' })
  storeBaseUrl!: string;

  /** AES-256-GCM envelope (see CredentialVault); null once revoked. Never leaves the service. */
  @Column({ name: 'credentials_enc', type: 'text', nullable: true, select: true })
  credentialsEnc!: string | null;

  /** Id of the master key the credentials are encrypted under. */
  @Column({ name: 'key_id', type: 'text', nullable: true })
  keyId!: string | null;

  /**
   * Per-connection options the plugin reads (ProviderPlugin.rateLimitFor,
   * ConnectionContext.settings), e.g. `{ hostRateLimit: { requests, windowSeconds } }`.
   * Checked against the plugin when written (see checkConnectionSettings); never secret.
   */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  settings!: Record<string, unknown>;

  /** A safe, credential-free description of the last failure. */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;
}
