import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function deriveKey(master: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `storebridge:${purpose}`, 32));
}

/** A key's id: derived from the key, so the same key always has the same id on every instance. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}

export function parseKey(b64: string, name: string): Buffer {
  const key = Buffer.from(b64.trim(), 'base64');
  if (key.length !== 32) throw new Error(`${name} must be 32 bytes, base64-encoded`);
  return key;
}

export function generateKey(): string {
  return randomBytes(32).toString('base64');
}

interface KeyFile {
  current: string;
  keys: Record<string, string>;
}

export interface KeyRingSource {
  production: boolean;
  masterKey?: string;
  previousKeys?: string[];
  dataDir: string;
}

/**
 * The master keys the vault may use: one current key (encrypts) and any
 * earlier ones (decrypt only, until `keys:rotate` has re-encrypted every
 * record). From STOREBRIDGE_MASTER_KEY (+ STOREBRIDGE_PREVIOUS_MASTER_KEYS);
 * outside production, when no key is set, from a generated key file in the
 * data dir that is reused across starts.
 */
export class KeyRing {
  private keys = new Map<string, Buffer>();
  private currentId = '';

  constructor(private readonly source: KeyRingSource) {
    this.load();
  }

  get file(): string {
    return join(this.source.dataDir, 'master-keys.json');
  }

  /** True when the keys live in the generated development file (no env key). */
  get fromFile(): boolean {
    return !this.source.masterKey;
  }

  get currentKeyId(): string {
    return this.currentId;
  }

  get current(): Buffer {
    const key = this.keys.get(this.currentId);
    if (!key) throw new Error('the key ring has no current key');
    return key;
  }

  knownKeyIds(): string[] {
    return [...this.keys.keys()];
  }

  /** The key with this id; re-reads the development file once, so a rotation by the CLI is picked up without a restart. */
  get(keyId: string): Buffer | undefined {
    if (!this.keys.has(keyId) && this.fromFile) this.load();
    return this.keys.get(keyId);
  }

  /** A sub-key for another purpose (e.g. signing `state`), so the master key itself encrypts only. */
  derive(purpose: string): Buffer {
    return deriveKey(this.current, purpose);
  }

  /**
   * That sub-key of every key in the ring, current first: what was signed
   * before a rotation (or by an instance that still runs on the previous
   * key) keeps verifying while the previous key is kept.
   */
  deriveAll(purpose: string): Buffer[] {
    const others = [...this.keys].filter(([id]) => id !== this.currentId).map(([, key]) => key);
    return [this.current, ...others].map((key) => deriveKey(key, purpose));
  }

  /** Makes `key` the current key, keeping the others for decryption. Persists it in the development file. */
  use(keyB64: string): string {
    const key = parseKey(keyB64, 'the new master key');
    const id = keyIdOf(key);
    this.keys.set(id, key);
    this.currentId = id;
    if (this.fromFile) this.writeFile();
    return id;
  }

  private load(): void {
    const { production, masterKey, previousKeys } = this.source;
    if (masterKey) {
      for (const [i, k] of (previousKeys ?? []).entries()) {
        const key = parseKey(k, `STOREBRIDGE_PREVIOUS_MASTER_KEYS[${i}]`);
        this.keys.set(keyIdOf(key), key);
      }
      const key = parseKey(masterKey, 'STOREBRIDGE_MASTER_KEY');
      this.currentId = keyIdOf(key);
      this.keys.set(this.currentId, key);
      return;
    }
    if (production) {
      throw new Error('STOREBRIDGE_MASTER_KEY is required in production (32 random bytes, base64: `openssl rand -base64 32`)');
    }
    if (existsSync(this.file)) {
      const data = JSON.parse(readFileSync(this.file, 'utf8')) as KeyFile;
      for (const [id, k] of Object.entries(data.keys)) this.keys.set(id, parseKey(k, `key ${id} in ${this.file}`));
      if (!this.keys.has(data.current)) throw new Error(`${this.file}: current key ${data.current} is missing`);
      this.currentId = data.current;
      return;
    }
    const key = parseKey(generateKey(), 'generated key');
    this.currentId = keyIdOf(key);
    this.keys.set(this.currentId, key);
    this.writeFile();
  }

  private writeFile(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const data: KeyFile = { current: this.currentId, keys: Object.fromEntries([...this.keys].map(([id, k]) => [id, k.toString('base64')])) };
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(data, null, 2), { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.file);
  }
}
