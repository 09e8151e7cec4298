import type { Address, FulfillmentStatus, OrderStatus, PaymentStatus, RemoteOrder } from '@storebridge/contracts';
import { createEnumMapper, normalizeIso, toDecimalString } from '@storebridge/plugin-sdk';
import type { WoocommerceAddress, WoocommerceOrder } from '../client/woocommerce-api.types';

// TODO(woocommerce): the provider's status vocabularies, from its docs.
const toPaymentStatus = createEnumMapper<PaymentStatus>(
  { pending: 'Pending', authorized: 'Authorized', paid: 'Paid', partially_paid: 'PartiallyPaid', partially_refunded: 'PartiallyRefunded', refunded: 'Refunded', voided: 'Voided', failed: 'Failed' },
  'Unknown',
);
const toFulfillmentStatus = createEnumMapper<FulfillmentStatus>({ unfulfilled: 'unfulfilled', partial: 'partial', fulfilled: 'fulfilled' }, 'unknown');

function toOrderStatus(o: WoocommerceOrder): OrderStatus {
  if (o.state === 'cancelled') return 'Cancelled';
  if (o.state === 'closed') return 'Closed';
  if (o.fulfillment_state === 'fulfilled') return 'Shipped';
  return toPaymentStatus(o.payment_state) === 'Paid' ? 'Processing' : 'Pending';
}

function toAddress(a: WoocommerceAddress | null): Address | null {
  if (!a) return null;
  return { firstName: a.first_name, lastName: a.last_name, address1: a.line1, address2: a.line2, city: a.city, region: a.region, postalCode: a.postcode, countryCode: a.country, phone: a.phone };
}

/** TODO(woocommerce): map the provider's order; drive the spec with fixtures from its docs. */
export function toUnifiedOrder(o: WoocommerceOrder): RemoteOrder {
  return {
    remoteId: String(o.id),
    remoteCreatedAt: normalizeIso(o.created_at),
    remoteUpdatedAt: normalizeIso(o.updated_at),
    remoteDeleted: false,
    orderNumber: o.number,
    orderStatus: toOrderStatus(o),
    paymentStatus: toPaymentStatus(o.payment_state),
    fulfillmentStatus: toFulfillmentStatus(o.fulfillment_state),
    totalPrice: toDecimalString(o.total),
    totalTax: toDecimalString(o.tax),
    totalShipping: toDecimalString(o.shipping),
    totalDiscount: toDecimalString(o.discount),
    currency: o.currency,
    lineItems: o.items.map((li) => ({
      lineItemId: String(li.id),
      productId: li.product_id === null ? null : String(li.product_id),
      variantId: li.variant_id === null ? null : String(li.variant_id),
      title: li.title,
      sku: li.sku,
      quantity: li.quantity,
      price: toDecimalString(li.price),
      unitCost: null,
      currency: o.currency,
    })),
    billingAddress: toAddress(o.billing_address),
    shippingAddress: toAddress(o.shipping_address),
    customer: o.customer
      ? { customerId: String(o.customer.id), firstName: o.customer.first_name, lastName: o.customer.last_name, email: o.customer.email, phone: o.customer.phone }
      : null,
  };
}
