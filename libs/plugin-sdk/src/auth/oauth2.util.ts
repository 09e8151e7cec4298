import { randomBytes } from 'node:crypto';
import {
  AuthRevokedError,
  CommerceErrorCode,
  isCommerceError,
  ValidationError,
  type Credentials,
  type HttpClient,
} from '@storebridge/contracts';

/** An unguessable `state` for one authorization round trip (CSRF protection, RFC 6749 §10.12). */
export function generateOAuthState(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

export interface AuthorizeUrlArgs {
  authorizeUrl: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string;
  /** Shopify wants a comma, RFC 6749 a space. */
  scopeSeparator?: string;
  /** Providers differ: Shopify omits response_type, most others require it. */
  responseType?: string | null;
  extraParams?: Record<string, string>;
}

export function buildAuthorizeUrl(args: AuthorizeUrlArgs): string {
  const url = new URL(args.authorizeUrl);
  url.searchParams.set('client_id', args.clientId);
  url.searchParams.set('scope', args.scopes.join(args.scopeSeparator ?? ' '));
  url.searchParams.set('redirect_uri', args.redirectUri);
  url.searchParams.set('state', args.state);
  const responseType = args.responseType === undefined ? 'code' : args.responseType;
  if (responseType) url.searchParams.set('response_type', responseType);
  for (const [k, v] of Object.entries(args.extraParams ?? {})) url.searchParams.set(k, v);
  return url.toString();
}

/** The token endpoint's answer (RFC 6749 §5.1), plus whatever a provider adds. */
export interface TokenResponse {
  access_token: string;
  token_type?: string;
  expires_in?: number;
  refresh_token?: string;
  scope?: string;
  [key: string]: unknown;
}

export function tokenResponseToCredentials(body: TokenResponse, now = Date.now()): Credentials {
  if (!body || typeof body.access_token !== 'string' || body.access_token === '') {
    throw new ValidationError('token endpoint answered without an access_token');
  }
  return {
    accessToken: body.access_token,
    refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : null,
    expiresAt: typeof body.expires_in === 'number' ? now + body.expires_in * 1000 : null,
    scope: typeof body.scope === 'string' ? body.scope : null,
    tokenType: typeof body.token_type === 'string' ? body.token_type : null,
  };
}

export interface TokenRequestArgs {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** `form` is RFC 6749; some providers (Shopify) also take JSON. */
  format?: 'form' | 'json';
  /** Where the client credentials go: the body (most) or HTTP Basic (RFC 6749 §2.3.1). */
  clientAuth?: 'body' | 'basic';
  extra?: Record<string, string>;
}

async function postToken(http: HttpClient, args: TokenRequestArgs, params: Record<string, string>): Promise<TokenResponse> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const fields: Record<string, string> = { ...params, ...(args.extra ?? {}) };
  if ((args.clientAuth ?? 'body') === 'basic') {
    headers.authorization = `Basic ${Buffer.from(`${args.clientId}:${args.clientSecret}`).toString('base64')}`;
  } else {
    fields.client_id = args.clientId;
    fields.client_secret = args.clientSecret;
  }
  let body: unknown;
  if ((args.format ?? 'form') === 'form') {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(fields).toString();
  } else {
    body = fields;
  }
  // A token request is not idempotent (a code is single-use): the client never repeats it once sent.
  const res = await http.request<TokenResponse>({ method: 'POST', url: args.tokenUrl, headers, body, idempotent: false });
  return res.body;
}

export async function exchangeAuthorizationCode(
  http: HttpClient,
  args: TokenRequestArgs & { code: string; redirectUri?: string },
): Promise<Credentials> {
  const params: Record<string, string> = { grant_type: 'authorization_code', code: args.code };
  if (args.redirectUri) params.redirect_uri = args.redirectUri;
  return tokenResponseToCredentials(await postToken(http, args, params));
}

/**
 * Refreshes an access token. A refused refresh (invalid_grant: 400/401) means
 * the user revoked us or the refresh token expired: AuthRevokedError, so the
 * host marks the connection for re-auth instead of retrying.
 */
export async function refreshAccessToken(
  http: HttpClient,
  args: TokenRequestArgs & { refreshToken: string | null | undefined },
): Promise<Credentials> {
  if (!args.refreshToken) throw new AuthRevokedError('no refresh token to renew the access token with');
  try {
    const creds = tokenResponseToCredentials(await postToken(http, args, { grant_type: 'refresh_token', refresh_token: args.refreshToken }));
    // Providers that do not rotate refresh tokens omit it: keep the one we have.
    return { ...creds, refreshToken: creds.refreshToken ?? args.refreshToken };
  } catch (e) {
    if (isCommerceError(e) && (e.code === CommerceErrorCode.Validation || e.code === CommerceErrorCode.AuthRevoked)) {
      throw new AuthRevokedError('the provider refused to refresh the access token', { status: e.status, providerMessage: e.providerMessage, cause: e });
    }
    throw e;
  }
}
