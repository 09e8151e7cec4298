import type { Address, FulfillmentStatus, OrderStatus, PaymentStatus, RemoteOrder } from '@storebridge/contracts';
import { createEnumMapper, normalizeIso, toDecimalOrNull, toDecimalString } from '@storebridge/plugin-sdk';
import type { BcOrder, BcOrderAddress, BcOrderBundle } from '../client/bigcommerce-api.types';

/**
 * Order status ids (`GET /v2/order_statuses`, orders.v2.oas2.yml):
 * 0 Incomplete, 1 Pending, 2 Shipped, 3 Partially Shipped, 4 Refunded,
 * 5 Cancelled, 6 Declined, 7 Awaiting Payment, 8 Awaiting Pickup,
 * 9 Awaiting Shipment, 10 Completed, 11 Awaiting Fulfillment,
 * 12 Manual Verification Required, 13 Disputed, 14 Partially Refunded.
 */
const ORDER_STATUS_BY_ID: Record<number, OrderStatus> = {
  0: 'Pending',
  1: 'Pending',
  2: 'Shipped',
  3: 'Processing',
  4: 'Closed',
  5: 'Cancelled',
  6: 'Failed',
  7: 'Pending',
  8: 'Processing',
  9: 'Processing',
  10: 'Completed',
  11: 'Processing',
  12: 'OnHold',
  13: 'OnHold',
  14: 'Processing',
};

/** `payment_status` as BigCommerce reports it (lowercase words). */
const toPaymentFromText = createEnumMapper<PaymentStatus | null>(
  {
    pending: 'Pending',
    'held for review': 'Pending',
    authorized: 'Authorized',
    'capture pending': 'Authorized',
    'void pending': 'Authorized',
    captured: 'Paid',
    paid: 'Paid',
    'partially paid': 'PartiallyPaid',
    'partially refunded': 'PartiallyRefunded',
    refunded: 'Refunded',
    void: 'Voided',
    voided: 'Voided',
    declined: 'Failed',
    failed: 'Failed',
  },
  null,
);

/** When `payment_status` is empty, the status id still tells refunds, declines and unpaid orders. */
const PAYMENT_BY_STATUS_ID: Record<number, PaymentStatus> = { 4: 'Refunded', 14: 'PartiallyRefunded', 6: 'Failed', 7: 'Pending', 0: 'Pending' };

export function toOrderStatus(o: Pick<BcOrder, 'status_id'>): OrderStatus {
  return ORDER_STATUS_BY_ID[o.status_id] ?? 'Pending';
}

export function toPaymentStatus(o: Pick<BcOrder, 'status_id' | 'payment_status'>): PaymentStatus {
  return toPaymentFromText(o.payment_status || null) ?? PAYMENT_BY_STATUS_ID[o.status_id] ?? 'Unknown';
}

/**
 * No fulfillment field in v2: shipped items against items in the order,
 * with Shipped/Completed/Partially Shipped status ids deciding when the
 * counts are not kept (digital goods).
 */
export function toFulfillmentStatus(o: Pick<BcOrder, 'status_id' | 'items_shipped' | 'items_total'>): FulfillmentStatus {
  if (o.items_total > 0 && o.items_shipped >= o.items_total) return 'fulfilled';
  if (o.items_shipped > 0) return 'partial';
  if (o.status_id === 2 || o.status_id === 10) return 'fulfilled';
  if (o.status_id === 3) return 'partial';
  return 'unfulfilled';
}

function emptyToNull(s: string | null | undefined): string | null {
  return s === undefined || s === null || s.trim() === '' ? null : s;
}

function toAddress(a: BcOrderAddress | null | undefined): Address | null {
  if (!a) return null;
  return {
    firstName: emptyToNull(a.first_name),
    lastName: emptyToNull(a.last_name),
    address1: emptyToNull(a.street_1),
    address2: emptyToNull(a.street_2),
    city: emptyToNull(a.city),
    region: emptyToNull(a.state),
    postalCode: emptyToNull(a.zip),
    countryCode: emptyToNull(a.country_iso2),
    phone: emptyToNull(a.phone),
  };
}

/** An Orders v2 order with its products and shipping addresses in the unified shape. */
export function toUnifiedOrder({ order: o, products, shippingAddresses }: BcOrderBundle): RemoteOrder {
  const currency = o.currency_code;
  const billing = o.billing_address;
  return {
    remoteId: String(o.id),
    remoteCreatedAt: normalizeIso(o.date_created),
    remoteUpdatedAt: normalizeIso(o.date_modified),
    remoteDeleted: false,
    orderNumber: String(o.id),
    orderStatus: toOrderStatus(o),
    paymentStatus: toPaymentStatus(o),
    fulfillmentStatus: toFulfillmentStatus(o),
    totalPrice: toDecimalString(o.total_inc_tax),
    totalTax: toDecimalString(o.total_tax),
    // Shipping without its tax: that tax is already in total_tax.
    totalShipping: toDecimalString(o.shipping_cost_ex_tax),
    totalDiscount: toDecimalString(o.discount_amount || '0'),
    currency,
    lineItems: products.map((li) => ({
      lineItemId: String(li.id),
      productId: li.product_id ? String(li.product_id) : null,
      variantId: li.variant_id ? String(li.variant_id) : null,
      title: emptyToNull(li.name),
      sku: emptyToNull(li.sku),
      quantity: li.quantity,
      price: toDecimalString(li.price_ex_tax || li.base_price),
      unitCost: toDecimalOrNull(li.base_cost_price),
      currency,
    })),
    billingAddress: toAddress(billing),
    // Orders may ship to several addresses; the unified order has one: the first.
    shippingAddress: toAddress(shippingAddresses[0]),
    customer: billing
      ? {
          // customer_id 0 is a guest checkout.
          customerId: o.customer_id ? String(o.customer_id) : null,
          firstName: emptyToNull(billing.first_name),
          lastName: emptyToNull(billing.last_name),
          email: emptyToNull(billing.email),
          phone: emptyToNull(billing.phone),
        }
      : null,
  };
}
