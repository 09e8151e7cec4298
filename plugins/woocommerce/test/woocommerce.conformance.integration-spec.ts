import { describeProviderConformance } from '@storebridge/plugin-sdk/testing';
import { woocommercePlugin } from '../src';
import { startWooCommerceSandbox } from '../src/testing';

// A store in pounds (weights are converted both ways) behind a generous host
// limit (400 requests in any second): the burst test must be paced, yet the
// suite stays quick. Woo's per_page cap (100) is exercised by the 250 page size.
describeProviderConformance(woocommercePlugin, async () =>
  (await startWooCommerceSandbox({ seed: 7, products: 30, orders: 20, weightUnit: 'lb', hostLimit: { requests: 400, windowSeconds: 1 } })).conformance(),
);
