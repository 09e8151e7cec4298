import type { UnifiedOrder } from '@storebridge/contracts';
import type { OrderEntity } from './order.entity';

/** Postgres `numeric` text as a money string with at least two decimals ("15" → "15.00"). */
export function moneyString(value: string | number): string {
  const s = String(value);
  const [int, frac = ''] = s.split('.');
  return `${int}.${frac.padEnd(2, '0')}`;
}

/** A stored order in the unified shape of reference 001. */
export function toUnifiedOrder(row: OrderEntity): UnifiedOrder {
  return {
    id: row.id,
    remoteId: row.remoteId,
    remoteCreatedAt: row.remoteCreatedAt?.toISOString() ?? null,
    remoteUpdatedAt: row.remoteUpdatedAt?.toISOString() ?? null,
    remoteDeleted: row.remoteDeleted,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    orderNumber: row.orderNumber,
    orderStatus: row.orderStatus,
    paymentStatus: row.paymentStatus,
    fulfillmentStatus: row.fulfillmentStatus,
    totalPrice: moneyString(row.totalPrice),
    totalTax: moneyString(row.totalTax),
    totalShipping: moneyString(row.totalShipping),
    totalDiscount: moneyString(row.totalDiscount),
    currency: row.currency,
    lineItems: row.lineItems,
    billingAddress: row.billingAddress,
    shippingAddress: row.shippingAddress,
    customer: row.customer,
  };
}
