export { ShopifySandbox, startShopifySandbox, type RunningShopifySandbox, type ShopifySandboxOptions } from './shopify.sandbox';
