import { describeProviderConformance } from '@storebridge/plugin-sdk/testing';
import { bigcommercePlugin } from '../src';
import { startBigcommerceSandbox } from '../src/testing';

// The Standard quota (150 requests) over a 1 s window instead of 30 s: the
// 200-call burst must be paced across windows, yet the suite stays quick.
describeProviderConformance(bigcommercePlugin, async () =>
  (await startBigcommerceSandbox({ seed: 7, products: 30, orders: 20, quota: 150, windowMs: 1000 })).conformance(),
);
