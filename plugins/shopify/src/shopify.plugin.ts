import type { ProviderPlugin } from '@storebridge/contracts';
import { ShopifyOrderAdapter } from './adapters/shopify-order.adapter';
import { ShopifyProductAdapter } from './adapters/shopify-product.adapter';
import { shopifyAuth } from './auth/shopify.auth';
import { ShopifyGraphqlClient, readShopifyRateLimit, translateShopifyError } from './client/shopify-graphql.client';
import { SHOP_QUERY } from './client/shopify.queries';
import { shopifyRateLimit, type ShopifyPlan } from './shopify.config';
import { shopifyWebhooks } from './webhooks/shopify.webhooks';

export interface ShopifyPluginOptions {
  /** The merchant plan whose published GraphQL limits the governor paces to (default standard). */
  plan?: ShopifyPlan;
}

export function createShopifyPlugin(options: ShopifyPluginOptions = {}): ProviderPlugin {
  return {
    code: 'shopify',
    displayName: 'Shopify',
    auth: shopifyAuth,
    capabilities: {
      products: { read: true, write: true, incremental: true, filters: ['updatedSince', 'createdSince', 'productType', 'productStatus', 'vendor', 'sku'] },
      orders: { read: true, incremental: true, filters: ['updatedSince', 'createdSince', 'paymentStatus'] },
      webhooks: true,
    },
    rateLimit: shopifyRateLimit(options.plan ?? 'standard'),
    createProductPort: (ctx) => new ShopifyProductAdapter(ctx),
    createOrderPort: (ctx) => new ShopifyOrderAdapter(ctx),
    async verifyConnection(ctx) {
      await new ShopifyGraphqlClient(ctx.http).query(SHOP_QUERY);
    },
    webhooks: shopifyWebhooks,
    // https://shopify.dev/docs/api/usage/authentication#making-authenticated-requests
    buildHeaders: (credentials): Record<string, string> => (credentials.accessToken ? { 'X-Shopify-Access-Token': String(credentials.accessToken) } : {}),
    translateError: translateShopifyError,
    readRateLimit: readShopifyRateLimit,
  };
}

export const shopifyPlugin: ProviderPlugin = createShopifyPlugin();
