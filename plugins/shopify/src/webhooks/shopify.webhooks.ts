import type { WebhookEvent, WebhookHandler } from '@storebridge/contracts';
import { verifyHmacSha256 } from '@storebridge/plugin-sdk';

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

function header(headers: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === wanted) return v;
  return undefined;
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
};
