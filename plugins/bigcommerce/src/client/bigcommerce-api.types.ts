/**
 * Raw BigCommerce shapes as its API reference names them
 * (bigcommerce/docs reference/catalog/products_catalog.v3.yml,
 * product-variants_catalog.v3.yml, orders.v2.oas2.yml, store_information.v2.yml).
 * Only the fields the plugin reads or writes; only mappers read these.
 */

/** `meta.pagination` of Catalog v3 collections. */
export interface BcPagination {
  total: number;
  count: number;
  per_page: number;
  current_page: number;
  total_pages: number;
  links?: { previous?: string; current?: string; next?: string };
}

export interface BcCollection<T> {
  data: T[];
  meta: { pagination?: BcPagination };
}

export interface BcSingle<T> {
  data: T;
  meta: Record<string, unknown>;
}

export interface BcOptionValue {
  id?: number;
  label: string;
  option_id?: number;
  option_display_name: string;
}

export interface BcVariant {
  id: number;
  product_id: number;
  sku: string;
  sku_id?: number | null;
  /** null: the product's price applies. */
  price: number | null;
  calculated_price?: number;
  sale_price?: number | null;
  /** null: the product's weight applies. In the store's weight unit. */
  weight: number | null;
  calculated_weight?: number;
  inventory_level: number;
  purchasing_disabled?: boolean;
  image_url?: string;
  option_values: BcOptionValue[];
}

export interface BcImage {
  id: number;
  product_id?: number;
  is_thumbnail?: boolean;
  sort_order?: number;
  description?: string;
  image_url?: string;
  url_zoom?: string;
  url_standard?: string;
  url_thumbnail?: string;
  url_tiny?: string;
}

export type BcInventoryTracking = 'none' | 'product' | 'variant';
export type BcAvailability = 'available' | 'disabled' | 'preorder';

export interface BcProduct {
  id: number;
  name: string;
  type: 'physical' | 'digital';
  sku: string;
  description: string;
  /** In the store's weight unit (`GET /v2/store` `weight_units`). */
  weight: number;
  price: number;
  categories: number[];
  brand_id: number;
  inventory_level: number;
  inventory_tracking: BcInventoryTracking;
  is_visible: boolean;
  availability: BcAvailability;
  search_keywords: string;
  date_created: string;
  date_modified: string;
  custom_url?: { url: string; is_customized: boolean } | null;
  base_variant_id?: number | null;
  variants?: BcVariant[];
  images?: BcImage[];
}

/** Body of `POST /v3/catalog/products` and `PUT /v3/catalog/products/{id}`. */
export interface BcProductWrite {
  id?: number;
  name: string;
  type: 'physical' | 'digital';
  description: string;
  weight: number;
  price: number;
  categories: number[];
  brand_id: number;
  inventory_tracking: BcInventoryTracking;
  inventory_level?: number;
  is_visible: boolean;
  availability: BcAvailability;
  search_keywords: string;
  sku?: string;
  images?: Array<{ image_url: string; description?: string; is_thumbnail?: boolean; sort_order?: number }>;
  variants?: BcVariantWrite[];
}

export interface BcVariantWrite {
  id?: number;
  product_id?: number;
  sku: string;
  price: number | null;
  weight: number | null;
  inventory_level: number;
  option_values?: Array<{ option_display_name: string; label: string }>;
}

export interface BcBrand {
  id: number;
  name: string;
}

export interface BcCategory {
  id: number;
  parent_id: number;
  name: string;
}

/** `GET /v2/store` (store_information.v2.yml), the fields we use. */
export interface BcStoreInfo {
  id: string;
  domain: string;
  secure_url: string;
  name: string;
  currency: string;
  weight_units: string;
  dimension_units?: string;
}

export interface BcOrderAddress {
  first_name: string;
  last_name: string;
  company?: string;
  street_1: string;
  street_2: string;
  city: string;
  state: string;
  zip: string;
  country: string;
  country_iso2: string;
  phone: string;
  email: string;
}

export interface BcShippingAddress extends BcOrderAddress {
  id: number;
  order_id: number;
}

export interface BcOrder {
  id: number;
  customer_id: number;
  /** RFC 2822, e.g. "Tue, 05 Mar 2019 21:40:11 +0000". */
  date_created: string;
  date_modified: string;
  date_shipped?: string;
  status_id: number;
  status: string;
  custom_status?: string;
  subtotal_ex_tax: string;
  subtotal_inc_tax: string;
  shipping_cost_ex_tax: string;
  shipping_cost_inc_tax: string;
  total_ex_tax: string;
  total_inc_tax: string;
  total_tax: string;
  items_total: number;
  items_shipped: number;
  payment_method?: string;
  payment_status: string;
  refunded_amount: string;
  discount_amount: string;
  coupon_discount: string;
  currency_code: string;
  billing_address: BcOrderAddress;
}

export interface BcOrderProduct {
  id: number;
  order_id: number;
  product_id: number;
  variant_id?: number | null;
  name: string;
  sku: string;
  base_price: string;
  price_ex_tax: string;
  price_inc_tax: string;
  base_cost_price?: string;
  quantity: number;
}

/** An order with the sub-resources the v2 API keeps apart. */
export interface BcOrderBundle {
  order: BcOrder;
  products: BcOrderProduct[];
  shippingAddresses: BcShippingAddress[];
}

/** `POST /v3/hooks` (webhooks.v3.yml). */
export interface BcHook {
  id: number;
  scope: string;
  destination: string;
  is_active: boolean;
  headers?: Record<string, string> | null;
}

/** The light payload BigCommerce posts (https-webhook-overview.mdx "Callback payload"). */
export interface BcWebhookPayload {
  scope: string;
  store_id?: string;
  producer?: string;
  data?: { type?: string; id?: number | string };
  hash?: string;
  created_at?: number;
}
