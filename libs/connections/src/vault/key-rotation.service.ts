import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CredentialVault, type VaultRecordKind } from './credential-vault';
import { KeyRing } from './key-ring';

/** Tables that hold sealed credentials (`credentials_enc` + `key_id`), and the kind their rows are sealed as. */
const SEALED_TABLES: ReadonlyArray<readonly [string, VaultRecordKind]> = [
  ['connections', 'connection'],
  ['oauth_states', 'oauth-state'],
];

export interface RotationResult {
  keyId: string;
  reencrypted: number;
  remaining: number;
}

/**
 * Re-encrypts every stored credential under the current master key, in
 * small batches and one row at a time (compare-and-set on the old envelope),
 * so the API keeps serving throughout: instances that still run on the
 * previous key decrypt with it as long as it stays in their key ring.
 * An operator job across all tenants, so it works on the table directly;
 * it never returns or logs credential material.
 */
@Injectable()
export class KeyRotationService {
  private readonly logger = new Logger('KeyRotation');

  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: KeyRing,
    private readonly vault: CredentialVault,
  ) {}

  /** Makes `newKey` current first when given (outside production the generated key file is updated). */
  async rotate(opts: { newKey?: string; batchSize?: number } = {}): Promise<RotationResult> {
    if (opts.newKey) this.keys.use(opts.newKey);
    const keyId = this.keys.currentKeyId;
    let reencrypted = 0;
    let remaining = 0;
    // Connections, and keys a provider delivered that wait for the merchant's return (minutes at most).
    for (const [table, kind] of SEALED_TABLES) {
      const done = await this.rotateTable(table, kind, keyId, opts.batchSize ?? 200);
      reencrypted += done.reencrypted;
      remaining += done.remaining;
    }
    this.logger.log(`credentials re-encrypted under key ${keyId}: ${reencrypted}; unreadable: ${remaining}`);
    return { keyId, reencrypted, remaining };
  }

  private async rotateTable(table: string, kind: VaultRecordKind, keyId: string, batch: number): Promise<{ reencrypted: number; remaining: number }> {
    let reencrypted = 0;
    let failed = new Set<string>();
    for (;;) {
      const rows: Array<{ id: string; credentials_enc: string }> = await this.dataSource.query(
        `SELECT id, credentials_enc FROM ${table} WHERE credentials_enc IS NOT NULL AND key_id IS DISTINCT FROM $1 AND NOT (id = ANY($2::uuid[])) ORDER BY id LIMIT $3`,
        [keyId, [...failed], batch],
      );
      if (rows.length === 0) break;
      for (const row of rows) {
        try {
          const sealed = this.vault.reseal(row.id, row.credentials_enc, kind);
          if (!sealed) continue;
          await this.dataSource.query(
            `UPDATE ${table} SET credentials_enc = $1, key_id = $2, updated_at = now() WHERE id = $3 AND credentials_enc = $4`,
            [sealed.envelope, sealed.keyId, row.id, row.credentials_enc],
          );
          reencrypted++;
        } catch (e) {
          failed = new Set([...failed, row.id]);
          this.logger.error(`${kind} ${row.id}: could not re-encrypt (${(e as Error).message})`);
        }
      }
    }
    return { reencrypted, remaining: failed.size };
  }
}
