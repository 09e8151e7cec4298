import { createHmac } from 'node:crypto';
import { ValidationError } from '@storebridge/contracts';
import { recordedGraphqlContext } from '../../test/support/recorded-graphql';
import { SHOPIFY_SUBSCRIBED_TOPICS, shopifyWebhooks, toSubscriptionTopic } from './shopify.webhooks';

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

  describe('register', () => {
    const callbackUrl = 'https://api.example.org/webhooks/shopify/conn_1';
    const subscription = (topic: string, url = callbackUrl) => ({ id: `gid://shopify/WebhookSubscription/${topic.length}`, topic, endpoint: { __typename: 'WebhookHttpEndpoint', callbackUrl: url } });
    const page = (nodes: unknown[]) => ({ data: { webhookSubscriptions: { nodes, pageInfo: { hasNextPage: false, endCursor: null } } } });

    it('subscribes to the product and order topics parse reads, by their GraphQL names', () => {
      expect(SHOPIFY_SUBSCRIBED_TOPICS.map(toSubscriptionTopic)).toEqual(['PRODUCTS_CREATE', 'PRODUCTS_UPDATE', 'PRODUCTS_DELETE', 'ORDERS_CREATE', 'ORDERS_UPDATED', 'ORDERS_DELETE']);
      for (const topic of SHOPIFY_SUBSCRIBED_TOPICS) expect(shopifyWebhooks.parse({ rawBody, headers: { 'x-shopify-topic': topic, 'x-shopify-event-id': 'e' } })).not.toBeNull();
    });

    it('lists what the callback already has and creates only the missing topics', async () => {
      const { ctx, calls } = recordedGraphqlContext({
        // ORDERS_UPDATED to another address does not count.
        WebhookSubscriptions: () => page([subscription('PRODUCTS_UPDATE'), subscription('ORDERS_CREATE'), subscription('ORDERS_UPDATED', 'https://elsewhere.example/hook')]),
        WebhookSubscriptionCreate: () => ({ data: { webhookSubscriptionCreate: { webhookSubscription: {}, userErrors: [] } } }),
      });
      await shopifyWebhooks.register!(ctx, callbackUrl);
      expect(calls[0]).toEqual({ operation: 'WebhookSubscriptions', variables: expect.objectContaining({ callbackUrl, topics: SHOPIFY_SUBSCRIBED_TOPICS.map(toSubscriptionTopic), after: null }) });
      expect(calls.slice(1)).toEqual(
        ['PRODUCTS_CREATE', 'PRODUCTS_DELETE', 'ORDERS_UPDATED', 'ORDERS_DELETE'].map((topic) => ({ operation: 'WebhookSubscriptionCreate', variables: { topic, webhookSubscription: { callbackUrl, format: 'JSON' } } })),
      );
    });

    it('takes "already been taken" as done (a register running alongside) and any other refusal as an error', async () => {
      const answer = (message: string) => () => ({ data: { webhookSubscriptionCreate: { webhookSubscription: null, userErrors: [{ field: ['webhookSubscription', 'callbackUrl'], message }] } } });
      const raced = recordedGraphqlContext({ WebhookSubscriptions: () => page([]), WebhookSubscriptionCreate: answer('Address for this topic has already been taken') });
      await expect(shopifyWebhooks.register!(raced.ctx, callbackUrl)).resolves.toBeUndefined();
      expect(raced.calls).toHaveLength(1 + SHOPIFY_SUBSCRIBED_TOPICS.length);
      const refused = recordedGraphqlContext({ WebhookSubscriptions: () => page([]), WebhookSubscriptionCreate: answer('Address protocol http:// is not supported') });
      const register = shopifyWebhooks.register!(refused.ctx, 'http://api.example.org/hook');
      await expect(register).rejects.toBeInstanceOf(ValidationError);
      await expect(register).rejects.toThrow(/subscribe http:\/\/api\.example\.org\/hook to PRODUCTS_CREATE: Address protocol http:\/\/ is not supported/);
      expect(refused.calls).toHaveLength(2);
    });
  });
});
