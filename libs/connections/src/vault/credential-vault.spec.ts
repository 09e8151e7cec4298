import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CredentialVault } from './credential-vault';
import { generateKey, keyIdOf, KeyRing, parseKey } from './key-ring';

const secret = { accessToken: 'shpat_super_secret_value', refreshToken: null, expiresAt: null };

describe('CredentialVault', () => {
  const key = generateKey();
  const ring = () => new KeyRing({ production: true, masterKey: key, dataDir: '/nonexistent' });

  it('round-trips, with a fresh IV per record and no plaintext in the envelope', () => {
    const vault = new CredentialVault(ring());
    const a = vault.seal('id-1', secret);
    const b = vault.seal('id-1', secret);
    expect(a.envelope).not.toEqual(b.envelope);
    expect(a.envelope).not.toContain('super_secret');
    expect(a.keyId).toBe(keyIdOf(parseKey(key, 'k')));
    expect(vault.open('id-1', a.envelope)).toEqual(secret);
  });

  it('refuses a tampered ciphertext or one moved to another record, without echoing material', () => {
    const vault = new CredentialVault(ring());
    const { envelope } = vault.seal('id-1', secret);
    const parts = envelope.split('.');
    const flipped = Buffer.from(parts[4], 'base64url');
    flipped[0] ^= 1;
    parts[4] = flipped.toString('base64url');
    expect(() => vault.open('id-1', parts.join('.'))).toThrow('could not be decrypted');
    expect(() => vault.open('id-2', envelope)).toThrow('could not be decrypted');
    // Nor can it move between kinds of record that share an id space.
    expect(() => vault.open('id-1', envelope, 'oauth-state')).toThrow('could not be decrypted');
    const held = vault.seal('id-1', secret, 'oauth-state');
    expect(vault.open('id-1', held.envelope, 'oauth-state')).toEqual(secret);
    expect(() => vault.open('id-1', held.envelope)).toThrow('could not be decrypted');
  });

  it('decrypts with a previous key and reseals under the current one', () => {
    const old = new CredentialVault(ring());
    const sealed = old.seal('id-1', secret);
    const next = generateKey();
    const rotated = new CredentialVault(new KeyRing({ production: true, masterKey: next, previousKeys: [key], dataDir: '/x' }));
    expect(rotated.open('id-1', sealed.envelope)).toEqual(secret);
    const resealed = rotated.reseal('id-1', sealed.envelope)!;
    expect(resealed.keyId).toBe(keyIdOf(parseKey(next, 'k')));
    expect(rotated.reseal('id-1', resealed.envelope)).toBeNull();
  });

  it('refuses to start in production without a key', () => {
    expect(() => new KeyRing({ production: true, dataDir: '/x' })).toThrow(/STOREBRIDGE_MASTER_KEY is required in production/);
  });

  it('outside production generates a key file once (mode 600) and reuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-keys-'));
    const first = new KeyRing({ production: false, dataDir: dir });
    const second = new KeyRing({ production: false, dataDir: dir });
    expect(second.currentKeyId).toBe(first.currentKeyId);
    expect(statSync(first.file).mode & 0o777).toBe(0o600);
    const sealed = new CredentialVault(first).seal('r', secret);
    // A rotation written by another process is picked up on the next unknown key id.
    const cli = new KeyRing({ production: false, dataDir: dir });
    cli.use(generateKey());
    const resealed = new CredentialVault(cli).reseal('r', sealed.envelope)!;
    expect(new CredentialVault(first).open('r', resealed.envelope)).toEqual(secret);
    expect(JSON.parse(readFileSync(first.file, 'utf8')).current).toBe(cli.currentKeyId);
  });
});
