import type { FulfillmentStatus, PaymentStatus, ProductStatus, WeightUnit } from '@storebridge/contracts';
import { toDecimalString } from '../mapping/money.util';

/** mulberry32: a tiny seeded PRNG, so every sandbox holds the same store for the same seed. */
export function createPrng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Provider-neutral seed records. Each sandbox turns them into its provider's
 * native shape; the conformance suite regenerates them from the same seed to
 * check what a plugin maps back.
 */
export interface SeedVariant {
  title: string;
  sku: string;
  price: string;
  optionValues: Array<{ name: string; value: string }>;
  inventory: number;
  weight: { value: number; unit: WeightUnit };
}

export interface SeedProduct {
  /** 1-based position; sandboxes derive their numeric ids from it. */
  index: number;
  title: string;
  description: string;
  productType: string;
  vendor: string;
  status: ProductStatus;
  tags: string[];
  /** Unix seconds. */
  createdAt: number;
  updatedAt: number;
  variants: SeedVariant[];
}

export interface SeedAddress {
  firstName: string;
  lastName: string;
  address1: string;
  address2: string | null;
  city: string;
  region: string;
  postalCode: string;
  countryCode: string;
  phone: string | null;
}

export interface SeedLineItem {
  productIndex: number;
  variantIndex: number;
  title: string;
  sku: string;
  quantity: number;
  price: string;
}

export interface SeedOrder {
  index: number;
  orderNumber: string;
  createdAt: number;
  updatedAt: number;
  currency: string;
  /** Lifecycle as most providers keep it. */
  state: 'open' | 'closed' | 'cancelled';
  paymentStatus: PaymentStatus;
  fulfillmentStatus: FulfillmentStatus;
  lineItems: SeedLineItem[];
  subtotal: string;
  totalTax: string;
  totalShipping: string;
  totalDiscount: string;
  totalPrice: string;
  customer: { customerId: string; firstName: string; lastName: string; email: string; phone: string | null };
  billingAddress: SeedAddress;
  shippingAddress: SeedAddress;
}

const ADJECTIVES = ['Classic', 'Urban', 'Alpine', 'Coastal', 'Vintage', 'Modern', 'Rugged', 'Silky'];
const NOUNS = ['Shirt', 'Hoodie', 'Snowboard', 'Mug', 'Backpack', 'Cap', 'Jacket', 'Lamp'];
const TYPES = ['Apparel', 'Outdoor', 'Home', 'Accessories'];
const VENDORS = ['Acme', 'Burton', 'Northwind', 'Globex'];
const TAGS = ['Fashion', 'Comfort', 'Sale', 'New', 'Eco', 'Gift'];
const STATUSES: ProductStatus[] = ['ACTIVE', 'ACTIVE', 'ACTIVE', 'DRAFT', 'ARCHIVED'];
const SIZES = ['S', 'M', 'L', 'XL'];
const COLORS = ['Red', 'Blue', 'Black'];
const UNITS: WeightUnit[] = ['kg', 'g', 'oz', 'lb'];
const FIRST = ['Alice', 'Bob', 'Charlie', 'Dana', 'Eve', 'Frank'];
const LAST = ['Smith', 'Johnson', 'Davis', 'Norman', 'Lee'];
const CITIES: Array<[string, string, string]> = [['New York', 'NY', '10001'], ['Los Angeles', 'CA', '90001'], ['Chicago', 'IL', '60601']];
const PAYMENT: PaymentStatus[] = ['Pending', 'Authorized', 'Paid', 'Paid', 'PartiallyPaid', 'PartiallyRefunded', 'Refunded', 'Voided'];
const FULFILLMENT: FulfillmentStatus[] = ['unfulfilled', 'unfulfilled', 'partial', 'fulfilled'];

/** 2024-01-01T00:00:00Z; records are spread over the following weeks. */
const EPOCH = 1704067200;

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)];
}

export function generateSeedProducts(seed: number, count: number): SeedProduct[] {
  const rand = createPrng(seed);
  return Array.from({ length: count }, (_, i) => {
    const index = i + 1;
    const title = `${pick(rand, ADJECTIVES)} ${pick(rand, NOUNS)} ${index}`;
    const createdAt = EPOCH + i * 3600 + Math.floor(rand() * 600);
    const updatedAt = createdAt + Math.floor(rand() * 30) * 86400;
    const sizes = SIZES.slice(0, 1 + Math.floor(rand() * 3));
    const color = pick(rand, COLORS);
    const unit = pick(rand, UNITS);
    const variants = sizes.map((size, v) => ({
      title: `${size} / ${color}`,
      sku: `SKU-${index}-${size}`,
      price: toDecimalString((500 + Math.floor(rand() * 20000)) / 100),
      optionValues: [
        { name: 'Size', value: size },
        { name: 'Color', value: color },
      ],
      inventory: Math.floor(rand() * 100),
      weight: { value: unit === 'g' ? 100 + v * 50 : Math.round((0.25 + v * 0.25) * 100) / 100, unit },
    }));
    return {
      index,
      title,
      description: `${title}: made for ${pick(rand, ['winter', 'summer', 'everyday', 'travel'])} use.`,
      productType: pick(rand, TYPES),
      vendor: pick(rand, VENDORS),
      status: pick(rand, STATUSES),
      tags: [...new Set([pick(rand, TAGS), pick(rand, TAGS)])].sort(),
      createdAt,
      updatedAt,
      variants,
    };
  });
}

function address(rand: () => number, first: string, last: string): SeedAddress {
  const [city, region, postalCode] = pick(rand, CITIES);
  return {
    firstName: first,
    lastName: last,
    address1: `${100 + Math.floor(rand() * 800)} Main Street`,
    address2: rand() < 0.5 ? `Apt ${1 + Math.floor(rand() * 20)}` : null,
    city,
    region,
    postalCode,
    countryCode: 'US',
    phone: `555${String(Math.floor(rand() * 1e7)).padStart(7, '0')}`,
  };
}

function cents(s: string): number {
  return Math.round(Number(s) * 100);
}

export function generateSeedOrders(seed: number, count: number, products: SeedProduct[]): SeedOrder[] {
  const rand = createPrng(seed ^ 0x5eed);
  return Array.from({ length: count }, (_, i) => {
    const index = i + 1;
    const createdAt = EPOCH + 86400 + i * 5400 + Math.floor(rand() * 600);
    const lines = 1 + Math.floor(rand() * 3);
    const lineItems: SeedLineItem[] = [];
    for (let l = 0; l < lines && products.length; l++) {
      const p = pick(rand, products);
      const variantIndex = Math.floor(rand() * p.variants.length);
      const v = p.variants[variantIndex];
      lineItems.push({ productIndex: p.index, variantIndex, title: p.title, sku: v.sku, quantity: 1 + Math.floor(rand() * 3), price: v.price });
    }
    const subtotalCents = lineItems.reduce((s, li) => s + cents(li.price) * li.quantity, 0);
    const tax = Math.round(subtotalCents * 0.08);
    const shipping = pick(rand, [0, 500, 999]);
    const discount = rand() < 0.3 ? Math.min(1000, subtotalCents) : 0;
    const first = pick(rand, FIRST);
    const last = pick(rand, LAST);
    const state = pick(rand, ['open', 'open', 'open', 'closed', 'cancelled'] as const);
    const billing = address(rand, first, last);
    return {
      index,
      orderNumber: String(1000 + index),
      createdAt,
      updatedAt: createdAt + Math.floor(rand() * 10) * 86400,
      currency: pick(rand, ['USD', 'USD', 'EUR']),
      state,
      paymentStatus: state === 'cancelled' ? pick(rand, ['Voided', 'Refunded'] as const) : pick(rand, PAYMENT),
      fulfillmentStatus: state === 'cancelled' ? 'unfulfilled' : state === 'closed' ? 'fulfilled' : pick(rand, FULFILLMENT),
      lineItems,
      subtotal: toDecimalString(subtotalCents / 100),
      totalTax: toDecimalString(tax / 100),
      totalShipping: toDecimalString(shipping / 100),
      totalDiscount: toDecimalString(discount / 100),
      totalPrice: toDecimalString((subtotalCents + tax + shipping - discount) / 100),
      customer: {
        customerId: String(9000 + Math.floor(rand() * 50)),
        firstName: first,
        lastName: last,
        email: `${first.toLowerCase()}.${last.toLowerCase()}@example.com`,
        phone: billing.phone,
      },
      billingAddress: billing,
      shippingAddress: rand() < 0.8 ? billing : address(rand, first, last),
    };
  });
}
