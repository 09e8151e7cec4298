/**
 * WooCommerce governor figures (not a spec: run it by hand, it takes ~25 s):
 *
 *   node --conditions=@storebridge/source -r @swc-node/register plugins/woocommerce/test/governor-figures.ts
 *
 * Env: SCALE (default 10), READS, ORDER_READS, WRITES, CONCURRENCY.
 * See runWooCommerceGovernorBench for what it measures.
 */
import { runWooCommerceGovernorBench } from '../src/testing';

const num = (k: string): number | undefined => (process.env[k] !== undefined ? Number(process.env[k]) : undefined);

runWooCommerceGovernorBench({ scale: num('SCALE'), productReads: num('READS'), orderReads: num('ORDER_READS'), productWrites: num('WRITES'), concurrency: num('CONCURRENCY') })
  .then((f) => console.log(f.lines.join('\n')))
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
