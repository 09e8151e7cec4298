import { payloadHash, stableStringify, withVariantIds } from './payload-hash';

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
});
