import fixture from '../../test/fixtures/webhook-order-status-updated.json';
import { BIGCOMMERCE_WEBHOOK_TOKEN_HEADER, createBigcommerceWebhooks, signBigcommerceWebhook } from './bigcommerce.webhooks';

const NOW = 1_700_000_000_000;
const secret = 'client-secret';
const body = Buffer.from(JSON.stringify(fixture.request));
const signed = (overrides: Record<string, string> = {}, ts = NOW / 1000) => ({
  'webhook-id': 'msg_1',
  'webhook-timestamp': String(ts),
  'webhook-signature': signBigcommerceWebhook(secret, 'msg_1', ts, body),
  ...overrides,
});

describe('BigCommerce webhooks', () => {
  const hooks = createBigcommerceWebhooks({ now: () => NOW });
  const verify = (headers: Record<string, string>, app: Record<string, string> = { clientSecret: secret }, raw = body) => hooks.verify({ rawBody: raw, headers, app, credentials: {} });

  it('signs as the Standard Webhooks reference does (v1, base64 HMAC-SHA256 of id.timestamp.body)', () => {
    // Standard Webhooks' published test vector (secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw = base64 of the key bytes).
    const key = Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'base64');
    expect(signBigcommerceWebhook(key, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('accepts a signed, fresh delivery and any of several signatures', () => {
    expect(verify(signed())).toBe(true);
    expect(verify(signed({ 'webhook-signature': `v1,bm90IGl0 ${signed()['webhook-signature']}` }))).toBe(true);
  });

  it('rejects a wrong secret, a changed body, a stale timestamp and missing headers', () => {
    expect(verify(signed(), { clientSecret: 'other' })).toBe(false);
    expect(verify(signed(), { clientSecret: secret }, Buffer.from(body.toString().replace('173331', '173332')))).toBe(false);
    expect(verify(signed({}, NOW / 1000 - 301))).toBe(false);
    expect(verify({ 'webhook-id': 'msg_1', 'webhook-timestamp': String(NOW / 1000) })).toBe(false);
    expect(verify(signed(), {})).toBe(false);
  });

  it('also requires the custom header when a webhook secret is configured', () => {
    const app = { clientSecret: secret, webhookSecret: 'wh-token' };
    expect(verify(signed(), app)).toBe(false);
    expect(verify(signed({ [BIGCOMMERCE_WEBHOOK_TOKEN_HEADER]: 'nope' }), app)).toBe(false);
    expect(verify(signed({ 'X-Storebridge-Webhook-Token': 'wh-token' }), app)).toBe(true);
    // Without a client secret (store-level API account) the custom header is the check.
    expect(verify({ [BIGCOMMERCE_WEBHOOK_TOKEN_HEADER]: 'wh-token' }, { webhookSecret: 'wh-token' })).toBe(true);
  });

  it('parses the doc payload to the id the host fetches, and ignores other scopes', () => {
    expect(hooks.parse({ rawBody: body, headers: {} })).toEqual(fixture.expected);
    const product = { ...fixture.request, scope: 'store/product/deleted', data: { type: 'product', id: 77 } };
    expect(hooks.parse({ rawBody: Buffer.from(JSON.stringify(product)), headers: {} })).toMatchObject({ object: 'product', action: 'deleted', remoteId: '77' });
    expect(hooks.parse({ rawBody: Buffer.from(JSON.stringify({ ...fixture.request, scope: 'store/cart/created' })), headers: {} })).toBeNull();
    expect(hooks.parse({ rawBody: Buffer.from('not json'), headers: {} })).toBeNull();
  });
});
