import { ValidationError } from '@storebridge/contracts';

/**
 * Shopify's global ids are `gid://shopify/<Type>/<number>`; our remoteIds are
 * the number alone, as in reference 000 ("1234567890123").
 */
export function fromGid(gid: string): string {
  const m = /^gid:\/\/shopify\/[A-Za-z]+\/(\d+)(?:\?.*)?$/.exec(gid);
  return m ? m[1] : gid;
}

export function toGid(type: 'Product' | 'ProductVariant' | 'Order' | 'Customer' | 'Location', remoteId: string): string {
  if (remoteId.startsWith('gid://')) return remoteId;
  if (!/^\d+$/.test(remoteId)) throw new ValidationError(`not a Shopify ${type} id: "${remoteId}"`);
  return `gid://shopify/${type}/${remoteId}`;
}
