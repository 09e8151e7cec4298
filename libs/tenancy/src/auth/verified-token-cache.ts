/** How long a process trusts a token it verified against the database. */
export const VERIFIED_TOKEN_TTL_MS = 5_000;

export interface CachedToken {
  tokenId: string;
  tenantId: string;
  orgId: string;
  /** Epoch ms of the last recorded use (the bookkeeping of `api_tokens.last_used_at`). */
  lastUsedAt: number | null;
}

interface Entry {
  token: CachedToken;
  expiresAt: number;
}

/**
 * Live tokens this process verified in the last `ttlMs`, keyed by the
 * SHA-256 of the secret (never the secret itself), so that a busy client does
 * not cost one token lookup per request.
 *
 * Revocation: `forget(tokenId)` drops the token at once in this process, and
 * keeps it out for one TTL so that a lookup that read the row just before the
 * revocation cannot put it back. Other processes stop accepting it when their
 * entry expires, within `ttlMs`. Only successful lookups are cached: a token
 * created a moment ago in another process is never refused from cache.
 */
export class VerifiedTokenCache {
  private readonly byHash = new Map<string, Entry>();
  private readonly revoked = new Map<string, number>();

  constructor(
    private readonly ttlMs = VERIFIED_TOKEN_TTL_MS,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(hash: string): CachedToken | undefined {
    const entry = this.byHash.get(hash);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.byHash.delete(hash);
      return undefined;
    }
    return entry.token;
  }

  set(hash: string, token: CachedToken): void {
    if (this.ttlMs <= 0) return;
    const now = this.now();
    const revokedUntil = this.revoked.get(token.tokenId);
    if (revokedUntil !== undefined) {
      if (revokedUntil > now) return;
      this.revoked.delete(token.tokenId);
    }
    // Maps iterate in insertion order: the first key is the oldest entry.
    if (this.byHash.size >= this.maxEntries && !this.byHash.has(hash)) {
      const oldest = this.byHash.keys().next();
      if (!oldest.done) this.byHash.delete(oldest.value);
    }
    this.byHash.set(hash, { token, expiresAt: now + this.ttlMs });
  }

  /** The token was revoked: stop accepting it now, and do not cache it again for one TTL. */
  forget(tokenId: string): void {
    const now = this.now();
    for (const [hash, entry] of this.byHash) if (entry.token.tokenId === tokenId) this.byHash.delete(hash);
    for (const [id, until] of this.revoked) if (until <= now) this.revoked.delete(id);
    this.revoked.set(tokenId, now + this.ttlMs);
  }

  get size(): number {
    return this.byHash.size;
  }
}
