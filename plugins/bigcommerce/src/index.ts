import { bigcommercePlugin } from './bigcommerce.plugin';

export { bigcommercePlugin, createBigcommercePlugin, type BigcommercePluginOptions } from './bigcommerce.plugin';
export { resolveBigcommerceStore } from './auth/bigcommerce.auth';
export { BIGCOMMERCE_PLAN_QUOTAS, BIGCOMMERCE_WINDOW_MS, bigcommerceRateLimit, type BigcommercePlan } from './bigcommerce.config';
export { createBigcommerceWebhooks, signBigcommerceWebhook, BIGCOMMERCE_WEBHOOK_SCOPES, BIGCOMMERCE_WEBHOOK_TOKEN_HEADER } from './webhooks/bigcommerce.webhooks';
export default bigcommercePlugin;
