import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a connect `state` carries; the row id makes it single-use. */
export interface StatePayload {
  /** oauth_states row id. */
  sid: string;
  tenantId: string;
  orgId: string;
  provider: string | null;
  category: string;
  redirectUri: string | null;
  store: string | null;
  /** Unix milliseconds. */
  exp: number;
}

export type StateCheck = { ok: true; payload: StatePayload } | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' };

/** `<payload>.<hmac>`, both base64url: tamper-evident, not secret (it holds no credentials). */
export function signState(payload: StatePayload, key: Buffer): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`;
}

/** `keys`: the signing key, or every key still accepted (after a master key rotation, the previous ones too). */
export function verifyState(token: string | undefined | null, keys: Buffer | Buffer[], now = Date.now()): StateCheck {
  if (typeof token !== 'string' || token.length > 4096) return { ok: false, reason: 'malformed' };
  const [body, sig, extra] = token.split('.');
  if (!body || !sig || extra !== undefined) return { ok: false, reason: 'malformed' };
  const given = Buffer.from(sig, 'base64url');
  const signedBy = (key: Buffer) => {
    const expected = createHmac('sha256', key).update(body).digest();
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  if (!(Array.isArray(keys) ? keys : [keys]).some(signedBy)) return { ok: false, reason: 'bad_signature' };
  let payload: StatePayload;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as StatePayload;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof payload.exp !== 'number' || typeof payload.sid !== 'string') return { ok: false, reason: 'malformed' };
  if (payload.exp <= now) return { ok: false, reason: 'expired' };
  return { ok: true, payload };
}
