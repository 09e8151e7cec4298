import { describeProviderConformance } from '@storebridge/plugin-sdk/testing';
import { woocommercePlugin } from '../src';
import { startWoocommerceSandbox } from '../src/testing';

describeProviderConformance(woocommercePlugin, async () => (await startWoocommerceSandbox({ seed: 7, products: 30, orders: 20 })).conformance());
