import type { ProviderPlugin } from '@storebridge/contracts';
import { WooCommerceOrderAdapter } from './adapters/woocommerce-order.adapter';
import { WooCommerceProductAdapter } from './adapters/woocommerce-product.adapter';
import { woocommerceAuth, woocommerceBasicAuth } from './auth/woocommerce.auth';
import { WooCommerceClient, translateWooError } from './client/woocommerce-api.client';
import { WOOCOMMERCE_DEFAULT_HOST_LIMIT, woocommerceRateLimit, woocommerceRateLimitFor, validateWooCommerceSettings, type HostRateLimit } from './woocommerce.config';
import { woocommerceWebhooks } from './webhooks/woocommerce.webhooks';

export interface WooCommercePluginOptions {
  /** The host limit the governor paces to by default (25 requests / 10 s); a connection's `hostRateLimit` setting overrides it. */
  hostRateLimit?: HostRateLimit;
}

export function createWooCommercePlugin(options: WooCommercePluginOptions = {}): ProviderPlugin {
  return {
    code: 'woocommerce',
    displayName: 'WooCommerce',
    auth: woocommerceAuth,
    capabilities: {
      // `sku` is pushed down as /products?sku= (products and variations alike), then `include` of the products found.
      products: { read: true, write: true, incremental: true, filters: ['updatedSince', 'createdSince', 'productType', 'sku'] },
      orders: { read: true, incremental: true, filters: ['updatedSince', 'createdSince', 'orderStatus'] },
      webhooks: true,
    },
    rateLimit: woocommerceRateLimit(options.hostRateLimit),
    rateLimitFor: (settings) => woocommerceRateLimitFor(settings, options.hostRateLimit ?? WOOCOMMERCE_DEFAULT_HOST_LIMIT),
    validateSettings: validateWooCommerceSettings,
    createProductPort: (ctx) => new WooCommerceProductAdapter(ctx),
    createOrderPort: (ctx) => new WooCommerceOrderAdapter(ctx),
    async verifyConnection(ctx) {
      await new WooCommerceClient(ctx.http).ping();
    },
    webhooks: woocommerceWebhooks,
    buildHeaders: woocommerceBasicAuth,
    translateError: translateWooError,
  };
}

export const woocommercePlugin: ProviderPlugin = createWooCommercePlugin();
