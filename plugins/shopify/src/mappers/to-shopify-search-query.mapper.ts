import type { OrderListQuery, PaymentStatus, ProductListQuery } from '@storebridge/contracts';
import { invertEnumTable, unixSecondsToIso } from '@storebridge/plugin-sdk';
import { FINANCIAL_STATUS } from './to-unified-order.mapper';

/**
 * Filters → Shopify's search syntax (https://shopify.dev/docs/api/usage/search-syntax).
 * Values are double-quoted with `"` and `\` escaped, so user input cannot add terms.
 */
function quote(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** Never matches: for a filter value Shopify cannot express, the answer is "no records". */
export const MATCH_NOTHING = 'id:0';

export function toProductSearchQuery(q: Partial<ProductListQuery>): string | null {
  const terms: string[] = [];
  if (q.updatedSince !== undefined) terms.push(`updated_at:>=${quote(unixSecondsToIso(q.updatedSince))}`);
  if (q.createdSince !== undefined) terms.push(`created_at:>=${quote(unixSecondsToIso(q.createdSince))}`);
  if (q.productType) terms.push(`product_type:${quote(q.productType)}`);
  if (q.productStatus) terms.push(`status:${q.productStatus.toLowerCase()}`);
  if (q.vendor) terms.push(`vendor:${quote(q.vendor)}`);
  if (q.sku) terms.push(`sku:${quote(q.sku)}`);
  return terms.length ? terms.join(' AND ') : null;
}

const FINANCIAL_BY_UNIFIED = invertEnumTable(FINANCIAL_STATUS);

export function toOrderSearchQuery(q: Partial<OrderListQuery>): string | null {
  const terms: string[] = [];
  if (q.updatedSince !== undefined) terms.push(`updated_at:>=${quote(unixSecondsToIso(q.updatedSince))}`);
  if (q.createdSince !== undefined) terms.push(`created_at:>=${quote(unixSecondsToIso(q.createdSince))}`);
  if (q.paymentStatus) {
    const raw = FINANCIAL_BY_UNIFIED[q.paymentStatus as PaymentStatus];
    terms.push(raw ? `financial_status:${raw.toLowerCase()}` : MATCH_NOTHING);
  }
  return terms.length ? terms.join(' AND ') : null;
}
