export { WooCommerceSandbox, startWooCommerceSandbox, wooError, type RunningWooCommerceSandbox, type WooCommerceSandboxOptions } from './woocommerce.sandbox';
export { wooSeedStatuses, wooStatusForSeed } from './woocommerce-sandbox.store';
export { governorBench, type WooCommerceGovernorBenchOptions } from './woocommerce-governor.bench';
