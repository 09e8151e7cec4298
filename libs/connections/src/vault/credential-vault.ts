import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Credentials } from '@storebridge/contracts';
import type { KeyRing } from './key-ring';

export interface SealedCredentials {
  keyId: string;
  /** `v1.<keyId>.<iv>.<tag>.<ciphertext>`, base64url parts. */
  envelope: string;
}

export class VaultError extends Error {}

/** What a sealed record belongs to; bound into the ciphertext with its id. */
export type VaultRecordKind = 'connection' | 'oauth-state';

/**
 * Credentials at rest: AES-256-GCM, a random 96-bit IV per record, the auth
 * tag stored beside the ciphertext, and the record's kind and id bound in
 * as additional data so a ciphertext cannot be moved to another record.
 */
export class CredentialVault {
  constructor(private readonly keys: KeyRing) {}

  get currentKeyId(): string {
    return this.keys.currentKeyId;
  }

  seal(recordId: string, credentials: Credentials, kind: VaultRecordKind = 'connection'): SealedCredentials {
    const keyId = this.keys.currentKeyId;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.current, iv);
    cipher.setAAD(Buffer.from(`${kind}:${recordId}`));
    const ct = Buffer.concat([cipher.update(JSON.stringify(credentials), 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return { keyId, envelope: ['v1', keyId, iv.toString('base64url'), tag.toString('base64url'), ct.toString('base64url')].join('.') };
  }

  open(recordId: string, envelope: string, kind: VaultRecordKind = 'connection'): Credentials {
    const [version, keyId, iv, tag, ct] = envelope.split('.');
    if (version !== 'v1' || !keyId || !iv || !tag || ct === undefined) throw new VaultError('credentials record is malformed');
    const key = this.keys.get(keyId);
    if (!key) throw new VaultError(`credentials are encrypted under unknown key ${keyId}`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(`${kind}:${recordId}`));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      const plain = Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
      return JSON.parse(plain) as Credentials;
    } catch {
      // Never echo key or ciphertext material.
      throw new VaultError('credentials could not be decrypted (wrong key or tampered record)');
    }
  }

  /** Re-encrypts under the current key; returns null when it already is. */
  reseal(recordId: string, envelope: string, kind: VaultRecordKind = 'connection'): SealedCredentials | null {
    if (envelope.split('.')[1] === this.keys.currentKeyId) return null;
    return this.seal(recordId, this.open(recordId, envelope, kind), kind);
  }
}
