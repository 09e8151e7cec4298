export { ShopifySandbox, startShopifySandbox, type RunningShopifySandbox, type ShopifySandboxOptions } from './shopify.sandbox';
export { governorBench, type ShopifyGovernorBenchOptions } from './shopify-governor.bench';
