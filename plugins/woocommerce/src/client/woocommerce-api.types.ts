/**
 * Raw provider shapes. TODO(woocommerce): replace the example API's types with
 * the provider's, as its docs name them; only mappers read these.
 */
export interface WoocommerceVariant {
  id: number;
  title: string;
  sku: string | null;
  price: string;
  options: Array<{ name: string; value: string }>;
  stock: number;
  weight: number | null;
  weight_unit: string | null;
  created_at: string;
  updated_at: string;
}

export interface WoocommerceProduct {
  id: number;
  name: string;
  body: string | null;
  type: string | null;
  brand: string | null;
  state: 'active' | 'draft' | 'archived';
  tags: string;
  url: string | null;
  created_at: string;
  updated_at: string;
  variants: WoocommerceVariant[];
}

export interface WoocommerceAddress {
  first_name: string | null;
  last_name: string | null;
  line1: string | null;
  line2: string | null;
  city: string | null;
  region: string | null;
  postcode: string | null;
  country: string | null;
  phone: string | null;
}

export interface WoocommerceOrder {
  id: number;
  number: string;
  created_at: string;
  updated_at: string;
  state: 'open' | 'closed' | 'cancelled';
  payment_state: string;
  fulfillment_state: string;
  currency: string;
  total: string;
  tax: string;
  shipping: string;
  discount: string;
  items: Array<{ id: number; product_id: number | null; variant_id: number | null; title: string; sku: string | null; quantity: number; price: string }>;
  billing_address: WoocommerceAddress | null;
  shipping_address: WoocommerceAddress | null;
  customer: { id: number; first_name: string | null; last_name: string | null; email: string | null; phone: string | null } | null;
}

export type WoocommerceProductWrite = Omit<WoocommerceProduct, 'id' | 'url' | 'created_at' | 'updated_at' | 'variants'> & {
  variants: Array<Omit<WoocommerceVariant, 'id' | 'title' | 'created_at' | 'updated_at'> & { id?: number }>;
};
