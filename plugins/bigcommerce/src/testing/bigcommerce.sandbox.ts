import { randomBytes, randomUUID } from 'node:crypto';
import type { RateLimitPolicy, WeightUnit } from '@storebridge/contracts';
import { convertWeight, parseWeightUnit, toDecimalString } from '@storebridge/plugin-sdk';
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
import { BIGCOMMERCE_PLAN_QUOTAS, BIGCOMMERCE_SCOPES, BIGCOMMERCE_WINDOW_MS, type BigcommercePlan } from '../bigcommerce.config';
import type {
  BcBrand,
  BcCategory,
  BcHook,
  BcOrder,
  BcOrderAddress,
  BcOrderProduct,
  BcProduct,
  BcShippingAddress,
  BcStoreInfo,
  BcVariant,
  BcVariantWrite,
  BcWebhookPayload,
} from '../client/bigcommerce-api.types';
import { signBigcommerceWebhook } from '../webhooks/bigcommerce.webhooks';

export interface BigcommerceSandboxOptions {
  seed?: number;
  products?: number;
  orders?: number;
  storeHash?: string;
  clientId?: string;
  clientSecret?: string;
  /** A plan's published quota (default standard: 150 per 30 s). */
  plan?: BigcommercePlan;
  /** Overrides: requests per window and window length (e.g. a fast window for tests). */
  quota?: number;
  windowMs?: number;
  /**
   * Where windows start: at multiples of the window length since the epoch
   * (default), or at the first request after the last window ended.
   * BigCommerce does not document which; the governor assumes the former.
   */
  windowAlignment?: 'epoch' | 'first-request';
  /** The store's `weight_units` setting (default "Ounces", the docs' example). */
  weightUnits?: 'Ounces' | 'LBS' | 'KGS' | 'Grams';
  now?: () => number;
}

const STATUS_DOC = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';
const ORDER_BASE = 1000;
const ACCOUNT_UUID = '12345678-90ab-cdef-1234-567890abcdef';

/** `payment_status` values as BigCommerce writes them. BigCommerce has no "partially paid": the sandbox writes the words for the seed's PartiallyPaid. */
const PAYMENT_TEXT: Record<string, string> = {
  Pending: 'pending',
  Authorized: 'authorized',
  Paid: 'captured',
  PartiallyPaid: 'partially paid',
  PartiallyRefunded: 'partially refunded',
  Refunded: 'refunded',
  Voided: 'void',
  Failed: 'declined',
  Unknown: '',
};
const STATUS_NAMES: Record<number, string> = {
  0: 'Incomplete', 1: 'Pending', 2: 'Shipped', 3: 'Partially Shipped', 4: 'Refunded', 5: 'Cancelled', 6: 'Declined', 7: 'Awaiting Payment',
  8: 'Awaiting Pickup', 9: 'Awaiting Shipment', 10: 'Completed', 11: 'Awaiting Fulfillment', 12: 'Manual Verification Required', 13: 'Disputed', 14: 'Partially Refunded',
};

/** Catalog v3 timestamps: "2018-08-15T14:48:46+00:00". */
const v3Date = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', '+00:00');
/** Orders v2 timestamps, RFC 2822: "Tue, 05 Mar 2019 21:40:11 +0000". */
const v2Date = (ms: number) => new Date(ms).toUTCString().replace('GMT', '+0000');
const money = (v: string | number) => toDecimalString(v, 4);
const handleOf = (name: string) => `/${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}/`;

/** Error bodies: v3 answers an object, v2 an array (https://developer.bigcommerce.com/docs/start/about/status-codes). */
function v3Error(status: number, title: string, errors: Record<string, string> = {}): SandboxResponse {
  return sandboxJson(status, { status, title, type: STATUS_DOC, errors });
}
function v2Error(status: number, message: string): SandboxResponse {
  return sandboxJson(status, [{ status, message }]);
}

/**
 * Emulator of the part of BigCommerce the plugin uses: the app install
 * (approved at once, or declined on request) and token endpoints, `X-Auth-Token`, Catalog v3 products,
 * variants, brands and categories with `meta.pagination`, Orders v2 with
 * bare arrays and 204 for an empty page, `/v2/store`, `/v3/hooks`, the
 * `X-Rate-Limit-*` headers of a fixed-window quota with 429 past it, and
 * BigCommerce's error bodies. Paths work with or without `/stores/{hash}`.
 */
export class BigcommerceSandbox extends SandboxServer {
  readonly storeHash: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly quota: number;
  readonly windowMs: number;
  readonly weightUnit: WeightUnit;
  private readonly alignment: 'epoch' | 'first-request';
  private readonly now: () => number;
  private readonly products = new Map<number, BcProduct>();
  private readonly orders = new Map<number, { order: BcOrder; products: BcOrderProduct[]; shipping: BcShippingAddress[] }>();
  private readonly brands = new Map<number, BcBrand>();
  private readonly categories = new Map<number, BcCategory>();
  private readonly hooks: BcHook[] = [];
  /** The install screen; a code remembers the store context and callback URL it was issued for. */
  readonly consent = new SandboxConsent<{ context: string; redirectUri: string }>();
  private nextId = 100_000;
  private windowStart = -Infinity;
  private used = 0;
  /** Requests the quota counted (answered or refused), for benchmarks. */
  countedRequests = 0;

  constructor(readonly options: BigcommerceSandboxOptions = {}) {
    super();
    this.storeHash = options.storeHash ?? 'sbx1234';
    this.clientId = options.clientId ?? 'sandbox-client-id';
    this.clientSecret = options.clientSecret ?? 'sandbox-client-secret';
    this.quota = options.quota ?? BIGCOMMERCE_PLAN_QUOTAS[options.plan ?? 'standard'];
    if (!this.quota) throw new Error(`unknown BigCommerce plan "${options.plan}"`);
    this.windowMs = options.windowMs ?? BIGCOMMERCE_WINDOW_MS;
    this.alignment = options.windowAlignment ?? 'epoch';
    this.now = options.now ?? (() => Date.now());
    const units = options.weightUnits ?? 'Ounces';
    this.weightUnit = parseWeightUnit(units)!;
    this.storeInfo = {
      id: this.storeHash,
      domain: `store-${this.storeHash}.mybigcommerce.com`,
      secure_url: `https://store-${this.storeHash}.mybigcommerce.com`,
      name: 'Storebridge Sandbox Store',
      currency: 'USD',
      weight_units: units,
      dimension_units: 'Inches',
    };
    const seed = options.seed ?? 1;
    const seedProducts = generateSeedProducts(seed, options.products ?? 50);
    seedProducts.forEach((p) => this.products.set(p.index, this.fromSeedProduct(p)));
    generateSeedOrders(seed, options.orders ?? 30, seedProducts).forEach((o) => this.addSeedOrder(o));
  }

  private readonly storeInfo: BcStoreInfo;

  protected recordCounts(): Record<string, number> {
    return { products: this.products.size, orders: this.orders.size };
  }

  // ---- seed → BigCommerce records -------------------------------------------

  private named<T extends { id: number; name: string }>(map: Map<number, T>, name: string, make: (id: number) => T): number {
    for (const x of map.values()) if (x.name === name) return x.id;
    const id = map.size + 1;
    map.set(id, make(id));
    return id;
  }

  private brandId(name: string): number {
    return this.named(this.brands, name, (id) => ({ id, name }));
  }

  private categoryId(name: string): number {
    return this.named(this.categories, name, (id) => ({ id, parent_id: 0, name }));
  }

  private fromSeedProduct(p: SeedProduct): BcProduct {
    const visibility = p.status === 'ACTIVE' ? { is_visible: true, availability: 'available' as const } : p.status === 'DRAFT' ? { is_visible: false, availability: 'available' as const } : { is_visible: false, availability: 'disabled' as const };
    const variants: BcVariant[] = p.variants.map((v, i) => ({
      id: p.index * 100 + i,
      product_id: p.index,
      sku: v.sku,
      price: Number(v.price),
      weight: convertWeight(v.weight.value, v.weight.unit, this.weightUnit),
      inventory_level: v.inventory,
      option_values: v.optionValues.map((o, j) => ({ id: p.index * 1000 + i * 10 + j, label: o.value, option_id: p.index * 10 + j, option_display_name: o.name })),
    }));
    return {
      id: p.index,
      name: p.title,
      type: 'physical',
      sku: '',
      description: p.description,
      weight: variants[0]?.weight ?? 0,
      price: variants[0]?.price ?? 0,
      categories: [this.categoryId(p.productType)],
      brand_id: this.brandId(p.vendor),
      inventory_level: variants.reduce((s, v) => s + v.inventory_level, 0),
      inventory_tracking: 'variant',
      ...visibility,
      search_keywords: p.tags.join(','),
      date_created: v3Date(p.createdAt * 1000),
      date_modified: v3Date(p.updatedAt * 1000),
      custom_url: { url: handleOf(p.title), is_customized: false },
      base_variant_id: null,
      variants,
      images: [],
    };
  }

  private address(a: SeedAddress, email: string): BcOrderAddress {
    return {
      first_name: a.firstName, last_name: a.lastName, company: '', street_1: a.address1, street_2: a.address2 ?? '', city: a.city, state: a.region,
      zip: a.postalCode, country: a.countryCode === 'US' ? 'United States' : a.countryCode, country_iso2: a.countryCode, phone: a.phone ?? '', email,
    };
  }

  private addSeedOrder(o: SeedOrder): void {
    const id = ORDER_BASE + o.index;
    const itemsTotal = o.lineItems.reduce((s, li) => s + li.quantity, 0);
    let statusId: number;
    let shipped = 0;
    if (o.state === 'cancelled') statusId = 5;
    else if (o.state === 'closed') [statusId, shipped] = [10, itemsTotal];
    else if (o.fulfillmentStatus === 'fulfilled') [statusId, shipped] = [2, itemsTotal];
    else if (o.fulfillmentStatus === 'partial') [statusId, shipped] = [3, itemsTotal > 1 ? 1 : 0];
    else statusId = o.paymentStatus === 'Pending' ? 7 : 11;
    const totalExTax = (Number(o.totalPrice) * 100 - Number(o.totalTax) * 100) / 100;
    const order: BcOrder = {
      id,
      customer_id: Number(o.customer.customerId),
      date_created: v2Date(o.createdAt * 1000),
      date_modified: v2Date(o.updatedAt * 1000),
      date_shipped: '',
      status_id: statusId,
      status: STATUS_NAMES[statusId],
      custom_status: STATUS_NAMES[statusId],
      subtotal_ex_tax: money(o.subtotal),
      subtotal_inc_tax: money(Number(o.subtotal) + Number(o.totalTax)),
      shipping_cost_ex_tax: money(o.totalShipping),
      shipping_cost_inc_tax: money(o.totalShipping),
      total_ex_tax: money(totalExTax),
      total_inc_tax: money(o.totalPrice),
      total_tax: money(o.totalTax),
      items_total: itemsTotal,
      items_shipped: shipped,
      payment_method: 'Credit Card',
      payment_status: PAYMENT_TEXT[o.paymentStatus],
      refunded_amount: money(o.paymentStatus === 'Refunded' ? o.totalPrice : 0),
      discount_amount: money(o.totalDiscount),
      coupon_discount: money(0),
      currency_code: o.currency,
      billing_address: this.address(o.billingAddress, o.customer.email),
    };
    const products: BcOrderProduct[] = o.lineItems.map((li, i) => ({
      id: id * 10 + i,
      order_id: id,
      product_id: li.productIndex,
      variant_id: li.productIndex * 100 + li.variantIndex,
      name: li.title,
      sku: li.sku,
      base_price: money(li.price),
      price_ex_tax: money(li.price),
      price_inc_tax: money(li.price),
      base_cost_price: money(0),
      quantity: li.quantity,
    }));
    const shipping: BcShippingAddress[] = [{ ...this.address(o.shippingAddress, o.customer.email), id: id * 10, order_id: id }];
    this.orders.set(id, { order, products, shipping });
  }

  // ---- rate limit -------------------------------------------------------------

  /** Counts one request against the window; the headers every answer carries. */
  private take(): { ok: boolean; headers: Record<string, string> } {
    const t = this.now();
    const start = this.alignment === 'epoch' ? Math.floor(t / this.windowMs) * this.windowMs : t >= this.windowStart + this.windowMs ? t : this.windowStart;
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.used = 0;
    }
    this.countedRequests++;
    const ok = this.used < this.quota;
    if (ok) this.used++;
    const resetMs = Math.max(0, Math.ceil(this.windowStart + this.windowMs - t));
    return {
      ok,
      headers: {
        'x-rate-limit-time-window-ms': String(this.windowMs),
        'x-rate-limit-time-reset-ms': String(resetMs),
        'x-rate-limit-requests-quota': String(this.quota),
        'x-rate-limit-requests-left': String(this.quota - this.used),
      },
    };
  }

  /** BigCommerce's 429: the wait is in `X-Rate-Limit-Time-Reset-Ms` (and `X-Retry-After`, seconds). */
  protected override throttleResponse(retryAfterSeconds: number): SandboxResponse {
    return {
      ...v3Error(429, 'Too many requests'),
      headers: {
        'x-rate-limit-time-window-ms': String(this.windowMs),
        'x-rate-limit-time-reset-ms': String(retryAfterSeconds * 1000),
        'x-rate-limit-requests-quota': String(this.quota),
        'x-rate-limit-requests-left': '0',
        'x-retry-after': String(retryAfterSeconds),
      },
    };
  }

  protected override serverErrorResponse(status: number): SandboxResponse {
    return v3Error(status, 'Internal Server Error (injected by the sandbox)');
  }

  // ---- routing ----------------------------------------------------------------

  protected handle(req: SandboxRequest): SandboxResponse {
    const path = req.path.replace(/^\/stores\/[a-z0-9]+(?=\/)/i, '');
    if (req.method === 'GET' && /^\/app\/[^/]+\/install$/.test(path)) return this.install(req, path);
    if (req.method === 'POST' && path === '/oauth2/token') return this.token(req);

    const v2 = path.startsWith('/v2/');
    const token = req.headers['x-auth-token'];
    if (!this.isTokenValid(token)) {
      return v2 ? v2Error(401, 'You are not authorized to access this resource.') : v3Error(401, 'You are not authorized to access this resource.');
    }
    const limit = this.take();
    if (!limit.ok) {
      const reset = limit.headers['x-rate-limit-time-reset-ms'];
      return { ...v3Error(429, 'Too many requests'), headers: { ...limit.headers, 'x-retry-after': String(Math.ceil(Number(reset) / 1000)) }, throttled: true };
    }
    const out = this.route(req, path);
    return { ...out, headers: { ...(out.headers ?? {}), ...limit.headers } };
  }

  private route(req: SandboxRequest, path: string): SandboxResponse {
    const m = req.method;
    let g: RegExpExecArray | null;
    if (path === '/v2/store' && m === 'GET') return sandboxJson(200, this.storeInfo);
    if (path === '/v3/catalog/products') {
      if (m === 'GET') return this.listProducts(req);
      if (m === 'POST') return this.createProduct(req.body);
      if (m === 'PUT') return this.batchUpdateProducts(req.body);
    }
    if ((g = /^\/v3\/catalog\/products\/(\d+)$/.exec(path))) {
      const product = this.products.get(Number(g[1]));
      if (!product) return v3Error(404, 'The requested resource was not found');
      if (m === 'GET') return sandboxJson(200, { data: this.view(product, req.url.searchParams.get('include')), meta: {} });
      if (m === 'PUT') return this.updateProduct(product, req.body);
      if (m === 'DELETE') {
        this.products.delete(product.id);
        return { status: 204 };
      }
    }
    if ((g = /^\/v3\/catalog\/products\/(\d+)\/variants$/.exec(path)) && m === 'POST') {
      const product = this.products.get(Number(g[1]));
      if (!product) return v3Error(404, 'The requested resource was not found');
      const v = this.addVariant(product, req.body as BcVariantWrite);
      product.date_modified = v3Date(this.now());
      return sandboxJson(200, { data: v, meta: {} });
    }
    if ((g = /^\/v3\/catalog\/products\/(\d+)\/variants\/(\d+)$/.exec(path)) && m === 'DELETE') {
      const product = this.products.get(Number(g[1]));
      const before = product?.variants?.length ?? 0;
      if (product) product.variants = (product.variants ?? []).filter((v) => v.id !== Number(g![2]));
      if (!product || product.variants!.length === before) return v3Error(404, 'The requested resource was not found');
      return { status: 204 };
    }
    if (path === '/v3/catalog/variants' && m === 'PUT') return this.batchUpdateVariants(req.body);
    if (path === '/v3/catalog/variants' && m === 'GET') return this.listVariants(req);
    if (path === '/v3/catalog/brands') return this.named_(req, this.brands, (id, b) => ({ id, name: String(b.name) }));
    if (path === '/v3/catalog/categories') return this.named_(req, this.categories, (id, b) => ({ id, parent_id: Number(b.parent_id ?? 0), name: String(b.name) }));
    if (path === '/v2/orders' && m === 'GET') return this.listOrders(req);
    if ((g = /^\/v2\/orders\/(\d+)(\/products|\/shipping_addresses)?$/.exec(path)) && m === 'GET') {
      const o = this.orders.get(Number(g[1]));
      if (!o) return v2Error(404, 'The requested resource was not found.');
      if (!g[2]) return sandboxJson(200, o.order);
      return g[2] === '/products' ? this.v2Page(req, o.products) : this.v2Page(req, o.shipping);
    }
    if (path === '/v3/hooks') {
      if (m === 'GET') return sandboxJson(200, { data: this.hooks, meta: { pagination: this.pagination(this.hooks.length, this.hooks.length, 1, 250) } });
      if (m === 'POST') {
        const b = (req.body ?? {}) as Partial<BcHook>;
        if (!b.scope || !b.destination) return v3Error(422, 'JSON data is missing or invalid', { scope: 'required', destination: 'required' });
        const hook: BcHook = { id: this.nextId++, scope: b.scope, destination: b.destination, is_active: b.is_active ?? true, headers: b.headers ?? null };
        this.hooks.push(hook);
        return sandboxJson(200, { data: hook, meta: {} });
      }
    }
    return v2Error(404, 'The requested resource was not found.');
  }

  // ---- OAuth (app install) ----------------------------------------------------

  /**
   * The install link: the merchant decides at once (installs unless
   * `consent.denyNext()`), and the browser goes to the app's auth callback
   * with `code`, `scope`, `context` and `account_uuid`, and no `state`:
   * BigCommerce calls the callback URL of the app profile, which the sandbox
   * takes from `redirect_uri`. A merchant who cancels is sent nowhere.
   */
  private install(req: SandboxRequest, path: string): SandboxResponse {
    const clientId = decodeURIComponent(path.split('/')[2]);
    if (clientId !== this.clientId) return sandboxJson(404, { error: 'unknown app' });
    const target = sandboxRedirectTarget(req.url.searchParams.get('redirect_uri'));
    if (!(target instanceof URL)) return target;
    const context = `stores/${this.storeHash}`;
    return this.consent.answer({
      redirectTo: target,
      grant: { context, redirectUri: target.toString() },
      approved: (code) => ({ code, scope: BIGCOMMERCE_SCOPES.join(' '), context, account_uuid: ACCOUNT_UUID }),
      denied: () => null,
    });
  }

  private token(req: SandboxRequest): SandboxResponse {
    const b = (req.body ?? {}) as Record<string, string>;
    if (b.client_id !== this.clientId || b.client_secret !== this.clientSecret) return sandboxJson(401, { error: 'Invalid client id or secret' });
    if (b.grant_type !== 'authorization_code') return sandboxJson(400, { error: 'Invalid grant type' });
    // A code is good once, for the store and the callback URL it was issued with.
    const grant = this.consent.redeem(b.code);
    if (!grant || b.context !== grant.context || b.redirect_uri !== grant.redirectUri) return sandboxJson(400, { error: 'Invalid authorization code' });
    const { context } = grant;
    return sandboxJson(200, {
      access_token: this.issueToken(randomBytes(16).toString('hex')),
      scope: b.scope ?? BIGCOMMERCE_SCOPES.join(' '),
      user: { id: 24654, username: 'merchant@example.com', email: 'merchant@example.com' },
      owner: { id: 12345, username: 'owner@example.com', email: 'owner@example.com' },
      context,
      account_uuid: ACCOUNT_UUID,
    });
  }

  // ---- Catalog v3 -------------------------------------------------------------

  private pagination(total: number, count: number, page: number, limit: number) {
    const totalPages = Math.max(1, Math.ceil(total / limit));
    return {
      total,
      count,
      per_page: limit,
      current_page: page,
      total_pages: totalPages,
      links: {
        ...(page > 1 ? { previous: `?page=${page - 1}&limit=${limit}` } : {}),
        current: `?page=${page}&limit=${limit}`,
        ...(page < totalPages ? { next: `?page=${page + 1}&limit=${limit}` } : {}),
      },
    };
  }

  private pageArgs(q: URLSearchParams, def: number): { page: number; limit: number } | null {
    const page = Number(q.get('page') ?? 1);
    const limit = Number(q.get('limit') ?? def);
    if (!Number.isInteger(page) || page < 1 || !Number.isInteger(limit) || limit < 1) return null;
    return { page, limit: Math.min(limit, 250) };
  }

  private view(p: BcProduct, include: string | null): BcProduct {
    const inc = new Set((include ?? '').split(',').map((s) => s.trim()));
    const { variants, images, ...rest } = p;
    return { ...rest, ...(inc.has('variants') ? { variants } : {}), ...(inc.has('images') ? { images } : {}) };
  }

  private listProducts(req: SandboxRequest): SandboxResponse {
    const q = req.url.searchParams;
    const pg = this.pageArgs(q, 50);
    if (!pg) return v3Error(422, 'Invalid page or limit');
    const since = q.get('date_modified:min');
    const brand = q.get('brand_id');
    const ids = q.get('id:in')?.split(',').map(Number);
    const all = [...this.products.values()]
      .filter((p) => !since || Date.parse(p.date_modified) >= Date.parse(since))
      .filter((p) => !brand || p.brand_id === Number(brand))
      .filter((p) => !ids || ids.includes(p.id))
      .sort((a, b) => a.id - b.id);
    const slice = all.slice((pg.page - 1) * pg.limit, pg.page * pg.limit);
    return sandboxJson(200, { data: slice.map((p) => this.view(p, q.get('include'))), meta: { pagination: this.pagination(all.length, slice.length, pg.page, pg.limit) } });
  }

  /** Every product's variants, in id order; `sku` matches exactly, `include_fields` keeps the named fields (and `id`). */
  private listVariants(req: SandboxRequest): SandboxResponse {
    const q = req.url.searchParams;
    const pg = this.pageArgs(q, 50);
    if (!pg) return v3Error(422, 'Invalid page or limit');
    const sku = q.get('sku');
    const all = [...this.products.values()]
      .flatMap((p) => p.variants ?? [])
      .filter((v) => sku === null || v.sku === sku)
      .sort((a, b) => a.id - b.id);
    const fields = q.get('include_fields')?.split(',').map((f) => f.trim());
    const pick = (v: BcVariant) => (fields ? Object.fromEntries(Object.entries(v).filter(([k]) => k === 'id' || fields.includes(k))) : v);
    const slice = all.slice((pg.page - 1) * pg.limit, pg.page * pg.limit);
    return sandboxJson(200, { data: slice.map(pick), meta: { pagination: this.pagination(all.length, slice.length, pg.page, pg.limit) } });
  }

  private addVariant(product: BcProduct, v: BcVariantWrite): BcVariant {
    const variant: BcVariant = {
      id: this.nextId++,
      product_id: product.id,
      sku: v.sku ?? '',
      price: v.price ?? null,
      weight: v.weight ?? null,
      inventory_level: v.inventory_level ?? 0,
      option_values: (v.option_values ?? []).map((o) => ({ id: this.nextId++, label: o.label, option_id: 0, option_display_name: o.option_display_name })),
    };
    product.variants = [...(product.variants ?? []), variant];
    return variant;
  }

  private createProduct(body: unknown): SandboxResponse {
    const b = (body ?? {}) as Record<string, unknown>;
    const missing = ['name', 'type', 'weight', 'price'].filter((k) => b[k] === undefined || b[k] === null || b[k] === '');
    if (missing.length) return v3Error(422, 'JSON data is missing or invalid', Object.fromEntries(missing.map((k) => [k, `${k} is required`])));
    if ([...this.products.values()].some((p) => p.name === b.name)) return v3Error(409, 'The product name is a duplicate', { name: 'duplicate' });
    const now = v3Date(this.now());
    const product: BcProduct = {
      id: this.nextId++,
      name: String(b.name),
      type: b.type as BcProduct['type'],
      sku: String(b.sku ?? ''),
      description: String(b.description ?? ''),
      weight: Number(b.weight),
      price: Number(b.price),
      categories: (b.categories as number[]) ?? [],
      brand_id: Number(b.brand_id ?? 0),
      inventory_level: Number(b.inventory_level ?? 0),
      inventory_tracking: (b.inventory_tracking as BcProduct['inventory_tracking']) ?? 'none',
      is_visible: b.is_visible === undefined ? true : Boolean(b.is_visible),
      availability: (b.availability as BcProduct['availability']) ?? 'available',
      search_keywords: String(b.search_keywords ?? ''),
      date_created: now,
      date_modified: now,
      custom_url: { url: handleOf(String(b.name)), is_customized: false },
      base_variant_id: null,
      variants: [],
      images: ((b.images as Array<{ image_url: string; description?: string; sort_order?: number; is_thumbnail?: boolean }>) ?? []).map((img, i) => ({
        id: this.nextId++, image_url: img.image_url, url_zoom: img.image_url, url_standard: img.image_url, description: img.description ?? '', sort_order: img.sort_order ?? i, is_thumbnail: !!img.is_thumbnail,
      })),
    };
    const variants = (b.variants as BcVariantWrite[] | undefined) ?? [];
    if (variants.length) for (const v of variants) this.addVariant(product, v);
    else {
      // Every product has a base variant; without options it mirrors the product.
      const base = this.addVariant(product, { sku: product.sku, price: null, weight: null, inventory_level: product.inventory_level });
      product.base_variant_id = base.id;
    }
    this.products.set(product.id, product);
    return sandboxJson(200, { data: this.view(product, 'variants,images'), meta: {} });
  }

  private applyProduct(product: BcProduct, b: Record<string, unknown>): void {
    const fields = ['name', 'type', 'sku', 'description', 'weight', 'price', 'categories', 'brand_id', 'inventory_level', 'inventory_tracking', 'is_visible', 'availability', 'search_keywords'] as const;
    for (const f of fields) if (b[f] !== undefined) (product as unknown as Record<string, unknown>)[f] = b[f];
    const base = product.variants?.find((v) => v.id === product.base_variant_id);
    if (base) {
      if (b.sku !== undefined) base.sku = String(b.sku);
      if (b.inventory_level !== undefined) base.inventory_level = Number(b.inventory_level);
    }
    product.date_modified = v3Date(this.now());
  }

  private updateProduct(product: BcProduct, body: unknown): SandboxResponse {
    const b = (body ?? {}) as Record<string, unknown>;
    if (b.name !== undefined && [...this.products.values()].some((p) => p.id !== product.id && p.name === b.name)) return v3Error(409, 'The product name is a duplicate', { name: 'duplicate' });
    this.applyProduct(product, b);
    return sandboxJson(200, { data: this.view(product, null), meta: {} });
  }

  private batchUpdateProducts(body: unknown): SandboxResponse {
    if (!Array.isArray(body) || body.length === 0 || body.length > 10) return v3Error(422, 'Send 1 to 10 products with their ids');
    const found = body.map((b) => this.products.get(Number((b as { id?: number }).id)));
    if (found.some((p) => !p)) return v3Error(404, 'The requested resource was not found');
    body.forEach((b, i) => this.applyProduct(found[i]!, b as Record<string, unknown>));
    return sandboxJson(200, { data: found.map((p) => this.view(p!, null)), meta: {} });
  }

  private batchUpdateVariants(body: unknown): SandboxResponse {
    if (!Array.isArray(body) || body.length === 0 || body.length > 50) return v3Error(422, 'Send 1 to 50 variants with their ids');
    const out: BcVariant[] = [];
    for (const raw of body as Array<Partial<BcVariantWrite> & { id?: number }>) {
      const product = [...this.products.values()].find((p) => p.variants?.some((v) => v.id === raw.id));
      const v = product?.variants?.find((x) => x.id === raw.id);
      if (!product || !v) return v3Error(404, 'The requested resource was not found', { id: String(raw.id) });
      if (raw.sku !== undefined) v.sku = raw.sku;
      if (raw.price !== undefined) v.price = raw.price;
      if (raw.weight !== undefined) v.weight = raw.weight;
      if (raw.inventory_level !== undefined) v.inventory_level = raw.inventory_level;
      if (raw.option_values) v.option_values = raw.option_values.map((o) => ({ id: this.nextId++, label: o.label, option_id: 0, option_display_name: o.option_display_name }));
      product.date_modified = v3Date(this.now());
      out.push(v);
    }
    return sandboxJson(200, { data: out, meta: {} });
  }

  private named_<T extends { id: number; name: string }>(req: SandboxRequest, map: Map<number, T>, make: (id: number, b: Record<string, unknown>) => T): SandboxResponse {
    if (req.method === 'POST') {
      const b = (req.body ?? {}) as Record<string, unknown>;
      if (!b.name) return v3Error(422, 'JSON data is missing or invalid', { name: 'name is required' });
      if ([...map.values()].some((x) => x.name === b.name)) return v3Error(409, 'The name is a duplicate', { name: 'duplicate' });
      const id = Math.max(0, ...map.keys()) + 1;
      map.set(id, make(id, b));
      return sandboxJson(200, { data: map.get(id), meta: {} });
    }
    if (req.method !== 'GET') return v3Error(405, 'Method not allowed');
    const q = req.url.searchParams;
    const pg = this.pageArgs(q, 50);
    if (!pg) return v3Error(422, 'Invalid page or limit');
    const ids = q.get('id:in')?.split(',').map(Number);
    const name = q.get('name');
    const all = [...map.values()].filter((x) => (!ids || ids.includes(x.id)) && (name === null || x.name === name));
    const slice = all.slice((pg.page - 1) * pg.limit, pg.page * pg.limit);
    return sandboxJson(200, { data: slice, meta: { pagination: this.pagination(all.length, slice.length, pg.page, pg.limit) } });
  }

  // ---- Orders v2 ----------------------------------------------------------------

  /** A bare array; an empty page is 204 No Content. */
  private v2Page<T>(req: SandboxRequest, items: T[]): SandboxResponse {
    const pg = this.pageArgs(req.url.searchParams, 50);
    if (!pg) return v2Error(400, 'The field "limit" is invalid.');
    const slice = items.slice((pg.page - 1) * pg.limit, pg.page * pg.limit);
    return slice.length ? sandboxJson(200, slice) : { status: 204 };
  }

  private listOrders(req: SandboxRequest): SandboxResponse {
    const q = req.url.searchParams;
    const minMod = q.get('min_date_modified');
    const minCreated = q.get('min_date_created');
    for (const d of [minMod, minCreated]) if (d !== null && Number.isNaN(Date.parse(d))) return v2Error(400, `The date "${d}" is not RFC 2822 or ISO 8601.`);
    const all = [...this.orders.values()]
      .map((o) => o.order)
      .filter((o) => minMod === null || Date.parse(o.date_modified) >= Date.parse(minMod))
      .filter((o) => minCreated === null || Date.parse(o.date_created) >= Date.parse(minCreated))
      .sort((a, b) => a.id - b.id);
    return this.v2Page(req, all);
  }

  // ---- webhooks -----------------------------------------------------------------

  /** What BigCommerce would POST for an event: the light payload, signed per Standard Webhooks with the app's client secret. */
  webhookDelivery(scope: string, id: number, at = this.now()): { rawBody: Buffer; headers: Record<string, string> } {
    const payload: BcWebhookPayload = {
      scope,
      store_id: '1001197568',
      producer: `stores/${this.storeHash}`,
      data: { type: scope.split('/')[1], id },
      hash: randomBytes(20).toString('hex'),
      created_at: Math.floor(at / 1000),
    };
    const rawBody = Buffer.from(JSON.stringify(payload));
    const msgId = `msg_${randomUUID()}`;
    const ts = Math.floor(at / 1000);
    const hook = this.hooks.find((h) => h.scope === scope || (h.scope.endsWith('/*') && scope.startsWith(h.scope.slice(0, -1))));
    return {
      rawBody,
      headers: {
        'content-type': 'application/json',
        'webhook-id': msgId,
        'webhook-timestamp': String(ts),
        'webhook-signature': signBigcommerceWebhook(this.clientSecret, msgId, ts, rawBody),
        ...(hook?.headers ?? {}),
      },
    };
  }

  registeredHooks(): BcHook[] {
    return structuredClone(this.hooks);
  }
}

export interface RunningBigcommerceSandbox {
  baseUrl: string;
  storeHash: string;
  accessToken: string;
  clientId: string;
  clientSecret: string;
  /** The limits the sandbox enforces. */
  rateLimit: RateLimitPolicy;
  sandbox: BigcommerceSandbox;
  /** The handle the conformance suite takes. */
  conformance(): ConformanceSandbox;
  close(): Promise<void>;
}

/** Starts a BigCommerce sandbox in this process (port 0 = any free port). */
export async function startBigcommerceSandbox(options: BigcommerceSandboxOptions & { port?: number; host?: string; accessToken?: string } = {}): Promise<RunningBigcommerceSandbox> {
  const sandbox = new BigcommerceSandbox(options);
  const baseUrl = await sandbox.start(options.port ?? 0, options.host ?? '127.0.0.1');
  const accessToken = sandbox.issueToken(options.accessToken);
  const rateLimit: RateLimitPolicy = { kind: 'fixed-window', limit: sandbox.quota, windowMs: sandbox.windowMs };
  return {
    baseUrl,
    storeHash: sandbox.storeHash,
    accessToken,
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    rateLimit,
    sandbox,
    close: () => sandbox.close(),
    conformance: () =>
      oauthAppConformance(sandbox, { baseUrl, accessToken, rateLimit, seed: { seed: options.seed ?? 1, products: options.products ?? 50, orders: options.orders ?? 30 } }),
  };
}
