import type { ProviderPlugin } from '@storebridge/contracts';
import { WoocommerceOrderAdapter } from './adapters/woocommerce-order.adapter';
import { WoocommerceProductAdapter } from './adapters/woocommerce-product.adapter';
import { woocommerceAuth } from './auth/woocommerce.auth';
import { WoocommerceApiClient } from './client/woocommerce-api.client';
import { WOOCOMMERCE_RATE_LIMIT } from './woocommerce.config';
import { woocommerceWebhooks } from './webhooks/woocommerce.webhooks';

export const woocommercePlugin: ProviderPlugin = {
  code: 'woocommerce',
  displayName: 'WooCommerce',
  auth: woocommerceAuth,
  capabilities: {
    // TODO(woocommerce): declare only the filters the provider applies exactly; the conformance suite checks each.
    products: { read: true, write: true, incremental: true, filters: ['updatedSince'] },
    orders: { read: true, incremental: true, filters: ['updatedSince'] },
    webhooks: true,
  },
  rateLimit: WOOCOMMERCE_RATE_LIMIT,
  createProductPort: (ctx) => new WoocommerceProductAdapter(ctx),
  createOrderPort: (ctx) => new WoocommerceOrderAdapter(ctx),
  async verifyConnection(ctx) {
    await new WoocommerceApiClient(ctx.http).ping();
  },
  webhooks: woocommerceWebhooks,
  buildHeaders: (credentials): Record<string, string> => (credentials.accessToken ? { authorization: `Bearer ${credentials.accessToken}` } : {}),
};
