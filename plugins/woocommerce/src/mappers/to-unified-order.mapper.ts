import type { Address, Customer, FulfillmentStatus, LineItem, OrderStatus, PaymentStatus, RemoteOrder } from '@storebridge/contracts';
import { createEnumMapper, sumDecimals, toDecimalString } from '@storebridge/plugin-sdk';
import type { WooAddress, WooLineItem, WooOrder } from '../client/woocommerce-api.types';
import { decodeEntities, emptyToNull, gmtToIso } from './woocommerce-values.mapper';

/**
 * Order statuses (https://woocommerce.github.io/woocommerce-rest-api-docs/#order-properties).
 * `refunded` is an order that is over with its money returned: Closed.
 * Statuses added by plugins fall back to Processing (an order in progress).
 */
export const ORDER_STATUS: Record<string, OrderStatus> = {
  pending: 'Pending',
  'checkout-draft': 'Pending',
  processing: 'Processing',
  'on-hold': 'OnHold',
  completed: 'Completed',
  cancelled: 'Cancelled',
  refunded: 'Closed',
  failed: 'Failed',
  trash: 'Cancelled',
};
export const toOrderStatus = createEnumMapper<OrderStatus>(ORDER_STATUS, 'Processing');

/** The core statuses each unified status is pushed down as (`status` accepts a list). */
export const WOO_ORDER_STATUSES: Record<OrderStatus, string[]> = {
  Pending: ['pending'],
  Processing: ['processing'],
  OnHold: ['on-hold'],
  Shipped: [],
  Completed: ['completed'],
  Cancelled: ['cancelled'],
  Closed: ['refunded'],
  Failed: ['failed'],
};

/**
 * Woo has no payment status: it is read from `status`, `date_paid` (set
 * when the payment completed) and the refunds. `on-hold` means "awaiting
 * payment" in Woo's own words, so it is Pending, not Authorized.
 */
export function toPaymentStatus(o: Pick<WooOrder, 'status' | 'date_paid_gmt' | 'date_paid' | 'total'> & { refunds?: WooOrder['refunds'] }): PaymentStatus {
  if (o.status === 'refunded') return 'Refunded';
  const paid = !!(o.date_paid_gmt ?? o.date_paid);
  const refunds = o.refunds ?? [];
  if (paid && refunds.length) {
    // Refund totals come negative ("-5.00").
    const refunded = sumDecimals(refunds.map((r) => toDecimalString(r.total).replace(/^-/, '')));
    return Number(refunded) >= Number(o.total) ? 'Refunded' : 'PartiallyRefunded';
  }
  if (paid) return 'Paid';
  if (o.status === 'failed') return 'Failed';
  if (o.status === 'cancelled') return 'Voided';
  return 'Pending';
}

/** Woo core only knows "completed" (shipped or delivered); a refunded order was fulfilled when it had been completed. */
export function toFulfillmentStatus(o: Pick<WooOrder, 'status' | 'date_completed_gmt' | 'date_completed'>): FulfillmentStatus {
  if (o.status === 'completed') return 'fulfilled';
  if (o.status === 'refunded' && (o.date_completed_gmt ?? o.date_completed)) return 'fulfilled';
  return 'unfulfilled';
}

export function toAddress(a: WooAddress | null | undefined): Address | null {
  if (!a) return null;
  const address: Address = {
    firstName: emptyToNull(a.first_name),
    lastName: emptyToNull(a.last_name),
    address1: emptyToNull(a.address_1),
    address2: emptyToNull(a.address_2),
    city: emptyToNull(a.city),
    region: emptyToNull(a.state),
    postalCode: emptyToNull(a.postcode),
    countryCode: emptyToNull(a.country),
    phone: emptyToNull(a.phone),
  };
  return Object.values(address).every((v) => v === null) ? null : address;
}

function toCustomer(o: WooOrder): Customer | null {
  const customer: Customer = {
    // 0 is a guest checkout.
    customerId: o.customer_id > 0 ? String(o.customer_id) : null,
    firstName: emptyToNull(o.billing?.first_name),
    lastName: emptyToNull(o.billing?.last_name),
    email: emptyToNull(o.billing?.email),
    phone: emptyToNull(o.billing?.phone),
  };
  return Object.values(customer).every((v) => v === null) ? null : customer;
}

/** Unit price before discounts: `subtotal / quantity` (`price` is after discounts, and a float). */
function unitPrice(li: WooLineItem): string {
  if (li.quantity > 0 && li.subtotal !== '') return toDecimalString(Number(li.subtotal) / li.quantity);
  return toDecimalString(li.price ?? 0);
}

function toLineItem(li: WooLineItem, currency: string): LineItem {
  return {
    lineItemId: String(li.id),
    productId: li.product_id ? String(li.product_id) : null,
    // A simple product is its own variant (see toSimpleVariant), so its line item points at the product.
    variantId: li.variation_id ? String(li.variation_id) : li.product_id ? String(li.product_id) : null,
    title: decodeEntities(li.name),
    sku: li.sku || null,
    quantity: li.quantity,
    price: unitPrice(li),
    unitCost: null,
    currency,
  };
}

/** WooCommerce order → unified order. Amounts are Woo's decimal strings, normalised to two places. */
export function toUnifiedOrder(o: WooOrder): RemoteOrder {
  return {
    remoteId: String(o.id),
    remoteCreatedAt: gmtToIso(o.date_created_gmt),
    remoteUpdatedAt: gmtToIso(o.date_modified_gmt),
    remoteDeleted: o.status === 'trash',
    orderNumber: o.number || String(o.id),
    orderStatus: toOrderStatus(o.status),
    paymentStatus: toPaymentStatus(o),
    fulfillmentStatus: toFulfillmentStatus(o),
    totalPrice: toDecimalString(o.total || '0'),
    totalTax: toDecimalString(o.total_tax || '0'),
    totalShipping: toDecimalString(o.shipping_total || '0'),
    totalDiscount: toDecimalString(o.discount_total || '0'),
    currency: o.currency,
    lineItems: o.line_items.map((li) => toLineItem(li, o.currency)),
    billingAddress: toAddress(o.billing),
    shippingAddress: toAddress(o.shipping),
    customer: toCustomer(o),
  };
}
