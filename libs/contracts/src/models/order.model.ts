/**
 * The unified order model (reference 001). Money is a decimal string with a
 * currency; remote timestamps are ISO 8601 strings.
 */
export type OrderStatus =
  | 'Pending'
  | 'Processing'
  | 'OnHold'
  | 'Shipped'
  | 'Completed'
  | 'Cancelled'
  | 'Closed'
  | 'Failed';
export const ORDER_STATUSES: readonly OrderStatus[] = [
  'Pending',
  'Processing',
  'OnHold',
  'Shipped',
  'Completed',
  'Cancelled',
  'Closed',
  'Failed',
];

export type PaymentStatus =
  | 'Pending'
  | 'Authorized'
  | 'Paid'
  | 'PartiallyPaid'
  | 'PartiallyRefunded'
  | 'Refunded'
  | 'Voided'
  | 'Failed'
  | 'Unknown';
export const PAYMENT_STATUSES: readonly PaymentStatus[] = [
  'Pending',
  'Authorized',
  'Paid',
  'PartiallyPaid',
  'PartiallyRefunded',
  'Refunded',
  'Voided',
  'Failed',
  'Unknown',
];

export type FulfillmentStatus = 'unfulfilled' | 'partial' | 'fulfilled' | 'unknown';
export const FULFILLMENT_STATUSES: readonly FulfillmentStatus[] = ['unfulfilled', 'partial', 'fulfilled', 'unknown'];

export interface Address {
  firstName: string | null;
  lastName: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  region: string | null;
  postalCode: string | null;
  countryCode: string | null;
  phone: string | null;
}

export interface Customer {
  /** The provider's customer id; null for a guest checkout. */
  customerId: string | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
}

export interface LineItem {
  lineItemId: string;
  productId: string | null;
  variantId: string | null;
  title: string | null;
  sku: string | null;
  quantity: number;
  /** Unit price, decimal string. */
  price: string;
  unitCost: string | null;
  currency: string;
}

export interface UnifiedOrder {
  id: string;
  remoteId: string;
  remoteCreatedAt: string | null;
  remoteUpdatedAt: string | null;
  remoteDeleted: boolean;
  createdAt: string;
  updatedAt: string;
  orderNumber: string | null;
  orderStatus: OrderStatus;
  paymentStatus: PaymentStatus;
  fulfillmentStatus: FulfillmentStatus;
  totalPrice: string;
  totalTax: string;
  totalShipping: string;
  totalDiscount: string;
  currency: string;
  lineItems: LineItem[];
  billingAddress: Address | null;
  shippingAddress: Address | null;
  customer: Customer | null;
}

/** What a plugin returns: no ids of ours, no timestamps of ours. */
export type RemoteOrder = Omit<UnifiedOrder, 'id' | 'createdAt' | 'updatedAt'>;
