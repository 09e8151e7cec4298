import { createHash } from 'node:crypto';
import type { WeightUnit } from '@storebridge/contracts';
import { convertWeight, toDecimalString } from '@storebridge/plugin-sdk';
import type { SeedAddress, SeedOrder, SeedProduct, SeedStatuses } from '@storebridge/plugin-sdk/testing';
import type { WooAddress, WooImage, WooOrder, WooProduct, WooTerm, WooVariation } from '../client/woocommerce-api.types';

/** Woo's own unit names for our units (`woocommerce_weight_unit` options). */
export const WOO_UNIT: Record<WeightUnit, string> = { kg: 'kg', g: 'g', lb: 'lbs', oz: 'oz' };

/** The demo site runs at UTC−3 like the docs' examples, so local and `_gmt` timestamps differ. */
const SITE_OFFSET_HOURS = -3;

export function wpDates(unixSeconds: number): { local: string; gmt: string } {
  const gmt = new Date(unixSeconds * 1000).toISOString().slice(0, 19);
  const local = new Date((unixSeconds + SITE_OFFSET_HOURS * 3600) * 1000).toISOString().slice(0, 19);
  return { local, gmt };
}

export function slugify(name: string): string {
  return (
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'item'
  );
}

/** What WordPress stores for a term name: HTML-escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function storeWeight(value: number, from: WeightUnit, storeUnit: WeightUnit): string {
  return String(convertWeight(value, from, storeUnit));
}

export function secretFor(salt: string, consumerKey: string): string {
  return `cs_${createHash('sha256').update(`${salt}:${consumerKey}`).digest('hex').slice(0, 40)}`;
}

/** Seed order lifecycle → the Woo status that tells it best (Woo has no partial payments or fulfillments). */
export function wooStatusForSeed(o: SeedOrder): { status: string; paid: boolean; partialRefund: boolean; completed: boolean } {
  const paid = ['Paid', 'PartiallyPaid', 'PartiallyRefunded', 'Refunded'].includes(o.paymentStatus);
  const fulfilled = o.fulfillmentStatus === 'fulfilled' || o.state === 'closed';
  if (o.paymentStatus === 'Refunded') return { status: 'refunded', paid, partialRefund: false, completed: fulfilled };
  if (o.state === 'cancelled') return { status: 'cancelled', paid, partialRefund: false, completed: false };
  if (fulfilled) return { status: 'completed', paid, partialRefund: o.paymentStatus === 'PartiallyRefunded', completed: true };
  if (o.paymentStatus === 'Pending') return { status: 'pending', paid, partialRefund: false, completed: false };
  if (o.paymentStatus === 'Authorized' || o.paymentStatus === 'Voided') return { status: 'on-hold', paid, partialRefund: false, completed: false };
  return { status: 'processing', paid, partialRefund: o.paymentStatus === 'PartiallyRefunded', completed: false };
}

/**
 * What a seed order reads back as once stored the Woo way: the status above,
 * `date_paid` when paid, a refund line for a partial refund. The conformance
 * suite compares against this instead of the seed's own statuses.
 */
export function wooSeedStatuses(o: SeedOrder): SeedStatuses {
  const woo = wooStatusForSeed(o);
  const paymentStatus =
    woo.status === 'refunded' ? 'Refunded' : woo.partialRefund ? 'PartiallyRefunded' : woo.paid ? 'Paid' : woo.status === 'cancelled' ? 'Voided' : 'Pending';
  return { paymentStatus, fulfillmentStatus: woo.completed ? 'fulfilled' : 'unfulfilled', cancelled: woo.status === 'cancelled' };
}

export function toWooAddress(a: SeedAddress, email?: string): WooAddress {
  return {
    first_name: a.firstName,
    last_name: a.lastName,
    company: '',
    address_1: a.address1,
    address_2: a.address2 ?? '',
    city: a.city,
    state: a.region,
    postcode: a.postalCode,
    country: a.countryCode,
    ...(email !== undefined ? { email } : {}),
    phone: a.phone ?? '',
  };
}

export interface SeedIds {
  nextId(): number;
  term(taxonomy: 'categories' | 'tags' | 'brands', name: string): WooTerm;
}

export function seedProduct(p: SeedProduct, ids: SeedIds, storeUnit: WeightUnit, baseUrl: () => string): { product: WooProduct; variations: WooVariation[] } {
  const created = wpDates(p.createdAt);
  const updated = wpDates(p.updatedAt);
  const id = ids.nextId();
  const slug = slugify(p.title);
  const names: string[] = [];
  const options = new Map<string, string[]>();
  for (const v of p.variants) {
    for (const o of v.optionValues) {
      if (!options.has(o.name)) names.push(o.name);
      const list = options.get(o.name) ?? [];
      if (!list.includes(o.value)) list.push(o.value);
      options.set(o.name, list);
    }
  }
  const variations: WooVariation[] = p.variants.map((v) => {
    const vid = ids.nextId();
    return {
      id: vid,
      date_created: created.local,
      date_created_gmt: created.gmt,
      date_modified: updated.local,
      date_modified_gmt: updated.gmt,
      description: '',
      permalink: `${baseUrl()}/product/${slug}/?${v.optionValues.map((o) => `attribute_${slugify(o.name)}=${encodeURIComponent(o.value)}`).join('&')}`,
      sku: v.sku,
      price: v.price,
      regular_price: v.price,
      sale_price: '',
      status: 'publish',
      manage_stock: true,
      stock_quantity: v.inventory,
      stock_status: v.inventory > 0 ? 'instock' : 'outofstock',
      weight: storeWeight(v.weight.value, v.weight.unit, storeUnit),
      image: null,
      attributes: v.optionValues.map((o) => ({ id: 0, name: o.name, option: o.value })),
    };
  });
  const image: WooImage = { id: ids.nextId(), src: `${baseUrl()}/wp-content/uploads/2024/01/${slug}.jpg`, name: slug, alt: '' };
  const product: WooProduct = {
    id,
    name: p.title,
    slug,
    permalink: `${baseUrl()}/product/${slug}/`,
    date_created: created.local,
    date_created_gmt: created.gmt,
    date_modified: updated.local,
    date_modified_gmt: updated.gmt,
    type: 'variable',
    status: ({ ACTIVE: 'publish', DRAFT: 'draft', ARCHIVED: 'private' } as const)[p.status],
    description: p.description,
    short_description: '',
    sku: '',
    price: variations.map((v) => v.price).sort((a, b) => Number(a) - Number(b))[0] ?? '',
    regular_price: '',
    sale_price: '',
    manage_stock: false,
    stock_quantity: null,
    stock_status: 'instock',
    weight: '',
    categories: [ids.term('categories', p.productType)].map(({ id: tid, name, slug: s }) => ({ id: tid, name, slug: s })),
    tags: p.tags.map((t) => ids.term('tags', t)).map(({ id: tid, name, slug: s }) => ({ id: tid, name, slug: s })),
    brands: [ids.term('brands', p.vendor)].map(({ id: tid, name, slug: s }) => ({ id: tid, name, slug: s })),
    images: [image],
    attributes: names.map((name, position) => ({ id: 0, name, position, visible: true, variation: true, options: options.get(name)! })),
    variations: variations.map((v) => v.id),
    parent_id: 0,
  };
  return { product, variations };
}

export function seedOrder(o: SeedOrder, productIds: Map<number, { id: number; variationIds: number[] }>): WooOrder {
  const s = wooStatusForSeed(o);
  const created = wpDates(o.createdAt);
  const updated = wpDates(o.updatedAt);
  const paidAt = wpDates(o.createdAt + 3600);
  const doneAt = wpDates(o.createdAt + 86400);
  return {
    id: Number(o.orderNumber),
    parent_id: 0,
    number: o.orderNumber,
    status: s.status,
    currency: o.currency,
    date_created: created.local,
    date_created_gmt: created.gmt,
    date_modified: updated.local,
    date_modified_gmt: updated.gmt,
    discount_total: o.totalDiscount,
    discount_tax: '0.00',
    shipping_total: o.totalShipping,
    shipping_tax: '0.00',
    cart_tax: o.totalTax,
    total: o.totalPrice,
    total_tax: o.totalTax,
    prices_include_tax: false,
    customer_id: Number(o.customer.customerId),
    billing: toWooAddress(o.billingAddress, o.customer.email),
    shipping: toWooAddress(o.shippingAddress),
    payment_method: 'bacs',
    transaction_id: '',
    date_paid: s.paid ? paidAt.local : null,
    date_paid_gmt: s.paid ? paidAt.gmt : null,
    date_completed: s.completed ? doneAt.local : null,
    date_completed_gmt: s.completed ? doneAt.gmt : null,
    line_items: o.lineItems.map((li, i) => {
      const ref = productIds.get(li.productIndex)!;
      const subtotal = toDecimalString(Number(li.price) * li.quantity);
      return {
        id: Number(o.orderNumber) * 10 + i,
        name: li.title,
        product_id: ref.id,
        variation_id: ref.variationIds[li.variantIndex] ?? 0,
        quantity: li.quantity,
        subtotal,
        subtotal_tax: '0.00',
        total: subtotal,
        total_tax: '0.00',
        sku: li.sku,
        price: Number(li.price),
      };
    }),
    refunds: s.partialRefund ? [{ id: Number(o.orderNumber) * 10 + 9, reason: 'partial refund', total: `-${toDecimalString(Number(o.totalPrice) / 2)}` }] : [],
  };
}
