import { createHmac } from 'node:crypto';
import { shopifyWebhooks } from './shopify.webhooks';

describe('shopifyWebhooks', () => {
  const app = { clientSecret: 'hush' };
  const rawBody = Buffer.from(JSON.stringify({ id: 788032119674292900, title: 'Example T-Shirt' }));
  const sign = (body: Buffer, secret = 'hush') => createHmac('sha256', secret).update(body).digest('base64');

  it('verifies X-Shopify-Hmac-Sha256 over the raw body', () => {
    expect(shopifyWebhooks.verify({ rawBody, headers: { 'X-Shopify-Hmac-Sha256': sign(rawBody) }, app, credentials: {} })).toBe(true);
    expect(shopifyWebhooks.verify({ rawBody, headers: { 'x-shopify-hmac-sha256': sign(rawBody, 'other') }, app, credentials: {} })).toBe(false);
    expect(shopifyWebhooks.verify({ rawBody: Buffer.concat([rawBody, Buffer.from(' ')]), headers: { 'x-shopify-hmac-sha256': sign(rawBody) }, app, credentials: {} })).toBe(false);
    expect(shopifyWebhooks.verify({ rawBody, headers: {}, app, credentials: {} })).toBe(false);
  });

  it('translates product and order topics and exposes the event id', () => {
    expect(shopifyWebhooks.parse({ rawBody, headers: { 'x-shopify-topic': 'products/update', 'x-shopify-event-id': 'evt-1', 'x-shopify-webhook-id': 'wh-1' } })).toEqual({
      eventId: 'evt-1',
      topic: 'products/update',
      object: 'product',
      action: 'updated',
      remoteId: '788032119674292900',
    });
    expect(shopifyWebhooks.parse({ rawBody, headers: { 'x-shopify-topic': 'orders/cancelled', 'x-shopify-webhook-id': 'wh-2' } })).toMatchObject({ eventId: 'wh-2', object: 'order', action: 'updated' });
    expect(shopifyWebhooks.parse({ rawBody, headers: { 'x-shopify-topic': 'products/delete', 'x-shopify-webhook-id': 'wh-3' } })).toMatchObject({ action: 'deleted' });
    expect(shopifyWebhooks.parse({ rawBody, headers: { 'x-shopify-topic': 'customers/create', 'x-shopify-webhook-id': 'x' } })).toBeNull();
  });
});
