import type { WebhookHandler } from '@storebridge/contracts';
import { verifyHmacSha256 } from '@storebridge/plugin-sdk';

function header(headers: Record<string, string>, name: string): string | undefined {
  return Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
}

/** TODO(woocommerce): the provider's signature scheme, headers and topics, with a link to its docs. */
export const woocommerceWebhooks: WebhookHandler = {
  verify({ rawBody, headers, app }) {
    const secret = app.webhookSecret ?? app.clientSecret;
    return !!secret && verifyHmacSha256(secret, rawBody, header(headers, 'x-signature'), 'base64');
  },
  parse({ rawBody, headers }) {
    const topic = header(headers, 'x-topic') ?? '';
    const [object, action] = topic.split('.');
    const eventId = header(headers, 'x-event-id');
    if (!eventId || (object !== 'product' && object !== 'order') || !['created', 'updated', 'deleted'].includes(action)) return null;
    const body = JSON.parse(rawBody.toString('utf8')) as { id?: number | string };
    if (body.id === undefined) return null;
    return { eventId, topic, object, action: action as 'created' | 'updated' | 'deleted', remoteId: String(body.id) };
  },
};
