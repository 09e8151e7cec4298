export { BigcommerceSandbox, startBigcommerceSandbox, type RunningBigcommerceSandbox, type BigcommerceSandboxOptions } from './bigcommerce.sandbox';
export { governorBench, type BigcommerceGovernorBenchOptions } from './bigcommerce-governor.bench';
