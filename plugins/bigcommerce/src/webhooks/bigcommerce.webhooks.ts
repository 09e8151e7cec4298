import type { AppConfig, ConnectionContext, WebhookEvent, WebhookHandler } from '@storebridge/contracts';
import { hmacSha256, safeEqual } from '@storebridge/plugin-sdk';
import { BigcommerceClient } from '../client/bigcommerce.client';
import type { BcWebhookPayload } from '../client/bigcommerce-api.types';

/** Scopes we subscribe to (https://developer.bigcommerce.com/docs/integrations/webhooks/events). */
export const BIGCOMMERCE_WEBHOOK_SCOPES = ['store/product/*', 'store/order/*'];

/** The custom header we ask BigCommerce to send with every callback (`headers` of `POST /v3/hooks`). */
export const BIGCOMMERCE_WEBHOOK_TOKEN_HEADER = 'x-storebridge-webhook-token';

/** Standard Webhooks' default tolerance for `webhook-timestamp` (replay protection). */
export const BIGCOMMERCE_WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

const SCOPES: Record<string, Pick<WebhookEvent, 'object' | 'action'>> = {
  'store/product/created': { object: 'product', action: 'created' },
  'store/product/updated': { object: 'product', action: 'updated' },
  'store/product/deleted': { object: 'product', action: 'deleted' },
  'store/product/inventory/updated': { object: 'product', action: 'updated' },
  'store/product/inventory/order/updated': { object: 'product', action: 'updated' },
  'store/order/created': { object: 'order', action: 'created' },
  'store/order/updated': { object: 'order', action: 'updated' },
  'store/order/statusUpdated': { object: 'order', action: 'updated' },
  'store/order/refund/created': { object: 'order', action: 'updated' },
  // Archiving is BigCommerce's order deletion (DELETE /v2/orders/{id}).
  'store/order/archived': { object: 'order', action: 'deleted' },
};

function header(headers: Record<string, string>, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}

/** `v1,<base64 HMAC-SHA256(secret, "{webhook-id}.{webhook-timestamp}.{body}")>` (Standard Webhooks). */
export function signBigcommerceWebhook(key: string | Buffer, id: string, timestamp: number, rawBody: Buffer | string): string {
  // A string key is the client secret as BigCommerce shows it (its UTF-8 bytes); a Buffer is raw key bytes.
  const keyBytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  const message = Buffer.concat([Buffer.from(`${id}.${timestamp}.`, 'utf8'), Buffer.isBuffer(rawBody) ? rawBody : Buffer.from(rawBody, 'utf8')]);
  return `v1,${hmacSha256(keyBytes, message, 'base64')}`;
}

/**
 * BigCommerce signs callbacks per the Standard Webhooks spec
 * (https://developer.bigcommerce.com/docs/integrations/webhooks/https-webhook-overview#webhook-signature):
 * its samples hand `base64(client_secret)` to the standardwebhooks library,
 * which base64-decodes it again, so the HMAC key is the app's client secret
 * itself. We check, in constant time:
 *  1. `webhook-signature` holds a `v1,` signature over `id.timestamp.body`
 *     with the client secret — proves BigCommerce sent this exact body;
 *  2. `webhook-timestamp` is within 5 minutes — a captured delivery cannot be replayed later;
 *  3. when `app.webhookSecret` is set, the custom header we registered
 *     carries it — a second, app-controlled secret (and the only check left
 *     when no client secret is configured, e.g. store-level API accounts).
 * The payload's `hash` is not a signature (it is the same for retries of one
 * event): we use it as the event id.
 */
export function createBigcommerceWebhooks(options: { now?: () => number } = {}): WebhookHandler {
  const now = options.now ?? (() => Date.now());

  function signatureValid(rawBody: Buffer, headers: Record<string, string>, secret: string): boolean {
    const id = header(headers, 'webhook-id');
    const ts = header(headers, 'webhook-timestamp');
    const sigs = header(headers, 'webhook-signature');
    if (!id || !ts || !sigs || !/^\d+$/.test(ts)) return false;
    if (Math.abs(now() / 1000 - Number(ts)) > BIGCOMMERCE_WEBHOOK_TOLERANCE_SECONDS) return false;
    const expected = signBigcommerceWebhook(secret, id, Number(ts), rawBody);
    // Several space-separated signatures may come during a secret rotation.
    let ok = false;
    for (const s of sigs.split(' ')) if (s.startsWith('v1,') && safeEqual(expected, s.trim())) ok = true;
    return ok;
  }

  function tokenValid(headers: Record<string, string>, app: AppConfig): boolean {
    const given = header(headers, BIGCOMMERCE_WEBHOOK_TOKEN_HEADER);
    return !!app.webhookSecret && !!given && safeEqual(app.webhookSecret, given);
  }

  return {
    verify({ rawBody, headers, app }) {
      if (!app.clientSecret && !app.webhookSecret) return false;
      if (app.clientSecret && !signatureValid(rawBody, headers, app.clientSecret)) return false;
      if (app.webhookSecret && !tokenValid(headers, app)) return false;
      return true;
    },

    parse({ rawBody, headers }) {
      let body: BcWebhookPayload;
      try {
        body = JSON.parse(rawBody.toString('utf8'));
      } catch {
        return null;
      }
      const kind = SCOPES[body?.scope ?? ''];
      const id = body?.data?.id;
      if (!kind || id === undefined || id === null || id === '') return null;
      // The hash is the same for every retry of one event: the natural de-duplication key.
      const eventId = body.hash ?? header(headers, 'webhook-id');
      if (!eventId) return null;
      return { eventId, topic: body.scope, ...kind, remoteId: String(id) };
    },

    /** One hook per wildcard scope, skipped when the store already has it. */
    async register(ctx: ConnectionContext, callbackUrl: string) {
      const client = new BigcommerceClient(ctx.http);
      const existing = await client.listHooks();
      const headers = ctx.app.webhookSecret ? { [BIGCOMMERCE_WEBHOOK_TOKEN_HEADER]: ctx.app.webhookSecret } : undefined;
      for (const scope of BIGCOMMERCE_WEBHOOK_SCOPES) {
        if (existing.some((h) => h.scope === scope && h.destination === callbackUrl && h.is_active)) continue;
        await client.createHook({ scope, destination: callbackUrl, is_active: true, ...(headers ? { headers } : {}) });
      }
    },
  };
}

export const bigcommerceWebhooks: WebhookHandler = createBigcommerceWebhooks();
