import { randomBytes, randomUUID } from 'node:crypto';
import { GraphQLError, buildSchema, execute, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { RateLimitPolicy } from '@storebridge/contracts';
import { actualQueryCost, hmacSha256, requestedQueryCost, unixSecondsToIso } from '@storebridge/plugin-sdk';
import {
  SandboxConsent,
  SandboxServer,
  generateSeedOrders,
  generateSeedProducts,
  oauthAppConformance,
  sandboxJson,
  sandboxRedirectTarget,
  type ConformanceSandbox,
  type SandboxRequest,
  type SandboxResponse,
  type SeedAddress,
  type SeedOrder,
  type SeedProduct,
} from '@storebridge/plugin-sdk/testing';
import { shopifyCallbackMessage } from '../auth/shopify.auth';
import { SHOPIFY_MAX_QUERY_COST, SHOPIFY_PLAN_LIMITS, type ShopifyPlan } from '../shopify.config';
import { SHOPIFY_SANDBOX_SDL } from './shopify-sandbox.schema';

type Limits = { maxAvailable: number; restorePerSecond: number };
type WeightUnitName = 'GRAMS' | 'KILOGRAMS' | 'OUNCES' | 'POUNDS';

interface SbVariant {
  id: number;
  title: string;
  sku: string | null;
  price: string;
  inventoryQuantity: number;
  selectedOptions: Array<{ name: string; value: string }>;
  weight: { unit: WeightUnitName; value: number };
  createdAt: string;
  updatedAt: string;
}

/** A file of the store (Shopify keeps files apart from the products that show them). */
interface SbMedia {
  id: number;
  alt: string | null;
  /** The name Shopify stores it under, which its CDN URL carries. */
  filename: string;
  url: string;
}

interface SbProduct {
  id: number;
  title: string;
  descriptionHtml: string;
  productType: string;
  vendor: string;
  status: 'ACTIVE' | 'DRAFT' | 'ARCHIVED';
  tags: string[];
  handle: string;
  createdAt: string;
  updatedAt: string;
  variants: SbVariant[];
  /** In display order. */
  media: SbMedia[];
}

interface SbWebhookSubscription {
  id: number;
  topic: string;
  callbackUrl: string;
  format: 'JSON' | 'XML';
  includeFields: string[];
  createdAt: string;
}

interface SbLineItem {
  id: number;
  title: string;
  sku: string;
  quantity: number;
  price: string;
  productId: number;
  variantId: number;
}

interface SbOrder {
  id: number;
  name: string;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  closed: boolean;
  closedAt: string | null;
  displayFinancialStatus: string;
  displayFulfillmentStatus: string;
  currencyCode: string;
  email: string;
  subtotal: string;
  totalTax: string;
  totalShipping: string;
  totalDiscount: string;
  totalPrice: string;
  lineItems: SbLineItem[];
  billingAddress: SeedAddress;
  shippingAddress: SeedAddress;
  customer: { id: number; firstName: string; lastName: string; email: string; phone: string | null };
}

const UNIT: Record<string, WeightUnitName> = { kg: 'KILOGRAMS', g: 'GRAMS', oz: 'OUNCES', lb: 'POUNDS' };
const FINANCIAL: Record<string, string> = {
  Pending: 'PENDING', Authorized: 'AUTHORIZED', Paid: 'PAID', PartiallyPaid: 'PARTIALLY_PAID', PartiallyRefunded: 'PARTIALLY_REFUNDED',
  Refunded: 'REFUNDED', Voided: 'VOIDED', Failed: 'EXPIRED', Unknown: 'PENDING',
};
const FULFILLMENT: Record<string, string> = { unfulfilled: 'UNFULFILLED', partial: 'PARTIALLY_FULFILLED', fulfilled: 'FULFILLED', unknown: 'UNFULFILLED' };
const PRODUCT_BASE = 8_000_000_000;
const VARIANT_BASE = 44_000_000_000;
const ORDER_BASE = 5_000_000_000;
const LINE_ITEM_BASE = 13_000_000_000;
/** Line item ids are LINE_ITEM_BASE + order index × this + position, so an order holds at most this many. */
const LINES_PER_ORDER = 1000;
const MEDIA_BASE = 30_000_000_000;
const WEBHOOK_BASE = 1_000_000;
const LOCATION_ID = 'gid://shopify/Location/1';
/** https://shopify.dev/docs/api/admin-graphql/2025-01/enums/FilesErrorCode (PRODUCT_MEDIA_LIMIT_EXCEEDED, ALT_VALUE_LIMIT_EXCEEDED). */
const MEDIA_PER_PRODUCT = 250;
const ALT_MAX = 512;

const gid = (type: string, id: number) => `gid://shopify/${type}/${id}`;
const idOf = (g: string): number => Number(/\/(\d+)$/.exec(g)?.[1] ?? NaN);
const handleOf = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
const encodeCursor = (id: number) => Buffer.from(JSON.stringify({ last_id: id, last_value: String(id) })).toString('base64');
const decodeCursor = (c: string): number => {
  try {
    return Number(JSON.parse(Buffer.from(c, 'base64').toString('utf8')).last_id);
  } catch {
    throw new GraphQLError(`Invalid cursor for current pagination sort.`);
  }
};

/** A query text parsed and validated, or what Shopify answers about it. */
type CheckedDocument = { doc: DocumentNode } | { errors: Array<{ message: string; extensions?: { code: string } }> };

/** Distinct query texts the sandbox keeps parsed and validated (the oldest goes first). */
const MAX_CACHED_DOCUMENTS = 200;

interface ConnArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
}

/**
 * Relay connection over items sorted by id (or by `sortKey`, e.g. a product's
 * media by position), as Shopify pages them (https://shopify.dev/docs/api/usage/pagination-graphql).
 */
function connection<T extends { id: number }, V>(items: T[], args: ConnArgs, view: (t: T) => V, sortKey: (t: T, index: number) => number = (t) => t.id) {
  if (args.first == null) throw new GraphQLError('you must provide one of first or last');
  if (args.first > 250) throw new GraphQLError('The first argument must be at most 250');
  const after = args.after ? decodeCursor(args.after) : -1;
  const rest = items
    .map((t, i) => ({ t, key: sortKey(t, i) }))
    .sort((a, b) => a.key - b.key)
    .filter((x) => x.key > after);
  const page = rest.slice(0, args.first);
  const edges = page.map(({ t, key }) => ({ cursor: encodeCursor(key), node: view(t) }));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage: rest.length > page.length,
      hasPreviousPage: after >= 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/** The subset of Shopify's search syntax we push down (https://shopify.dev/docs/api/usage/search-syntax). */
function parseSearch(q: string | null | undefined): Array<{ field: string; op: string; value: string }> {
  const terms: Array<{ field: string; op: string; value: string }> = [];
  if (!q) return terms;
  const re = /(\w+):(>=|<=|>|<)?("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s)]+)/g;
  for (let m = re.exec(q); m; m = re.exec(q)) {
    const raw = m[3];
    const value = /^["']/.test(raw) ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
    terms.push({ field: m[1].toLowerCase(), op: m[2] ?? ':', value });
  }
  return terms;
}

function compare(a: number, op: string, b: number): boolean {
  switch (op) {
    case '>=': return a >= b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '<': return a < b;
    default: return a === b;
  }
}

const eqi = (a: string | null | undefined, b: string) => (a ?? '').toLowerCase() === b.toLowerCase();

function productMatches(p: SbProduct, terms: ReturnType<typeof parseSearch>): boolean {
  return terms.every(({ field, op, value }) => {
    switch (field) {
      case 'updated_at': return compare(Date.parse(p.updatedAt), op, Date.parse(value));
      case 'created_at': return compare(Date.parse(p.createdAt), op, Date.parse(value));
      case 'product_type': return eqi(p.productType, value);
      case 'vendor': return eqi(p.vendor, value);
      case 'status': return value.split(',').some((s) => eqi(p.status, s));
      case 'sku': return p.variants.some((v) => v.sku === value);
      case 'id': return compare(p.id, op, Number(value));
      default: return true; // Shopify ignores fields it does not know.
    }
  });
}

function orderMatches(o: SbOrder, terms: ReturnType<typeof parseSearch>): boolean {
  return terms.every(({ field, op, value }) => {
    switch (field) {
      case 'updated_at': return compare(Date.parse(o.updatedAt), op, Date.parse(value));
      case 'created_at': return compare(Date.parse(o.createdAt), op, Date.parse(value));
      case 'financial_status': return eqi(o.displayFinancialStatus, value);
      case 'fulfillment_status': return eqi(o.displayFulfillmentStatus, value);
      case 'status': return value === 'cancelled' ? !!o.cancelledAt : value === 'closed' ? o.closed : value === 'open' ? !o.closed && !o.cancelledAt : true;
      case 'id': return compare(o.id, op, Number(value));
      default: return true;
    }
  });
}

export interface ShopifySandboxOptions {
  /** Seed of the generated store (default 1). */
  seed?: number;
  products?: number;
  orders?: number;
  /** A plan's published limits, or explicit ones. */
  plan?: ShopifyPlan | Limits;
  /**
   * Multiplies bucket and restore rate alike (default 1), so benchmarks run
   * faster at the same ratio to the published limits.
   */
  limitScale?: number;
  clientId?: string;
  clientSecret?: string;
  /** A ready token (default: generated). */
  accessToken?: string;
  /** Injected clock for the cost bucket. */
  now?: () => number;
}

/**
 * An emulator of the GraphQL Admin API subset the plugin uses: a real
 * GraphQL server over a seeded store, Shopify's calculated query cost and
 * leaky-bucket throttling (THROTTLED in `errors[].extensions.code`, cost in
 * `extensions.cost`), the OAuth authorize and token endpoints, and the kit's
 * fault injection and control endpoints.
 */
export class ShopifySandbox extends SandboxServer {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly limits: Limits;
  private readonly schema: GraphQLSchema = buildSchema(SHOPIFY_SANDBOX_SDL);
  private readonly documents = new Map<string, CheckedDocument>();
  private readonly products = new Map<number, SbProduct>();
  private readonly orders = new Map<number, SbOrder>();
  private readonly files = new Map<number, SbMedia>();
  private readonly subscriptions = new Map<number, SbWebhookSubscription>();
  private nextSubscriptionId = WEBHOOK_BASE;
  private nextMediaId = MEDIA_BASE;
  /** The authorize screen; a code remembers the scope it granted. */
  readonly consent = new SandboxConsent<string>();
  private nextProductId: number;
  private nextOrderIndex: number;
  private readonly seedProducts: SeedProduct[];
  private nextVariantId = VARIANT_BASE + 9_000_000;
  private available: number;
  private lastRefill: number;
  private readonly now: () => number;
  /** Cost points actually charged (after refunds) since start, for benchmarks. */
  pointsCharged = 0;

  constructor(readonly options: ShopifySandboxOptions = {}) {
    super();
    const plan = options.plan ?? 'standard';
    const base = typeof plan === 'string' ? SHOPIFY_PLAN_LIMITS[plan] : plan;
    const scale = options.limitScale ?? 1;
    this.limits = { maxAvailable: base.maxAvailable * scale, restorePerSecond: base.restorePerSecond * scale };
    this.available = this.limits.maxAvailable;
    this.now = options.now ?? (() => performance.now());
    this.lastRefill = this.now();
    this.clientId = options.clientId ?? 'sandbox-client-id';
    this.clientSecret = options.clientSecret ?? 'sandbox-client-secret';
    const seed = options.seed ?? 1;
    const seedProducts = generateSeedProducts(seed, options.products ?? 50);
    seedProducts.forEach((p) => this.products.set(PRODUCT_BASE + p.index, this.fromSeedProduct(p)));
    const seedOrders = generateSeedOrders(seed, options.orders ?? 30, seedProducts);
    seedOrders.forEach((o) => this.orders.set(ORDER_BASE + o.index, this.fromSeedOrder(o)));
    this.seedProducts = seedProducts;
    this.nextProductId = PRODUCT_BASE + seedProducts.length + 1;
    this.nextOrderIndex = seedOrders.length + 1;
  }

  /**
   * Adds an order of `lineItems` lines (the seed products' variants in turn),
   * for orders longer than one page of line items. Returns its remote id.
   */
  addOrder(options: { lineItems: number }): string {
    const count = options.lineItems;
    if (!Number.isInteger(count) || count < 1 || count > LINES_PER_ORDER) throw new Error(`an order holds 1 to ${LINES_PER_ORDER} line items, not ${count}`);
    if (!this.seedProducts.length) throw new Error('the sandbox has no products to order');
    const index = this.nextOrderIndex++;
    // Customer, addresses, dates and statuses of a generated order; the lines are ours.
    const [template] = generateSeedOrders((this.options.seed ?? 1) + index, 1, this.seedProducts);
    const lineItems = Array.from({ length: count }, (_, l) => {
      const p = this.seedProducts[l % this.seedProducts.length];
      const variantIndex = l % p.variants.length;
      const v = p.variants[variantIndex];
      return { productIndex: p.index, variantIndex, title: p.title, sku: v.sku, quantity: 1 + (l % 3), price: v.price };
    });
    const cents = (amount: string) => Math.round(Number(amount) * 100);
    const subtotal = lineItems.reduce((sum, li) => sum + cents(li.price) * li.quantity, 0);
    const tax = Math.round(subtotal * 0.08);
    const money = (c: number) => (c / 100).toFixed(2);
    this.orders.set(
      ORDER_BASE + index,
      this.fromSeedOrder({
        ...template,
        index,
        orderNumber: String(1000 + index),
        lineItems,
        subtotal: money(subtotal),
        totalTax: money(tax),
        totalDiscount: '0.00',
        totalPrice: money(subtotal + tax + cents(template.totalShipping)),
      }),
    );
    return String(ORDER_BASE + index);
  }

  get shopDomain(): string {
    return new URL(this.baseUrl).host;
  }

  protected recordCounts(): Record<string, number> {
    return { products: this.products.size, orders: this.orders.size, files: this.files.size, webhookSubscriptions: this.subscriptions.size };
  }

  /** The webhook subscriptions the app made on this shop, oldest first. */
  webhookSubscriptions(): Array<{ topic: string; callbackUrl: string; format: string }> {
    return [...this.subscriptions.values()].map(({ topic, callbackUrl, format }) => ({ topic, callbackUrl, format }));
  }

  private fromSeedProduct(p: SeedProduct): SbProduct {
    const id = PRODUCT_BASE + p.index;
    return {
      id,
      title: p.title,
      descriptionHtml: p.description,
      productType: p.productType,
      vendor: p.vendor,
      status: p.status,
      tags: p.tags,
      handle: handleOf(p.title),
      createdAt: unixSecondsToIso(p.createdAt),
      updatedAt: unixSecondsToIso(p.updatedAt),
      media: [],
      variants: p.variants.map((v, i) => ({
        id: VARIANT_BASE + p.index * 100 + i,
        title: v.title,
        sku: v.sku,
        price: v.price,
        inventoryQuantity: v.inventory,
        selectedOptions: v.optionValues,
        weight: { unit: UNIT[v.weight.unit], value: v.weight.value },
        createdAt: unixSecondsToIso(p.createdAt),
        updatedAt: unixSecondsToIso(p.updatedAt),
      })),
    };
  }

  private fromSeedOrder(o: SeedOrder): SbOrder {
    const updatedAt = unixSecondsToIso(o.updatedAt);
    return {
      id: ORDER_BASE + o.index,
      name: `#${o.orderNumber}`,
      createdAt: unixSecondsToIso(o.createdAt),
      updatedAt,
      cancelledAt: o.state === 'cancelled' ? updatedAt : null,
      closed: o.state === 'closed',
      closedAt: o.state === 'closed' ? updatedAt : null,
      displayFinancialStatus: FINANCIAL[o.paymentStatus],
      displayFulfillmentStatus: FULFILLMENT[o.fulfillmentStatus],
      currencyCode: o.currency,
      email: o.customer.email,
      subtotal: o.subtotal,
      totalTax: o.totalTax,
      totalShipping: o.totalShipping,
      totalDiscount: o.totalDiscount,
      totalPrice: o.totalPrice,
      lineItems: o.lineItems.map((li, i) => ({
        id: LINE_ITEM_BASE + o.index * LINES_PER_ORDER + i,
        title: li.title,
        sku: li.sku,
        quantity: li.quantity,
        price: li.price,
        productId: PRODUCT_BASE + li.productIndex,
        variantId: VARIANT_BASE + li.productIndex * 100 + li.variantIndex,
      })),
      billingAddress: o.billingAddress,
      shippingAddress: o.shippingAddress,
      customer: { id: Number(o.customer.customerId), firstName: o.customer.firstName, lastName: o.customer.lastName, email: o.customer.email, phone: o.customer.phone },
    };
  }

  // ---- GraphQL views: stored records in the Admin API's shape --------------

  private variantView = (v: SbVariant) => ({
    id: gid('ProductVariant', v.id),
    title: v.title,
    sku: v.sku,
    price: v.price,
    inventoryQuantity: v.inventoryQuantity,
    selectedOptions: v.selectedOptions,
    inventoryItem: { id: gid('InventoryItem', v.id), sku: v.sku, tracked: true, measurement: { weight: v.weight } },
    createdAt: v.createdAt,
    updatedAt: v.updatedAt,
  });

  private productView = (p: SbProduct) => ({
    ...p,
    id: gid('Product', p.id),
    onlineStoreUrl: p.status === 'ACTIVE' ? `${this.baseUrl}/products/${p.handle}` : null,
    media: (args: ConnArgs) =>
      connection(
        p.media,
        args,
        (m) => ({ id: gid('MediaImage', m.id), alt: m.alt, mediaContentType: 'IMAGE', preview: { image: { url: m.url, altText: m.alt } } }),
        (_, position) => position + 1,
      ),
    variants: (args: ConnArgs) => connection(p.variants, args, this.variantView),
  });

  private orderView = (o: SbOrder) => {
    const money = (amount: string) => ({ shopMoney: { amount, currencyCode: o.currencyCode }, presentmentMoney: { amount, currencyCode: o.currencyCode } });
    const address = (a: SeedAddress) => ({
      firstName: a.firstName, lastName: a.lastName, address1: a.address1, address2: a.address2, city: a.city,
      province: a.region, provinceCode: a.region, zip: a.postalCode, country: 'United States', countryCodeV2: a.countryCode, phone: a.phone, company: null,
    });
    return {
      ...o,
      id: gid('Order', o.id),
      processedAt: o.createdAt,
      totalPriceSet: money(o.totalPrice),
      subtotalPriceSet: money(o.subtotal),
      totalTaxSet: money(o.totalTax),
      totalShippingPriceSet: money(o.totalShipping),
      totalDiscountsSet: money(o.totalDiscount),
      lineItems: (args: ConnArgs) =>
        connection(o.lineItems, args, (li) => {
          const product = this.products.get(li.productId);
          const variant = product?.variants.find((v) => v.id === li.variantId);
          return {
            id: gid('LineItem', li.id),
            title: li.title,
            name: li.title,
            sku: li.sku,
            quantity: li.quantity,
            originalUnitPriceSet: money(li.price),
            product: product ? this.productView(product) : null,
            variant: variant ? this.variantView(variant) : null,
          };
        }),
      billingAddress: address(o.billingAddress),
      shippingAddress: address(o.shippingAddress),
      customer: { ...o.customer, id: gid('Customer', o.customer.id) },
    };
  };

  private subscriptionView = (w: SbWebhookSubscription) => ({
    ...w,
    id: gid('WebhookSubscription', w.id),
    endpoint: { __typename: 'WebhookHttpEndpoint', callbackUrl: w.callbackUrl },
    updatedAt: w.createdAt,
  });

  // ---- Resolvers -----------------------------------------------------------

  private readonly root = {
    shop: () => ({ id: gid('Shop', 1), name: 'storebridge sandbox', myshopifyDomain: this.shopDomain, currencyCode: 'USD' }),
    locations: (args: ConnArgs) => connection([{ id: 1, name: 'Main warehouse' }], args, (l) => ({ id: gid('Location', l.id), name: l.name })),
    product: ({ id }: { id: string }) => {
      const p = this.products.get(idOf(id));
      return p ? this.productView(p) : null;
    },
    products: (args: ConnArgs & { query?: string }) => {
      const terms = parseSearch(args.query);
      return connection([...this.products.values()].filter((p) => productMatches(p, terms)), args, this.productView);
    },
    order: ({ id }: { id: string }) => {
      const o = this.orders.get(idOf(id));
      return o ? this.orderView(o) : null;
    },
    orders: (args: ConnArgs & { query?: string }) => {
      const terms = parseSearch(args.query);
      return connection([...this.orders.values()].filter((o) => orderMatches(o, terms)), args, this.orderView);
    },
    webhookSubscriptions: (args: ConnArgs & { callbackUrl?: string; format?: string; topics?: string[] }) =>
      connection(
        [...this.subscriptions.values()].filter(
          (w) => (!args.callbackUrl || w.callbackUrl === args.callbackUrl) && (!args.format || w.format === args.format) && (!args.topics?.length || args.topics.includes(w.topic)),
        ),
        args,
        this.subscriptionView,
      ),
    webhookSubscriptionCreate: (args: { topic: string; webhookSubscription: { callbackUrl?: string | null; format?: 'JSON' | 'XML' | null; includeFields?: string[] | null } }) =>
      this.webhookSubscriptionCreate(args.topic, args.webhookSubscription),
    productSet: ({ input }: { input: ProductSetInput }) => this.productSet(input),
    productDelete: ({ input }: { input: { id: string } }) => {
      const id = idOf(input.id);
      if (!this.products.delete(id)) return { deletedProductId: null, userErrors: [{ field: ['id'], message: 'Product does not exist', code: null }] };
      return { deletedProductId: gid('Product', id), userErrors: [] };
    },
  };

  private productSet(input: ProductSetInput) {
    const fail = (field: string[], message: string) => ({ product: null, userErrors: [{ field, message, code: 'INVALID' }] });
    const existing = input.id ? this.products.get(idOf(input.id)) : undefined;
    if (input.id && !existing) return fail(['input', 'id'], 'Product does not exist');
    const files = input.files ? this.planFiles(input.files) : null;
    if (files && 'error' in files) return { product: null, userErrors: [files.error] };
    const title = input.title ?? existing?.title;
    if (!title) return fail(['input', 'title'], "Title can't be blank");
    const options = input.productOptions ?? [];
    const now = new Date().toISOString();
    const variants: SbVariant[] = [];
    for (const [i, v] of (input.variants ?? []).entries()) {
      const old = v.id ? existing?.variants.find((x) => x.id === idOf(v.id!)) : undefined;
      if (v.id && !old) return fail(['input', 'variants', String(i), 'id'], 'Product variant does not exist');
      for (const ov of v.optionValues) {
        const opt = options.find((o) => o.name === ov.optionName);
        if (!opt || !(opt.values ?? []).some((x) => x.name === ov.name)) {
          return fail(['input', 'variants', String(i), 'optionValues'], `Option value ${ov.optionName}: ${ov.name} is not in productOptions`);
        }
      }
      for (const q of v.inventoryQuantities ?? []) {
        if (q.locationId !== LOCATION_ID) return fail(['input', 'variants', String(i), 'inventoryQuantities'], 'Location does not exist');
      }
      const w = v.inventoryItem?.measurement?.weight;
      variants.push({
        id: old?.id ?? this.nextVariantId++,
        title: v.optionValues.map((o) => o.name).join(' / '),
        sku: v.inventoryItem?.sku ?? old?.sku ?? null,
        price: v.price ?? old?.price ?? '0.00',
        inventoryQuantity: v.inventoryQuantities?.length ? v.inventoryQuantities.reduce((s, q) => s + q.quantity, 0) : (old?.inventoryQuantity ?? 0),
        selectedOptions: v.optionValues.map((o) => ({ name: o.optionName, value: o.name })),
        weight: w ? { unit: w.unit, value: w.value } : (old?.weight ?? { unit: 'KILOGRAMS', value: 0 }),
        createdAt: old?.createdAt ?? now,
        updatedAt: now,
      });
    }
    const product: SbProduct = {
      id: existing?.id ?? this.nextProductId++,
      title,
      descriptionHtml: input.descriptionHtml ?? existing?.descriptionHtml ?? '',
      productType: input.productType ?? existing?.productType ?? '',
      vendor: input.vendor ?? existing?.vendor ?? '',
      status: input.status ?? existing?.status ?? 'ACTIVE',
      tags: [...new Set(input.tags ?? existing?.tags ?? [])].sort(),
      handle: existing?.handle ?? handleOf(title),
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
      // Omitted, the media stay; given, they become exactly the list.
      media: files ? files.apply() : (existing?.media ?? []),
      variants: input.variants ? variants : (existing?.variants ?? []),
    };
    this.products.set(product.id, product);
    return { product: this.productView(product), userErrors: [] };
  }

  /**
   * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/webhookSubscriptionCreate:
   * one subscription per topic and address, HTTPS only. Loopback http is let
   * through so tests and the local demo can register the host they run.
   */
  private webhookSubscriptionCreate(topic: string, input: { callbackUrl?: string | null; format?: 'JSON' | 'XML' | null; includeFields?: string[] | null }) {
    const fail = (message: string) => ({ webhookSubscription: null, userErrors: [{ field: ['webhookSubscription', 'callbackUrl'], message, code: null }] });
    if (!input.callbackUrl) return fail("Address can't be blank");
    let url: URL;
    try {
      url = new URL(input.callbackUrl);
    } catch {
      return fail('Address is invalid');
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && /^(127\.0\.0\.1|localhost|\[::1\])$/.test(url.hostname))) {
      return fail(`Address protocol ${url.protocol}// is not supported`);
    }
    if (/(^|\.)(shopify\.com|myshopify\.com)$/i.test(url.hostname)) return fail('Address cannot be a Shopify or an internal domain');
    if ([...this.subscriptions.values()].some((w) => w.topic === topic && w.callbackUrl === input.callbackUrl)) return fail('Address for this topic has already been taken');
    const subscription: SbWebhookSubscription = {
      id: this.nextSubscriptionId++,
      topic,
      callbackUrl: input.callbackUrl,
      format: input.format ?? 'JSON',
      includeFields: input.includeFields ?? [],
      createdAt: new Date().toISOString(),
    };
    this.subscriptions.set(subscription.id, subscription);
    return { webhookSubscription: this.subscriptionView(subscription), userErrors: [] };
  }

  /**
   * `ProductSetInput.files` checked whole before anything changes: existing
   * files by id (alt updatable), new ones from an http(s) `originalSource`,
   * named after `filename` or the source's last path segment and served from
   * a CDN-like URL under that name, as Shopify rehosts them. Shopify
   * de-duplicates nothing: the same source twice is two files. A name already
   * taken gets `_<uuid>` (APPEND_UUID, the default) or fails (RAISE_ERROR).
   */
  private planFiles(inputs: FileSetInput[]): { apply: () => SbMedia[] } | { error: { field: string[]; message: string; code: string } } {
    const error = (field: string[], message: string, code: string) => ({ error: { field: ['input', 'files', ...field], message, code } });
    if (inputs.length > MEDIA_PER_PRODUCT) return error([], `A product can have at most ${MEDIA_PER_PRODUCT} media`, 'PRODUCT_MEDIA_LIMIT_EXCEEDED');
    const taken = new Set([...this.files.values()].map((f) => f.filename));
    const steps: Array<() => SbMedia> = [];
    for (const [i, f] of inputs.entries()) {
      const at = String(i);
      if (f.alt && f.alt.length > ALT_MAX) return error([at, 'alt'], `The alt value exceeds the maximum limit of ${ALT_MAX} characters.`, 'ALT_VALUE_LIMIT_EXCEEDED');
      if (f.id) {
        const file = this.files.get(idOf(f.id));
        if (!file) return error([at, 'id'], 'File does not exist.', 'FILE_DOES_NOT_EXIST');
        steps.push(() => {
          if (f.alt != null) file.alt = f.alt;
          return file;
        });
        continue;
      }
      if (!f.originalSource) return error([at], 'At least one argument is required.', 'MISSING_ARGUMENTS');
      let source: URL;
      try {
        source = new URL(f.originalSource);
        if (source.protocol !== 'https:' && source.protocol !== 'http:') throw new Error('not http(s)');
      } catch {
        return error([at, 'originalSource'], 'Invalid image source url value provided.', 'INVALID_IMAGE_SOURCE_URL');
      }
      if (f.contentType && f.contentType !== 'IMAGE') return error([at, 'contentType'], 'The sandbox stores images only.', 'INVALID');
      const sourceName = decodeURIComponent(source.pathname.split('/').pop() ?? '') || 'image';
      const extension = (name: string) => /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
      if (f.filename && extension(f.filename) !== extension(sourceName)) {
        return error([at, 'filename'], 'Cannot create file with custom filename which does not match original source extension.', 'MISMATCHED_FILENAME_AND_ORIGINAL_SOURCE');
      }
      let filename = f.filename ?? sourceName;
      if (taken.has(filename)) {
        const mode = f.duplicateResolutionMode ?? 'APPEND_UUID';
        if (mode === 'RAISE_ERROR') return error([at, 'filename'], 'The provided filename already exists.', 'FILENAME_ALREADY_EXISTS');
        if (mode === 'APPEND_UUID') filename = filename.replace(/(\.[^.]+)?$/, (ext) => `_${randomUUID()}${ext}`);
      }
      taken.add(filename);
      steps.push(() => {
        const file: SbMedia = { id: this.nextMediaId++, alt: f.alt ?? null, filename, url: `${this.baseUrl}/cdn/shop/files/${encodeURIComponent(filename)}?v=${Math.floor(Date.now() / 1000)}` };
        this.files.set(file.id, file);
        return file;
      });
    }
    return { apply: () => [...new Map(steps.map((step) => step()).map((m) => [m.id, m])).values()] };
  }

  // ---- HTTP ----------------------------------------------------------------

  protected async handle(req: SandboxRequest): Promise<SandboxResponse> {
    if (req.method === 'GET' && req.path === '/admin/oauth/authorize') return this.authorize(req);
    if (req.method === 'POST' && req.path === '/admin/oauth/access_token') return this.accessToken(req);
    if (req.method === 'POST' && /^\/admin\/api\/[\w-]+\/graphql\.json$/.test(req.path)) return this.graphql(req);
    return sandboxJson(404, { errors: 'Not Found' });
  }

  /**
   * The merchant decides at once (approves unless `consent.denyNext()`):
   * back to redirect_uri with code (or `error=access_denied`), shop, state,
   * timestamp and a valid hmac.
   */
  private authorize(req: SandboxRequest): SandboxResponse {
    const q = req.url.searchParams;
    if (q.get('client_id') !== this.clientId) return sandboxJson(400, { errors: 'unknown client_id' });
    const target = sandboxRedirectTarget(q.get('redirect_uri'));
    if (!(target instanceof URL)) return target;
    const signed = (params: Record<string, string>) => ({ ...params, hmac: hmacSha256(this.clientSecret, shopifyCallbackMessage(params), 'hex') });
    const base = { shop: this.shopDomain, state: q.get('state') ?? '', timestamp: String(Math.floor(Date.now() / 1000)) };
    return this.consent.answer({
      redirectTo: target,
      grant: q.get('scope') ?? '',
      approved: (code) => signed({ ...base, code }),
      denied: () => signed({ ...base, error: 'access_denied' }),
    });
  }

  private accessToken(req: SandboxRequest): SandboxResponse {
    const b = (req.body ?? {}) as Record<string, string>;
    if (b.client_id !== this.clientId || b.client_secret !== this.clientSecret) return sandboxJson(401, { error: 'invalid_client' });
    const scope = this.consent.redeem(b.code);
    if (scope === undefined) return sandboxJson(400, { error: 'invalid_request', error_description: 'The authorization code was not found or was already used' });
    return sandboxJson(200, { access_token: this.issueToken(`shpat_${randomBytes(16).toString('hex')}`), scope });
  }

  private throttleStatus() {
    const t = this.now();
    this.available = Math.min(this.limits.maxAvailable, this.available + ((t - this.lastRefill) / 1000) * this.limits.restorePerSecond);
    this.lastRefill = t;
    return { maximumAvailable: this.limits.maxAvailable, currentlyAvailable: Math.floor(this.available), restoreRate: this.limits.restorePerSecond };
  }

  /**
   * The query parsed and validated against the schema, or the errors Shopify
   * answers with. A client sends the same few documents over and over (the
   * variables change): each distinct text is parsed and validated once.
   */
  private checkDocument(query: string): CheckedDocument {
    const known = this.documents.get(query);
    if (known) return known;
    let checked: CheckedDocument;
    try {
      const doc = parse(query);
      const invalid = validate(this.schema, doc);
      checked = invalid.length ? { errors: invalid.map((e) => ({ message: e.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })) } : { doc };
    } catch (e) {
      checked = { errors: [{ message: (e as Error).message }] };
    }
    if (this.documents.size >= MAX_CACHED_DOCUMENTS) this.documents.delete(this.documents.keys().next().value as string);
    this.documents.set(query, checked);
    return checked;
  }

  /** https://shopify.dev/docs/api/usage/limits#graphql-admin-api-rate-limits */
  private async graphql(req: SandboxRequest): Promise<SandboxResponse> {
    if (!this.isTokenValid(req.headers['x-shopify-access-token'])) {
      return sandboxJson(401, { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
    }
    const body = (req.body ?? {}) as { query?: string; variables?: Record<string, unknown>; operationName?: string };
    if (typeof body.query !== 'string') return sandboxJson(400, { errors: { query: 'Required parameter missing or invalid' } });
    const checked = this.checkDocument(body.query);
    if ('errors' in checked) return sandboxJson(200, { errors: checked.errors });
    const doc = checked.doc;

    const requested = requestedQueryCost(doc, body.variables, body.operationName);
    if (requested > SHOPIFY_MAX_QUERY_COST) {
      return sandboxJson(200, {
        errors: [{ message: `Query cost is ${requested}, which exceeds the single query max cost limit (${SHOPIFY_MAX_QUERY_COST}).`, extensions: { code: 'MAX_COST_EXCEEDED', cost: requested, maxCost: SHOPIFY_MAX_QUERY_COST } }],
      });
    }
    const before = this.throttleStatus();
    if (requested > before.currentlyAvailable) {
      return {
        status: 200,
        throttled: true,
        body: {
          errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }],
          extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: before } },
        },
      };
    }
    // The requested cost is taken up front; the difference to the actual cost is refunded after.
    this.available -= requested;
    const result = await execute({ schema: this.schema, document: doc, rootValue: this.root, variableValues: body.variables, operationName: body.operationName });
    const actual = actualQueryCost(doc, body.variables, result.data, body.operationName);
    this.available += requested - actual;
    this.pointsCharged += actual;
    return sandboxJson(200, {
      ...(result.data ? { data: result.data } : {}),
      ...(result.errors?.length ? { errors: result.errors.map((e) => ({ message: e.message, path: e.path })) } : {}),
      extensions: { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: this.throttleStatus() } },
    });
  }
}

interface ProductSetInput {
  id?: string;
  title?: string;
  descriptionHtml?: string;
  productType?: string;
  vendor?: string;
  status?: 'ACTIVE' | 'DRAFT' | 'ARCHIVED';
  tags?: string[];
  productOptions?: Array<{ name: string; values?: Array<{ name: string }> }>;
  variants?: Array<{
    id?: string;
    optionValues: Array<{ optionName: string; name: string }>;
    price?: string;
    inventoryItem?: { sku?: string; measurement?: { weight?: { unit: WeightUnitName; value: number } } };
    inventoryQuantities?: Array<{ locationId: string; name: string; quantity: number }>;
  }>;
  files?: FileSetInput[];
}

interface FileSetInput {
  id?: string | null;
  originalSource?: string | null;
  alt?: string | null;
  contentType?: string | null;
  filename?: string | null;
  duplicateResolutionMode?: 'APPEND_UUID' | 'RAISE_ERROR' | 'REPLACE' | null;
}

export interface RunningShopifySandbox {
  baseUrl: string;
  /** What the `shop` parameter carries for this sandbox (host:port). */
  shop: string;
  accessToken: string;
  clientId: string;
  clientSecret: string;
  /** The limits the sandbox enforces. */
  rateLimit: RateLimitPolicy;
  sandbox: ShopifySandbox;
  /** The handle the conformance suite takes. */
  conformance(): ConformanceSandbox;
  close(): Promise<void>;
}

/** Starts a Shopify sandbox in this process (port 0 = any free port). */
export async function startShopifySandbox(options: ShopifySandboxOptions & { port?: number; host?: string } = {}): Promise<RunningShopifySandbox> {
  const sandbox = new ShopifySandbox(options);
  const baseUrl = await sandbox.start(options.port ?? 0, options.host ?? '127.0.0.1');
  const accessToken = sandbox.issueToken(options.accessToken);
  const rateLimit: RateLimitPolicy = { kind: 'cost-points', maxAvailable: sandbox.limits.maxAvailable, restorePerSecond: sandbox.limits.restorePerSecond };
  const running: RunningShopifySandbox = {
    baseUrl,
    shop: sandbox.shopDomain,
    accessToken,
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    rateLimit,
    sandbox,
    close: () => sandbox.close(),
    conformance: () =>
      oauthAppConformance(sandbox, { baseUrl, accessToken, rateLimit, seed: { seed: options.seed ?? 1, products: options.products ?? 50, orders: options.orders ?? 30 } }),
  };
  return running;
}
