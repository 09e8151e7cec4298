import type { ConnectionContext, WebhookEvent, WebhookHandler } from '@storebridge/contracts';
import { collectAll, nextGraphqlCursor, verifyHmacSha256 } from '@storebridge/plugin-sdk';
import { ShopifyGraphqlClient, maxPageSize, throwOnUserErrors } from '../client/shopify-graphql.client';
import { WEBHOOK_SUBSCRIPTION_CREATE_MUTATION, WEBHOOK_SUBSCRIPTIONS_QUERY } from '../client/shopify.queries';
import type { ShopifyConnection, ShopifyUserError, ShopifyWebhookSubscription } from '../client/shopify-admin.types';

/** https://shopify.dev/docs/api/webhooks?reference=toml#list-of-topics */
const TOPICS: Record<string, Pick<WebhookEvent, 'object' | 'action'>> = {
  'products/create': { object: 'product', action: 'created' },
  'products/update': { object: 'product', action: 'updated' },
  'products/delete': { object: 'product', action: 'deleted' },
  'orders/create': { object: 'order', action: 'created' },
  'orders/updated': { object: 'order', action: 'updated' },
  'orders/edited': { object: 'order', action: 'updated' },
  'orders/paid': { object: 'order', action: 'updated' },
  'orders/fulfilled': { object: 'order', action: 'updated' },
  'orders/partially_fulfilled': { object: 'order', action: 'updated' },
  'orders/cancelled': { object: 'order', action: 'updated' },
  'orders/delete': { object: 'order', action: 'deleted' },
};

/**
 * What `register` subscribes to. orders/updated fires on every change of an
 * order (payment, fulfillment, cancellation, edit), so the narrower order
 * topics would only deliver the same change again; `parse` still reads them,
 * for subscriptions made elsewhere (e.g. the app's TOML).
 */
export const SHOPIFY_SUBSCRIBED_TOPICS = ['products/create', 'products/update', 'products/delete', 'orders/create', 'orders/updated', 'orders/delete'] as const;

/** `orders/updated` → `ORDERS_UPDATED` (https://shopify.dev/docs/api/admin-graphql/2025-01/enums/WebhookSubscriptionTopic). */
export function toSubscriptionTopic(topic: string): string {
  return topic.toUpperCase().replace('/', '_');
}

function header(headers: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === wanted) return v;
  return undefined;
}

/** This app's subscriptions on the shop for one callback URL, every page. */
function subscriptionsFor(client: ShopifyGraphqlClient, callbackUrl: string, topics: string[]): Promise<ShopifyWebhookSubscription[]> {
  return collectAll(async (after) => {
    const data = await client.query<{ webhookSubscriptions: ShopifyConnection<ShopifyWebhookSubscription> }>(WEBHOOK_SUBSCRIPTIONS_QUERY, {
      first: maxPageSize(WEBHOOK_SUBSCRIPTIONS_QUERY, 250),
      after,
      callbackUrl,
      topics,
    });
    return { items: data.webhookSubscriptions.nodes, nextCursor: nextGraphqlCursor(data.webhookSubscriptions.pageInfo) };
  });
}

/**
 * https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-2-validate-the-origin-of-your-webhook-to-ensure-its-coming-from-shopify
 * `X-Shopify-Hmac-Sha256` is base64 HMAC-SHA256 of the raw body with the app's client secret.
 */
export const shopifyWebhooks: WebhookHandler = {
  verify({ rawBody, headers, app }) {
    const secret = app.webhookSecret ?? app.clientSecret;
    if (!secret) return false;
    return verifyHmacSha256(secret, rawBody, header(headers, 'x-shopify-hmac-sha256'), 'base64');
  },

  parse({ rawBody, headers }) {
    const topic = header(headers, 'x-shopify-topic') ?? '';
    const kind = TOPICS[topic];
    if (!kind) return null;
    // X-Shopify-Event-Id names the event across retries and subscriptions; the webhook id one delivery.
    const eventId = header(headers, 'x-shopify-event-id') ?? header(headers, 'x-shopify-webhook-id');
    if (!eventId) return null;
    let body: { id?: number | string; admin_graphql_api_id?: string };
    try {
      body = JSON.parse(rawBody.toString('utf8'));
    } catch {
      return null;
    }
    if (body.id === undefined || body.id === null) return null;
    return { eventId, topic, ...kind, remoteId: String(body.id) };
  },

  /**
   * Subscribes `callbackUrl` to the topics above that it is not subscribed to
   * yet, so activating a connection again adds nothing. Shopify keeps one
   * subscription per topic and address and answers a second one with "Address
   * for this topic has already been taken": a register running at the same
   * time got there first, which is what we want.
   */
  async register(ctx: ConnectionContext, callbackUrl: string) {
    const client = new ShopifyGraphqlClient(ctx.http);
    const wanted = SHOPIFY_SUBSCRIBED_TOPICS.map(toSubscriptionTopic);
    const existing = await subscriptionsFor(client, callbackUrl, wanted);
    const subscribed = new Set(existing.filter((s) => s.endpoint.callbackUrl === callbackUrl).map((s) => s.topic));
    for (const topic of wanted.filter((t) => !subscribed.has(t))) {
      const data = await client.mutate<{ webhookSubscriptionCreate: { userErrors: ShopifyUserError[] } }>(WEBHOOK_SUBSCRIPTION_CREATE_MUTATION, {
        topic,
        webhookSubscription: { callbackUrl, format: 'JSON' },
      });
      throwOnUserErrors(
        data.webhookSubscriptionCreate.userErrors.filter((e) => !/already been taken/i.test(e.message)),
        `subscribe ${callbackUrl} to ${topic}`,
      );
    }
  },
};
