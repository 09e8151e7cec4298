import type { AppConfig, ConnectionContext, Credentials, WebhookEvent, WebhookHandler } from '@storebridge/contracts';
import { hmacSha256, verifyHmacSha256 } from '@storebridge/plugin-sdk';
import { WooCommerceClient } from '../client/woocommerce-api.client';
import { WOOCOMMERCE_WEBHOOK_TOPICS } from '../woocommerce.config';

const ACTIONS: Record<string, WebhookEvent['action']> = { created: 'created', updated: 'updated', deleted: 'deleted', restored: 'updated' };

function header(headers: Record<string, string>, name: string): string | undefined {
  return Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
}

/**
 * The secret our webhooks are registered with: the app's `webhookSecret`
 * when the host configured one, else one derived from the connection's
 * consumer secret, so nothing more has to be stored per connection.
 */
export function woocommerceWebhookSecret(app: AppConfig, credentials: Credentials): string | null {
  if (app.webhookSecret) return app.webhookSecret;
  if (credentials.consumerSecret) return hmacSha256(String(credentials.consumerSecret), 'storebridge:woocommerce:webhooks', 'hex');
  return null;
}

/**
 * https://woocommerce.github.io/woocommerce-rest-api-docs/#webhooks and
 * core `WC_Webhook::generate_signature`: `X-WC-Webhook-Signature` is
 * base64 HMAC-SHA256 of the raw body with the webhook's secret;
 * `X-WC-Webhook-Delivery-ID` names the delivery, for de-duplication.
 */
export const woocommerceWebhooks: WebhookHandler = {
  verify({ rawBody, headers, app, credentials }) {
    const secret = woocommerceWebhookSecret(app, credentials);
    return !!secret && verifyHmacSha256(secret, rawBody, header(headers, 'x-wc-webhook-signature'), 'base64');
  },

  parse({ rawBody, headers }) {
    // The ping WooCommerce sends when a webhook is saved has no topic (body `webhook_id=…`).
    const topic = header(headers, 'x-wc-webhook-topic') ?? '';
    const [resource, event] = topic.split('.');
    const action = ACTIONS[event ?? ''];
    const eventId = header(headers, 'x-wc-webhook-delivery-id');
    if ((resource !== 'product' && resource !== 'order') || !action || !eventId) return null;
    let body: { id?: number | string; parent_id?: number | string; type?: string };
    try {
      body = JSON.parse(rawBody.toString('utf8'));
    } catch {
      return null;
    }
    if (body.id === undefined || body.id === null) return null;
    // A variation's change is a change of its product.
    if (resource === 'product' && body.type === 'variation' && body.parent_id) return { eventId, topic, object: 'product', action: 'updated', remoteId: String(body.parent_id) };
    return { eventId, topic, object: resource, action, remoteId: String(body.id) };
  },

  /** Creates the product.* and order.* webhooks that are not there yet, in one batch call. */
  async register(ctx: ConnectionContext, callbackUrl: string) {
    const client = new WooCommerceClient(ctx.http);
    const secret = woocommerceWebhookSecret(ctx.app, ctx.credentials);
    if (!secret) throw new Error('no webhook secret: configure app.webhookSecret or connect with a consumer secret');
    const existing = await client.listWebhooks();
    const missing = WOOCOMMERCE_WEBHOOK_TOPICS.filter((topic) => !existing.some((w) => w.topic === topic && w.delivery_url === callbackUrl && w.status === 'active'));
    if (!missing.length) return;
    await client.createWebhooks(missing.map((topic) => ({ name: `storebridge ${topic}`, topic, delivery_url: callbackUrl, secret, status: 'active' as const })));
  },
};
