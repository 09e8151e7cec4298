import type { ProviderPlugin } from '@storebridge/contracts';
import { BigcommerceOrderAdapter } from './adapters/bigcommerce-order.adapter';
import { BigcommerceProductAdapter } from './adapters/bigcommerce-product.adapter';
import { bigcommerceAuth } from './auth/bigcommerce.auth';
import { BigcommerceClient } from './client/bigcommerce.client';
import { readBigcommerceRateLimit, translateBigcommerceError } from './client/bigcommerce-rate-limit';
import { bigcommerceRateLimit, type BigcommercePlan } from './bigcommerce.config';
import { bigcommerceWebhooks } from './webhooks/bigcommerce.webhooks';

export interface BigcommercePluginOptions {
  /** The plan whose published quota the governor paces to before the first answer reports the real one (default standard). */
  plan?: BigcommercePlan;
}

export function createBigcommercePlugin(options: BigcommercePluginOptions = {}): ProviderPlugin {
  return {
    code: 'bigcommerce',
    displayName: 'BigCommerce',
    auth: bigcommerceAuth,
    capabilities: {
      // Only filters BigCommerce applies exactly: `date_modified:min`, `brand_id`, a variant's `sku` (variants endpoint, then
      // `id:in`); orders `min_date_modified`, `min_date_created`.
      products: { read: true, write: true, incremental: true, filters: ['updatedSince', 'vendor', 'sku'] },
      orders: { read: true, incremental: true, filters: ['updatedSince', 'createdSince'] },
      webhooks: true,
    },
    rateLimit: bigcommerceRateLimit(options.plan ?? 'standard'),
    createProductPort: (ctx) => new BigcommerceProductAdapter(ctx),
    createOrderPort: (ctx) => new BigcommerceOrderAdapter(ctx),
    async verifyConnection(ctx) {
      await new BigcommerceClient(ctx.http).getStore();
    },
    webhooks: bigcommerceWebhooks,
    // https://developer.bigcommerce.com/docs/start/authentication#x-auth-token-header
    buildHeaders: (credentials): Record<string, string> => (credentials.accessToken ? { 'X-Auth-Token': String(credentials.accessToken) } : {}),
    translateError: translateBigcommerceError,
    readRateLimit: readBigcommerceRateLimit,
  };
}

export const bigcommercePlugin: ProviderPlugin = createBigcommercePlugin();
