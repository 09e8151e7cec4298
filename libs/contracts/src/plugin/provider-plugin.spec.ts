import { isProviderPlugin } from './provider-plugin';
import { RateLimitedError, NotFoundError, CommerceErrorCode, isCommerceError } from '../errors/commerce-error';

describe('isProviderPlugin', () => {
  const valid = {
    code: 'acme',
    displayName: 'Acme',
    auth: { kind: 'api-key' },
    capabilities: {},
    rateLimit: { kind: 'none' },
    createProductPort: () => ({}),
    createOrderPort: () => ({}),
    verifyConnection: async () => undefined,
  };

  it('accepts an object with every required member', () => {
    expect(isProviderPlugin(valid)).toBe(true);
  });

  it.each(['code', 'displayName', 'auth', 'createProductPort', 'verifyConnection'])('rejects one without %s', (key) => {
    expect(isProviderPlugin({ ...valid, [key]: undefined })).toBe(false);
  });

  it('rejects a code that is not a lowercase slug', () => {
    expect(isProviderPlugin({ ...valid, code: 'Acme Store' })).toBe(false);
  });
});

describe('CommerceError taxonomy', () => {
  it('carries a stable code, retryability and the retry-after of rate limits', () => {
    const e = new RateLimitedError('slow down', 2000, { status: 429 });
    expect(e.code).toBe(CommerceErrorCode.RateLimited);
    expect(e.retryable).toBe(true);
    expect(e.retryAfterMs).toBe(2000);
    expect(e.status).toBe(429);
    expect(e.name).toBe('RateLimitedError');
    expect(isCommerceError(e)).toBe(true);
    expect(new NotFoundError('gone').retryable).toBe(false);
    expect(isCommerceError(new Error('x'))).toBe(false);
  });
});
