import type { Address, FulfillmentStatus, LineItem, OrderStatus, PaymentStatus, RemoteOrder } from '@storebridge/contracts';
import { createEnumMapper, normalizeIso, toDecimalString } from '@storebridge/plugin-sdk';
import type { ShopifyAddress, ShopifyLineItem, ShopifyMoneyBag, ShopifyOrder } from '../client/shopify-admin.types';
import { fromGid } from './shopify-gid.mapper';

/** https://shopify.dev/docs/api/admin-graphql/2025-01/enums/OrderDisplayFinancialStatus */
export const FINANCIAL_STATUS: Record<string, PaymentStatus> = {
  PENDING: 'Pending',
  AUTHORIZED: 'Authorized',
  PAID: 'Paid',
  PARTIALLY_PAID: 'PartiallyPaid',
  PARTIALLY_REFUNDED: 'PartiallyRefunded',
  REFUNDED: 'Refunded',
  VOIDED: 'Voided',
  // An authorization that lapsed: the payment failed.
  EXPIRED: 'Failed',
};
export const toPaymentStatus = createEnumMapper<PaymentStatus>(FINANCIAL_STATUS, 'Unknown');

/** https://shopify.dev/docs/api/admin-graphql/2025-01/enums/OrderDisplayFulfillmentStatus */
export const toFulfillmentStatus = createEnumMapper<FulfillmentStatus>(
  {
    FULFILLED: 'fulfilled',
    PARTIALLY_FULFILLED: 'partial',
    UNFULFILLED: 'unfulfilled',
    OPEN: 'unfulfilled',
    IN_PROGRESS: 'unfulfilled',
    PENDING_FULFILLMENT: 'unfulfilled',
    SCHEDULED: 'unfulfilled',
    ON_HOLD: 'unfulfilled',
    RESTOCKED: 'unfulfilled',
  },
  'unknown',
);

/**
 * Shopify has no single order status: cancelled and closed (archived) are
 * flags, everything else is an open order whose progress the fulfillment and
 * payment statuses tell.
 */
export function toOrderStatus(o: Pick<ShopifyOrder, 'cancelledAt' | 'closed' | 'displayFulfillmentStatus' | 'displayFinancialStatus'>): OrderStatus {
  if (o.cancelledAt) return 'Cancelled';
  if (o.closed) return 'Closed';
  switch (o.displayFulfillmentStatus) {
    case 'ON_HOLD':
      return 'OnHold';
    case 'FULFILLED':
      return 'Shipped';
    case 'PARTIALLY_FULFILLED':
    case 'IN_PROGRESS':
      return 'Processing';
  }
  const paid = toPaymentStatus(o.displayFinancialStatus);
  if (paid === 'Failed' || paid === 'Voided') return 'Failed';
  return paid === 'Paid' || paid === 'PartiallyPaid' || paid === 'PartiallyRefunded' ? 'Processing' : 'Pending';
}

function money(bag: ShopifyMoneyBag | null | undefined): string {
  return toDecimalString(bag?.shopMoney.amount ?? '0');
}

function toAddress(a: ShopifyAddress | null): Address | null {
  if (!a) return null;
  return {
    firstName: a.firstName,
    lastName: a.lastName,
    address1: a.address1,
    address2: a.address2,
    city: a.city,
    region: a.provinceCode ?? a.province,
    postalCode: a.zip,
    countryCode: a.countryCodeV2,
    phone: a.phone,
  };
}

function toLineItem(li: ShopifyLineItem, currency: string): LineItem {
  return {
    lineItemId: fromGid(li.id),
    productId: li.product ? fromGid(li.product.id) : null,
    variantId: li.variant ? fromGid(li.variant.id) : null,
    title: li.title,
    sku: li.sku || null,
    quantity: li.quantity,
    price: money(li.originalUnitPriceSet),
    unitCost: null,
    currency: li.originalUnitPriceSet?.shopMoney.currencyCode ?? currency,
  };
}

/** Shopify Order (GraphQL Admin 2025-01) → unified order. Amounts are in the shop's currency (`shopMoney`). */
export function toUnifiedOrder(o: ShopifyOrder, lineItems: ShopifyLineItem[] = o.lineItems.nodes): RemoteOrder {
  const currency = o.totalPriceSet?.shopMoney.currencyCode ?? o.currencyCode;
  return {
    remoteId: fromGid(o.id),
    remoteCreatedAt: normalizeIso(o.createdAt),
    remoteUpdatedAt: normalizeIso(o.updatedAt),
    remoteDeleted: false,
    orderNumber: o.name ? o.name.replace(/^#/, '') : null,
    orderStatus: toOrderStatus(o),
    paymentStatus: toPaymentStatus(o.displayFinancialStatus),
    fulfillmentStatus: toFulfillmentStatus(o.displayFulfillmentStatus),
    totalPrice: money(o.totalPriceSet),
    totalTax: money(o.totalTaxSet),
    totalShipping: money(o.totalShippingPriceSet),
    totalDiscount: money(o.totalDiscountsSet),
    currency,
    lineItems: lineItems.map((li) => toLineItem(li, currency)),
    billingAddress: toAddress(o.billingAddress),
    shippingAddress: toAddress(o.shippingAddress),
    customer: o.customer
      ? {
          customerId: fromGid(o.customer.id),
          firstName: o.customer.firstName,
          lastName: o.customer.lastName,
          email: o.customer.email ?? o.email,
          phone: o.customer.phone,
        }
      : null,
  };
}
