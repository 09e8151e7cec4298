import { Column, Entity, Index } from 'typeorm';
import type { Address, Customer, FulfillmentStatus, LineItem, OrderStatus, PaymentStatus } from '@storebridge/contracts';
import { TenantOwnedEntity } from '@storebridge/tenancy';

/**
 * A store's order as imported, in the unified model of reference 001.
 * One row per (connection, remote order); money columns are `numeric`, so
 * decimal strings round-trip without float drift.
 */
@Entity('orders')
@Index(['connectionId', 'remoteId'], { unique: true })
export class OrderEntity extends TenantOwnedEntity {
  /** Insertion order: the list's keyset, exact where timestamps would tie. */
  @Column({ type: 'bigint', insert: false, update: false })
  seq!: string;

  @Column({ name: 'connection_id', type: 'uuid' })
  connectionId!: string;

  @Column({ type: 'text' })
  provider!: string;

  @Column({ name: 'remote_id', type: 'text' })
  remoteId!: string;

  @Column({ name: 'order_number', type: 'text', nullable: true })
  orderNumber!: string | null;

  @Column({ name: 'order_status', type: 'text' })
  orderStatus!: OrderStatus;

  @Column({ name: 'payment_status', type: 'text' })
  paymentStatus!: PaymentStatus;

  @Column({ name: 'fulfillment_status', type: 'text' })
  fulfillmentStatus!: FulfillmentStatus;

  @Column({ type: 'text' })
  currency!: string;

  @Column({ name: 'total_price', type: 'numeric' })
  totalPrice!: string;

  @Column({ name: 'total_tax', type: 'numeric' })
  totalTax!: string;

  @Column({ name: 'total_shipping', type: 'numeric' })
  totalShipping!: string;

  @Column({ name: 'total_discount', type: 'numeric' })
  totalDiscount!: string;

  @Column({ name: 'line_items', type: 'jsonb' })
  lineItems!: LineItem[];

  @Column({ name: 'billing_address', type: 'jsonb', nullable: true })
  billingAddress!: Address | null;

  @Column({ name: 'shipping_address', type: 'jsonb', nullable: true })
  shippingAddress!: Address | null;

  @Column({ type: 'jsonb', nullable: true })
  customer!: Customer | null;

  @Column({ name: 'remote_created_at', type: 'timestamptz', nullable: true })
  remoteCreatedAt!: Date | null;

  @Column({ name: 'remote_updated_at', type: 'timestamptz', nullable: true })
  remoteUpdatedAt!: Date | null;

  @Column({ name: 'remote_deleted', type: 'boolean', default: false })
  remoteDeleted!: boolean;
}
