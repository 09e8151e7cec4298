export { BigcommerceSandbox, startBigcommerceSandbox, type RunningBigcommerceSandbox, type BigcommerceSandboxOptions } from './bigcommerce.sandbox';
