import { randomBytes } from 'node:crypto';
import { signState, verifyState, type StatePayload } from './state-token';

const key = randomBytes(32);
const payload: StatePayload = {
  sid: '6f1c2f8e-0000-4000-8000-000000000001',
  tenantId: 't',
  orgId: 'o',
  provider: 'acme',
  category: 'commerce',
  redirectUri: 'https://app.example.com/cb',
  store: 'shop.example.com',
  exp: Date.now() + 60_000,
};

describe('state token', () => {
  it('verifies what it signed', () => {
    expect(verifyState(signState(payload, key), key)).toEqual({ ok: true, payload });
  });

  it('rejects a changed payload, a foreign key, garbage and an expired token', () => {
    const token = signState(payload, key);
    const [, sig] = token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ ...payload, tenantId: 'other' })).toString('base64url')}.${sig}`;
    expect(verifyState(forged, key)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyState(token, randomBytes(32))).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyState('nonsense', key)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyState(undefined, key)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyState(signState({ ...payload, exp: Date.now() - 1 }, key), key)).toEqual({ ok: false, reason: 'expired' });
  });

  it('accepts a token signed under any key still in the ring', () => {
    const previous = randomBytes(32);
    const token = signState(payload, previous);
    expect(verifyState(token, [key, previous])).toEqual({ ok: true, payload });
    expect(verifyState(token, [key])).toEqual({ ok: false, reason: 'bad_signature' });
  });
});
