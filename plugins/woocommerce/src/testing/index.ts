export { WoocommerceSandbox, startWoocommerceSandbox, type RunningWoocommerceSandbox, type WoocommerceSandboxOptions } from './woocommerce.sandbox';
