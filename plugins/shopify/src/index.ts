import { shopifyPlugin } from './shopify.plugin';

export { shopifyPlugin, createShopifyPlugin, type ShopifyPluginOptions } from './shopify.plugin';
export { SHOPIFY_API_VERSION, SHOPIFY_PLAN_LIMITS, type ShopifyPlan } from './shopify.config';
export default shopifyPlugin;
