import { describeProviderConformance } from '@storebridge/plugin-sdk/testing';
import { shopifyPlugin } from '../src';
import { startShopifySandbox } from '../src/testing';

// A plan with a small bucket and a fast restore: the burst test must be paced
// (200 reads cost far more than the bucket) yet the suite stays quick.
describeProviderConformance(shopifyPlugin, async () =>
  (await startShopifySandbox({ seed: 42, products: 40, orders: 24, plan: { maxAvailable: 1000, restorePerSecond: 5000 } })).conformance(),
);
