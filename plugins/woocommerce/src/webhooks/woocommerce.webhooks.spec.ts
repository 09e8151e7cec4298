import { createHmac } from 'node:crypto';
import productSimple from '../../test/fixtures/product-simple-create.json';
import { woocommerceWebhookSecret, woocommerceWebhooks } from './woocommerce.webhooks';

// Headers as WC_Webhook::get_delivery_headers sends them (https://woocommerce.github.io/woocommerce-rest-api-docs/#webhooks).
const rawBody = Buffer.from(JSON.stringify(productSimple.response));
const sign = (body: Buffer, secret: string) => createHmac('sha256', secret).update(body).digest('base64');
const headers = (topic: string, extra: Record<string, string> = {}) => ({
  'X-WC-Webhook-Source': 'https://example.com/',
  'X-WC-Webhook-Topic': topic,
  'X-WC-Webhook-Resource': topic.split('.')[0],
  'X-WC-Webhook-Event': topic.split('.')[1],
  'X-WC-Webhook-ID': '142',
  'X-WC-Webhook-Delivery-ID': 'b4c6a0d6f0a9e2f7c3f0a3a1c1e4d7a8',
  ...extra,
});

describe('woocommerceWebhooks', () => {
  const app = { webhookSecret: 'hush' };

  it('verifies X-WC-Webhook-Signature (base64 HMAC-SHA256 of the raw body) in any header case', () => {
    expect(woocommerceWebhooks.verify({ rawBody, headers: headers('product.updated', { 'X-WC-Webhook-Signature': sign(rawBody, 'hush') }), app, credentials: {} })).toBe(true);
    expect(woocommerceWebhooks.verify({ rawBody, headers: { 'x-wc-webhook-signature': sign(rawBody, 'hush') }, app, credentials: {} })).toBe(true);
    expect(woocommerceWebhooks.verify({ rawBody, headers: { 'x-wc-webhook-signature': sign(rawBody, 'other') }, app, credentials: {} })).toBe(false);
    expect(woocommerceWebhooks.verify({ rawBody: Buffer.concat([rawBody, Buffer.from(' ')]), headers: { 'x-wc-webhook-signature': sign(rawBody, 'hush') }, app, credentials: {} })).toBe(false);
    expect(woocommerceWebhooks.verify({ rawBody, headers: {}, app, credentials: {} })).toBe(false);
  });

  it('without an app secret, uses the one derived from the connection’s consumer secret', () => {
    const credentials = { consumerKey: 'ck_1', consumerSecret: 'cs_2' };
    const secret = woocommerceWebhookSecret({}, credentials)!;
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(woocommerceWebhooks.verify({ rawBody, headers: { 'x-wc-webhook-signature': sign(rawBody, secret) }, app: {}, credentials })).toBe(true);
    expect(woocommerceWebhookSecret({}, {})).toBeNull();
  });

  it('translates product.* and order.* with the delivery id as event id', () => {
    expect(woocommerceWebhooks.parse({ rawBody, headers: headers('product.updated') })).toEqual({
      eventId: 'b4c6a0d6f0a9e2f7c3f0a3a1c1e4d7a8',
      topic: 'product.updated',
      object: 'product',
      action: 'updated',
      remoteId: '794',
    });
    expect(woocommerceWebhooks.parse({ rawBody: Buffer.from('{"id":727}'), headers: headers('order.created') })).toMatchObject({ object: 'order', action: 'created', remoteId: '727' });
    // A deleted product's payload is its id only.
    expect(woocommerceWebhooks.parse({ rawBody: Buffer.from('{"id":794}'), headers: headers('product.deleted') })).toMatchObject({ action: 'deleted', remoteId: '794' });
    expect(woocommerceWebhooks.parse({ rawBody: Buffer.from('{"id":733,"parent_id":22,"type":"variation"}'), headers: headers('product.updated') })).toMatchObject({ remoteId: '22', action: 'updated' });
  });

  it('ignores pings, other topics, bodies without id and deliveries without id', () => {
    expect(woocommerceWebhooks.parse({ rawBody: Buffer.from('webhook_id=142'), headers: { 'x-wc-webhook-id': '142' } })).toBeNull();
    expect(woocommerceWebhooks.parse({ rawBody, headers: headers('customer.created') })).toBeNull();
    expect(woocommerceWebhooks.parse({ rawBody: Buffer.from('{}'), headers: headers('order.updated') })).toBeNull();
    expect(woocommerceWebhooks.parse({ rawBody: Buffer.from('not json'), headers: headers('order.updated') })).toBeNull();
    const { 'X-WC-Webhook-Delivery-ID': _drop, ...noDelivery } = headers('order.updated');
    expect(woocommerceWebhooks.parse({ rawBody, headers: noDelivery })).toBeNull();
  });
});
