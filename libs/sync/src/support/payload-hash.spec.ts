import type { RemoteProduct } from '@storebridge/contracts';
import { payloadHash, stableStringify, variantIdsBySku, withVariantIds } from './payload-hash';

describe('payload hash', () => {
  it('ignores key order and undefined fields', () => {
    expect(stableStringify({ b: 1, a: [{ y: 2, x: undefined }] })).toBe('{"a":[{"y":2}],"b":1}');
    expect(payloadHash({ productName: 'A', tags: ['x'] })).toBe(payloadHash({ tags: ['x'], productName: 'A', vendor: undefined }));
    expect(payloadHash({ productName: 'A' })).not.toBe(payloadHash({ productName: 'B' }));
  });

  it('keeps known variant ids by SKU', () => {
    const out = withVariantIds({ productName: 'A', variants: [{ sku: 'S1' }, { sku: 'S2' }, { title: 'no sku' }] }, { S1: '11' });
    expect(out.variants).toEqual([{ sku: 'S1', remoteId: '11' }, { sku: 'S2' }, { title: 'no sku' }]);
  });

  it("reads a store product's variant ids by SKU, skipping variants without one", () => {
    const product = { remoteId: 'p1', variants: [{ remoteId: 'v1', sku: 'S1' }, { remoteId: 'v2', sku: null }, { remoteId: 'v3', sku: 'S3' }] } as unknown as RemoteProduct;
    expect(variantIdsBySku(product)).toEqual({ S1: 'v1', S3: 'v3' });
  });
});
