import { VerifiedTokenCache, type CachedToken } from './verified-token-cache';

const token = (tokenId: string): CachedToken => ({ tokenId, tenantId: 't', orgId: 'o', lastUsedAt: null });

describe('VerifiedTokenCache', () => {
  let now = 1_000;
  const clock = () => now;

  it('answers a verified token until its TTL runs out', () => {
    const cache = new VerifiedTokenCache(5_000, 100, clock);
    cache.set('h1', token('a'));
    now += 4_999;
    expect(cache.get('h1')?.tokenId).toBe('a');
    now += 1;
    expect(cache.get('h1')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('forgets a revoked token at once and does not take it back for one TTL', () => {
    const cache = new VerifiedTokenCache(5_000, 100, clock);
    cache.set('h1', token('a'));
    cache.set('h2', token('b'));
    cache.forget('a');
    expect(cache.get('h1')).toBeUndefined();
    expect(cache.get('h2')?.tokenId).toBe('b');
    // A lookup that read the row before the revocation finishes now: not cached.
    cache.set('h1', token('a'));
    expect(cache.get('h1')).toBeUndefined();
    now += 5_000;
    cache.set('h1', token('a'));
    expect(cache.get('h1')?.tokenId).toBe('a');
  });

  it('with a TTL of 0 caches nothing', () => {
    const cache = new VerifiedTokenCache(0, 100, clock);
    cache.set('h1', token('a'));
    expect(cache.get('h1')).toBeUndefined();
  });

  it('drops the oldest entry when full', () => {
    const cache = new VerifiedTokenCache(5_000, 2, clock);
    cache.set('h1', token('a'));
    cache.set('h2', token('b'));
    cache.set('h3', token('c'));
    expect([cache.get('h1'), cache.get('h2')?.tokenId, cache.get('h3')?.tokenId]).toEqual([undefined, 'b', 'c']);
    expect(cache.size).toBe(2);
  });
});
