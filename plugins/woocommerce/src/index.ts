import { woocommercePlugin } from './woocommerce.plugin';

export { woocommercePlugin, createWooCommercePlugin, type WooCommercePluginOptions } from './woocommerce.plugin';
export {
  WOOCOMMERCE_API_PATH,
  WOOCOMMERCE_DEFAULT_HOST_LIMIT,
  WOOCOMMERCE_WEBHOOK_TOPICS,
  woocommerceRateLimit,
  type HostRateLimit,
} from './woocommerce.config';
export { resolveWooCommerceStore } from './auth/woocommerce.auth';
export {
  buildWooAuthorizeUrl,
  parseWooAuthCallback,
  parseWooAuthReturn,
  type WooAuthCallback,
  type WooAuthorizeUrlArgs,
  type WooKeyScope,
} from './auth/woocommerce-app-auth';
export { woocommerceWebhookSecret } from './webhooks/woocommerce.webhooks';
export default woocommercePlugin;
