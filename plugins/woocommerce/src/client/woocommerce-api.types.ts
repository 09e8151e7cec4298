/**
 * Raw WooCommerce REST API v3 shapes, named as the docs name them
 * (https://woocommerce.github.io/woocommerce-rest-api-docs/). Only mappers
 * and the client read these.
 */

/** Every wc/v3 error body: `{ code, message, data: { status } }`. */
export interface WooError {
  code: string;
  message: string;
  data?: { status?: number; [key: string]: unknown } | null;
}

export interface WooTermRef {
  id: number;
  name: string;
  slug: string;
}

export interface WooImage {
  id: number;
  src: string;
  name?: string;
  alt?: string;
  date_created?: string;
  date_created_gmt?: string;
  date_modified?: string;
  date_modified_gmt?: string;
}

export interface WooProductAttribute {
  id: number;
  name: string;
  position?: number;
  visible?: boolean;
  variation?: boolean;
  options: string[];
}

export interface WooVariationAttribute {
  id: number;
  name: string;
  /** Empty when the variation matches "any" value of the attribute. */
  option: string;
}

export type WooProductStatus = 'draft' | 'pending' | 'private' | 'publish' | 'future' | 'trash';
export type WooProductType = 'simple' | 'grouped' | 'external' | 'variable';

interface WooSellable {
  id: number;
  date_created: string | null;
  date_created_gmt: string | null;
  date_modified: string | null;
  date_modified_gmt: string | null;
  description: string;
  permalink: string;
  sku: string;
  /** Read-only: the current price (the sale price while on sale). */
  price: string;
  regular_price: string;
  sale_price: string;
  /** Variations say "parent" when the parent product manages their stock. */
  manage_stock: boolean | 'parent';
  stock_quantity: number | null;
  stock_status: string;
  /** In the store's weight unit (`woocommerce_weight_unit`). */
  weight: string;
}

export interface WooVariation extends WooSellable {
  status: WooProductStatus;
  image: WooImage | null;
  attributes: WooVariationAttribute[];
}

export interface WooProduct extends WooSellable {
  name: string;
  slug: string;
  type: WooProductType;
  status: WooProductStatus;
  short_description: string;
  categories: WooTermRef[];
  tags: WooTermRef[];
  /** WooCommerce 9.6+ (core Brands); absent on older stores. */
  brands?: WooTermRef[];
  images: WooImage[];
  attributes: WooProductAttribute[];
  /** Ids of the variations of a variable product. */
  variations: number[];
  parent_id: number;
}

export interface WooProductWrite {
  name?: string;
  type?: WooProductType;
  status?: WooProductStatus;
  description?: string;
  sku?: string;
  regular_price?: string;
  sale_price?: string;
  manage_stock?: boolean;
  stock_quantity?: number;
  weight?: string;
  categories?: Array<{ id: number }>;
  tags?: Array<{ id: number }>;
  /** Brands are set by id list (WooCommerce Brands REST API). */
  brands?: number[];
  images?: Array<{ src: string; alt?: string }>;
  attributes?: Array<{ name: string; position: number; visible: boolean; variation: boolean; options: string[] }>;
}

export interface WooVariationWrite {
  id?: number;
  sku?: string;
  regular_price?: string;
  sale_price?: string;
  manage_stock?: boolean;
  stock_quantity?: number;
  weight?: string;
  attributes?: Array<{ name: string; option: string }>;
}

export interface WooBatchRequest<W> {
  create?: W[];
  update?: Array<W & { id: number }>;
  delete?: number[];
}

/** A batch answers 200 even when single items failed: each failed item carries `error`. */
export type WooBatchItem<T> = T | { id: number; error: WooError };

export interface WooBatchResponse<T> {
  create?: Array<WooBatchItem<T>>;
  update?: Array<WooBatchItem<T>>;
  delete?: Array<WooBatchItem<T>>;
}

export interface WooTerm {
  id: number;
  name: string;
  slug: string;
  count?: number;
}

export interface WooSetting {
  id: string;
  label?: string;
  value: unknown;
  options?: Record<string, string>;
}

export interface WooAddress {
  first_name: string;
  last_name: string;
  company: string;
  address_1: string;
  address_2: string;
  city: string;
  state: string;
  postcode: string;
  country: string;
  email?: string;
  phone?: string;
}

export type WooOrderStatus = 'pending' | 'processing' | 'on-hold' | 'completed' | 'cancelled' | 'refunded' | 'failed' | 'trash' | 'checkout-draft' | string;

export interface WooLineItem {
  id: number;
  name: string;
  product_id: number;
  variation_id: number;
  quantity: number;
  subtotal: string;
  subtotal_tax: string;
  total: string;
  total_tax: string;
  sku: string | null;
  price: number | string;
}

export interface WooOrder {
  id: number;
  parent_id: number;
  number: string;
  status: WooOrderStatus;
  currency: string;
  date_created: string | null;
  date_created_gmt: string | null;
  date_modified: string | null;
  date_modified_gmt: string | null;
  discount_total: string;
  discount_tax: string;
  shipping_total: string;
  shipping_tax: string;
  cart_tax: string;
  total: string;
  total_tax: string;
  prices_include_tax: boolean;
  customer_id: number;
  billing: WooAddress;
  shipping: WooAddress;
  payment_method: string;
  transaction_id: string;
  date_paid: string | null;
  date_paid_gmt: string | null;
  date_completed: string | null;
  date_completed_gmt: string | null;
  line_items: WooLineItem[];
  refunds?: Array<{ id: number; reason: string; total: string }>;
}

export interface WooWebhook {
  id: number;
  name: string;
  status: 'active' | 'paused' | 'disabled';
  topic: string;
  delivery_url: string;
  secret?: string;
}

/** What WooCommerce POSTs to `callback_url` after the merchant approves an app (Application Authentication Endpoint). */
export interface WooAuthCallbackPayload {
  key_id: number;
  user_id: string | number;
  consumer_key: string;
  consumer_secret: string;
  key_permissions: 'read' | 'write' | 'read_write';
}
