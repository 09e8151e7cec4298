export { WooCommerceSandbox, startWooCommerceSandbox, wooError, type RunningWooCommerceSandbox, type WooCommerceSandboxOptions } from './woocommerce.sandbox';
export { wooStatusForSeed } from './woocommerce-sandbox.store';
export { runWooCommerceGovernorBench, type GovernorBenchFigures, type GovernorBenchOptions } from './woocommerce-governor.bench';
