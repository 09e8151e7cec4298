import { Column, Entity, Index } from 'typeorm';
import { AbstractEntity } from '@storebridge/persistence';

/** An API token. The secret is shown once at creation; only its SHA-256 is kept. */
@Entity('api_tokens')
export class ApiTokenEntity extends AbstractEntity {
  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Index()
  @Column({ name: 'org_id', type: 'uuid' })
  orgId!: string;

  @Column({ type: 'text', default: '' })
  label!: string;

  @Index({ unique: true })
  @Column({ name: 'token_hash', type: 'char', length: 64, select: false })
  tokenHash!: string;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
