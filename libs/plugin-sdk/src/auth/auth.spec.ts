import { AuthRevokedError, ValidationError, type HttpClient, type HttpRequest } from '@storebridge/contracts';
import { hmacSha256, safeEqual, verifyHmacSha256 } from './hmac.util';
import { buildAuthorizeUrl, exchangeAuthorizationCode, generateOAuthState, refreshAccessToken } from './oauth2.util';

describe('HMAC-SHA256', () => {
  // RFC 4231 test case 2.
  const key = 'Jefe';
  const data = 'what do ya want for nothing?';
  const hex = '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843';

  it('signs in hex and base64', () => {
    expect(hmacSha256(key, data, 'hex')).toBe(hex);
    expect(hmacSha256(key, data, 'base64')).toBe(Buffer.from(hex, 'hex').toString('base64'));
  });

  it('verifies, rejecting tampered, truncated and missing signatures', () => {
    expect(verifyHmacSha256(key, data, hex.toUpperCase(), 'hex')).toBe(true);
    expect(verifyHmacSha256(key, Buffer.from(data), Buffer.from(hex, 'hex').toString('base64'), 'base64')).toBe(true);
    expect(verifyHmacSha256(key, data + ' ', hex, 'hex')).toBe(false);
    expect(verifyHmacSha256(key, data, hex.slice(0, -2), 'hex')).toBe(false);
    expect(verifyHmacSha256(key, data, undefined, 'hex')).toBe(false);
    expect(safeEqual('abc', 'abd')).toBe(false);
  });
});

describe('OAuth2 helpers', () => {
  it('builds an authorize URL with state and scopes', () => {
    const state = generateOAuthState();
    expect(state.length).toBeGreaterThanOrEqual(32);
    const url = new URL(
      buildAuthorizeUrl({ authorizeUrl: 'https://p.example/oauth/authorize', clientId: 'cid', redirectUri: 'https://me/cb', scopes: ['a', 'b'], state }),
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({ client_id: 'cid', scope: 'a b', redirect_uri: 'https://me/cb', state, response_type: 'code' });
  });

  function fakeHttp(answer: (req: HttpRequest) => unknown): HttpClient & { calls: HttpRequest[] } {
    const calls: HttpRequest[] = [];
    return {
      calls,
      async request<T>(req: HttpRequest) {
        calls.push(req);
        return { status: 200, headers: {}, body: answer(req) as T };
      },
    };
  }

  it('exchanges a code (form encoded, never retried) and computes expiry', async () => {
    const http = fakeHttp(() => ({ access_token: 'at', refresh_token: 'rt', expires_in: 3600 }));
    const before = Date.now();
    const creds = await exchangeAuthorizationCode(http, { tokenUrl: 'https://p/token', clientId: 'c', clientSecret: 's', code: 'xyz', redirectUri: 'https://me/cb' });
    expect(creds.accessToken).toBe('at');
    expect(creds.refreshToken).toBe('rt');
    expect(creds.expiresAt).toBeGreaterThanOrEqual(before + 3600_000);
    expect(http.calls[0].idempotent).toBe(false);
    expect(Object.fromEntries(new URLSearchParams(http.calls[0].body as string))).toEqual({
      grant_type: 'authorization_code', code: 'xyz', redirect_uri: 'https://me/cb', client_id: 'c', client_secret: 's',
    });
  });

  it('keeps the old refresh token when the provider does not rotate it, and maps refusals to AuthRevokedError', async () => {
    const ok = fakeHttp(() => ({ access_token: 'new' }));
    expect(await refreshAccessToken(ok, { tokenUrl: 'https://p/token', clientId: 'c', clientSecret: 's', refreshToken: 'rt', clientAuth: 'basic' })).toMatchObject({
      accessToken: 'new',
      refreshToken: 'rt',
    });
    expect(ok.calls[0].headers?.authorization).toBe(`Basic ${Buffer.from('c:s').toString('base64')}`);
    const refused: HttpClient = { request: async () => { throw new ValidationError('invalid_grant', { status: 400 }); } };
    await expect(refreshAccessToken(refused, { tokenUrl: 'https://p/token', clientId: 'c', clientSecret: 's', refreshToken: 'rt' })).rejects.toBeInstanceOf(AuthRevokedError);
    await expect(refreshAccessToken(ok, { tokenUrl: 'https://p/token', clientId: 'c', clientSecret: 's', refreshToken: null })).rejects.toBeInstanceOf(AuthRevokedError);
  });
});
