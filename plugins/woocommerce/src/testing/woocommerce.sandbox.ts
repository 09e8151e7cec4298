import { randomBytes } from 'node:crypto';
import type { Credentials, RateLimitPolicy, WeightUnit } from '@storebridge/contracts';
import { parseWeightUnit, toDecimalString } from '@storebridge/plugin-sdk';
import {
  SandboxConsent,
  SandboxServer,
  generateSeedOrders,
  generateSeedProducts,
  sandboxJson,
  sandboxRedirect,
  type ConformanceSandbox,
  type SandboxRequest,
  type SandboxResponse,
} from '@storebridge/plugin-sdk/testing';
import type { WooImage, WooOrder, WooProduct, WooTerm, WooVariation, WooWebhook } from '../client/woocommerce-api.types';
import { WOOCOMMERCE_DEFAULT_HOST_LIMIT, woocommerceRateLimit, type HostRateLimit } from '../woocommerce.config';
import { WOO_UNIT, escapeHtml, secretFor, seedOrder, seedProduct, slugify, wooSeedStatuses, wpDates } from './woocommerce-sandbox.store';

const API = '/wp-json/wc/v3/';
type Taxonomy = 'categories' | 'tags' | 'brands';
type Body = Record<string, unknown>;

export interface WooCommerceSandboxOptions {
  seed?: number;
  products?: number;
  orders?: number;
  /** The store's `woocommerce_weight_unit` (default kg). */
  weightUnit?: WeightUnit;
  /**
   * The host's request limit in front of WordPress, counted in a sliding
   * window (default 25 requests / 10 s); null for none. Refusals answer 429
   * with Retry-After and a Store-API-style `rate_limit_exceeded` body.
   */
  hostLimit?: HostRateLimit | null;
  /** From the CLI: "25/10" = 25 requests per 10 s, "none" = no limit. */
  plan?: string;
  /** Whether the store has core Brands (WooCommerce 9.6+; default true). */
  brands?: boolean;
}

/** Woo's error body: `{ code, message, data: { status } }`. */
export function wooError(status: number, code: string, message: string, extra: Record<string, unknown> = {}): SandboxResponse {
  return sandboxJson(status, { code, message, data: { status, ...extra } });
}

const NO_ROUTE = (): SandboxResponse => wooError(404, 'rest_no_route', 'No route was found matching the URL and request method.');

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function parsePlan(plan: string | undefined): HostRateLimit | null | undefined {
  if (plan === undefined) return undefined;
  if (plan === 'none') return null;
  const m = /^(\d+)\/(\d+(?:\.\d+)?)$/.exec(plan);
  if (!m) throw new Error(`plan must look like "25/10" (requests/seconds) or "none", not "${plan}"`);
  return { requests: Number(m[1]), windowSeconds: Number(m[2]) };
}

/**
 * An emulator of the part of WooCommerce REST API v3 the plugin uses, as
 * the docs describe it: Basic auth with consumer key/secret (and the
 * query-string variant), `{code, message, data:{status}}` errors,
 * page/per_page (max 100) with X-WP-Total / X-WP-TotalPages / Link,
 * `context=edit` vs view (`wpautop`), products, variations, batch endpoints
 * (≤ 100 objects), categories/tags/brands, orders, webhooks, the store's
 * weight-unit setting, the `/wc-auth/v1/authorize` key provisioning (decided
 * at once), and a host rate limit (wc/v3 has none of its own).
 */
export class WooCommerceSandbox extends SandboxServer {
  readonly products = new Map<number, WooProduct>();
  readonly variations = new Map<number, WooVariation[]>();
  readonly orders = new Map<number, WooOrder>();
  readonly terms: Record<Taxonomy, Map<number, WooTerm>> = { categories: new Map(), tags: new Map(), brands: new Map() };
  readonly webhooks = new Map<number, WooWebhook>();
  readonly weightUnit: WeightUnit;
  readonly hostLimit: HostRateLimit | null;
  /** The "Grant access" screen of `/wc-auth/v1/authorize` (it issues keys, not codes). */
  readonly consent = new SandboxConsent<never>();
  private readonly salt = randomBytes(8).toString('hex');
  private readonly readOnlyKeys = new Set<string>();
  private readonly brandsEnabled: boolean;
  private readonly hits: number[] = [];
  private id = 5000;

  constructor(options: WooCommerceSandboxOptions = {}) {
    super();
    this.weightUnit = options.weightUnit ?? 'kg';
    const fromPlan = parsePlan(options.plan);
    this.hostLimit = options.hostLimit !== undefined ? options.hostLimit : fromPlan !== undefined ? fromPlan : WOOCOMMERCE_DEFAULT_HOST_LIMIT;
    this.brandsEnabled = options.brands ?? true;
    // WordPress always has the default product category.
    this.terms.categories.set(15, { id: 15, name: 'Uncategorized', slug: 'uncategorized', count: 0 });
    const seedProducts = generateSeedProducts(options.seed ?? 1, options.products ?? 30);
    const ids = { nextId: () => this.nextId(), term: (t: Taxonomy, name: string) => this.ensureTerm(t, name) };
    const refs = new Map<number, { id: number; variationIds: number[] }>();
    for (const sp of seedProducts) {
      const { product, variations } = seedProduct(sp, ids, this.weightUnit, () => this.baseUrl);
      this.products.set(product.id, product);
      this.variations.set(product.id, variations);
      refs.set(sp.index, { id: product.id, variationIds: variations.map((v) => v.id) });
    }
    for (const so of generateSeedOrders(options.seed ?? 1, options.orders ?? 20, seedProducts)) {
      const order = seedOrder(so, refs);
      this.orders.set(order.id, order);
    }
  }

  /** The consumer secret that goes with a key this sandbox issued. */
  credentialsFor(consumerKey: string): Credentials {
    return { consumerKey, consumerSecret: secretFor(this.salt, consumerKey) };
  }

  /** A new key pair, as WooCommerce › Settings › Advanced › REST API makes one. */
  issueKeys(permissions: 'read' | 'write' | 'read_write' = 'read_write'): { consumerKey: string; consumerSecret: string } {
    const consumerKey = this.issueToken(`ck_${randomBytes(20).toString('hex')}`);
    if (permissions === 'read') this.readOnlyKeys.add(consumerKey);
    return { consumerKey, consumerSecret: secretFor(this.salt, consumerKey) };
  }

  protected recordCounts(): Record<string, number> {
    return { products: [...this.products.values()].filter((p) => p.status !== 'trash').length, orders: this.orders.size };
  }

  protected override throttleResponse(retryAfterSeconds: number): SandboxResponse {
    // The shape of WooCommerce's own limiter (Store API `RateLimits`); hosts vary.
    return { ...wooError(429, 'rate_limit_exceeded', 'Too many requests. Please wait and try again.'), headers: { 'retry-after': String(retryAfterSeconds) } };
  }

  protected override serverErrorResponse(status: number): SandboxResponse {
    return wooError(status, 'internal_server_error', 'There has been a critical error on this website. (injected by the sandbox)');
  }

  private nextId(): number {
    return this.id++;
  }

  private ensureTerm(taxonomy: Taxonomy, name: string): WooTerm {
    const existing = [...this.terms[taxonomy].values()].find((t) => t.slug === slugify(name));
    if (existing) return existing;
    const term: WooTerm = { id: this.nextId(), name: escapeHtml(name), slug: slugify(name), count: 0 };
    this.terms[taxonomy].set(term.id, term);
    return term;
  }

  /** Sliding-window host limit: refuse when the window is full, naming when a slot frees up. */
  private admit(): number | null {
    if (!this.hostLimit) return null;
    const t = performance.now();
    const windowMs = this.hostLimit.windowSeconds * 1000;
    while (this.hits.length && this.hits[0] <= t - windowMs) this.hits.shift();
    if (this.hits.length >= this.hostLimit.requests) return Math.max(1, Math.ceil((this.hits[0] + windowMs - t) / 1000));
    this.hits.push(t);
    return null;
  }

  /** https://woocommerce.github.io/woocommerce-rest-api-docs/#authentication-over-https */
  private authenticate(req: SandboxRequest): { key: string } | SandboxResponse {
    let key: string | undefined;
    let secret: string | undefined;
    const basic = /^Basic\s+(.+)$/i.exec(req.headers['authorization'] ?? '');
    if (basic) [key, secret] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
    else {
      key = req.url.searchParams.get('consumer_key') ?? undefined;
      secret = req.url.searchParams.get('consumer_secret') ?? undefined;
    }
    if (!key || !this.isTokenValid(key)) return wooError(401, 'woocommerce_rest_authentication_error', 'Consumer key is invalid.');
    if (secret !== secretFor(this.salt, key)) return wooError(401, 'woocommerce_rest_authentication_error', 'Consumer secret is invalid.');
    if (req.method !== 'GET' && this.readOnlyKeys.has(key)) return wooError(401, 'woocommerce_rest_authentication_error', 'The API key provided does not have write permissions.');
    return { key };
  }

  /** Seeded URLs are written before the port is known: make them absolute once it is. */
  override async start(port = 0, host = '127.0.0.1'): Promise<string> {
    const baseUrl = await super.start(port, host);
    const absolute = (u: string) => (u.startsWith('/') ? `${baseUrl}${u}` : u);
    for (const p of this.products.values()) {
      p.permalink = absolute(p.permalink);
      for (const img of p.images) img.src = absolute(img.src);
    }
    for (const list of this.variations.values()) for (const v of list) v.permalink = absolute(v.permalink);
    return baseUrl;
  }

  protected async handle(req: SandboxRequest): Promise<SandboxResponse> {
    const res = await this.route(req);
    // `_fields=a,b` trims each record to those fields (WordPress core).
    const fields = req.url.searchParams.get('_fields')?.split(',');
    if (!fields || res.status >= 400 || typeof res.body !== 'object' || res.body === null) return res;
    const pick = (x: unknown) => Object.fromEntries(Object.entries(x as Record<string, unknown>).filter(([k]) => fields.includes(k)));
    return { ...res, body: Array.isArray(res.body) ? res.body.map(pick) : pick(res.body) };
  }

  private async route(req: SandboxRequest): Promise<SandboxResponse> {
    const wait = this.admit();
    if (wait !== null) return { ...this.throttleResponse(wait), throttled: true };
    if (req.path === '/wc-auth/v1/authorize') return this.authorize(req);
    if (!req.path.startsWith(API)) return NO_ROUTE();
    const auth = this.authenticate(req);
    if ('status' in auth) return auth;
    const parts = req.path.slice(API.length).replace(/\/$/, '').split('/');
    const body = (req.body ?? {}) as Body;
    const m = req.method;

    if (parts[0] === 'settings' && parts[1] === 'products' && parts[2] === 'woocommerce_weight_unit' && m === 'GET') {
      return sandboxJson(200, {
        id: 'woocommerce_weight_unit',
        label: 'Weight unit',
        description: 'This controls what unit you will define weights in.',
        type: 'select',
        default: 'kg',
        options: { kg: 'kg', g: 'g', lbs: 'lbs', oz: 'oz' },
        value: WOO_UNIT[this.weightUnit],
      });
    }
    if (parts[0] === 'products') {
      const tax = parts[1] as Taxonomy;
      if (tax === 'categories' || tax === 'tags' || tax === 'brands') return tax === 'brands' && !this.brandsEnabled ? NO_ROUTE() : this.termRoute(tax, parts.slice(2), req, body);
      if (parts.length === 1 && m === 'GET') return this.listProducts(req);
      if (parts.length === 1 && m === 'POST') return this.createProduct(body, req);
      if (parts[1] === 'batch' && m === 'POST') return this.batch(body, (b) => this.createProduct(b, req), (b) => this.updateProduct(Number(b.id), b, req), (id) => this.deleteProduct(id, true));
      const product = this.products.get(Number(parts[1]));
      if (parts.length === 2) {
        if (m === 'GET') return product ? sandboxJson(200, this.viewProduct(product, req)) : wooError(404, 'woocommerce_rest_product_invalid_id', 'Invalid ID.');
        if (m === 'PUT' || m === 'PATCH') return this.updateProduct(Number(parts[1]), body, req);
        if (m === 'DELETE') return this.deleteProduct(Number(parts[1]), req.url.searchParams.get('force') === 'true');
      }
      if (parts[2] === 'variations') {
        if (!product || product.status === 'trash') return wooError(404, 'woocommerce_rest_product_invalid_id', 'Invalid ID.');
        return this.variationRoute(product, parts.slice(3), req, body);
      }
      return NO_ROUTE();
    }
    if (parts[0] === 'orders' && m === 'GET') {
      if (parts.length === 1) return this.listOrders(req);
      const order = this.orders.get(Number(parts[1]));
      return order ? sandboxJson(200, order) : wooError(404, 'woocommerce_rest_shop_order_invalid_id', 'Invalid ID.');
    }
    if (parts[0] === 'webhooks') {
      if (parts.length === 1 && m === 'GET') return this.paginate([...this.webhooks.values()], req);
      if (parts.length === 1 && m === 'POST') return this.createWebhook(body);
      if (parts[1] === 'batch' && m === 'POST') return this.batch(body, (b) => this.createWebhook(b), () => NO_ROUTE(), () => NO_ROUTE());
    }
    return NO_ROUTE();
  }

  // ---- pagination ----------------------------------------------------------------------------

  private paginate<T>(all: T[], req: SandboxRequest, map: (x: T) => unknown = (x) => x): SandboxResponse {
    const q = req.url.searchParams;
    const perPage = Number(q.get('per_page') ?? 10);
    const page = Number(q.get('page') ?? 1);
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) {
      return wooError(400, 'rest_invalid_param', 'Invalid parameter(s): per_page', { params: { per_page: 'per_page must be between 1 (inclusive) and 100 (inclusive)' } });
    }
    if (!Number.isInteger(page) || page < 1) return wooError(400, 'rest_invalid_param', 'Invalid parameter(s): page', { params: { page: 'page must be greater than or equal to 1' } });
    const totalPages = Math.ceil(all.length / perPage);
    const headers: Record<string, string> = { 'x-wp-total': String(all.length), 'x-wp-totalpages': String(totalPages) };
    const link = (p: number) => {
      const u = new URL(req.url.toString());
      u.searchParams.set('page', String(p));
      return `<${this.baseUrl}${u.pathname}${u.search}>`;
    };
    const links: string[] = [];
    if (page > 1) links.push(`${link(page - 1)}; rel="prev"`);
    if (page < totalPages) links.push(`${link(page + 1)}; rel="next"`);
    if (links.length) headers.link = links.join(', ');
    return sandboxJson(200, all.slice((page - 1) * perPage, page * perPage).map(map), headers);
  }

  /** WordPress date filters: exclusive, to the second; local time unless `dates_are_gmt`. */
  private dateFilter<T extends { date_created: string | null; date_created_gmt: string | null; date_modified: string | null; date_modified_gmt: string | null }>(
    items: T[],
    q: URLSearchParams,
  ): T[] {
    const gmt = q.get('dates_are_gmt') === 'true';
    const ms = (s: string | null) => (s ? Date.parse(/Z|[+-]\d\d:?\d\d$/.test(s) ? s : `${s}Z`) : NaN);
    let out = items;
    const checks: Array<[string, (x: T) => string | null, (a: number, b: number) => boolean]> = [
      ['after', (x) => (gmt ? x.date_created_gmt : x.date_created), (a, b) => a > b],
      ['before', (x) => (gmt ? x.date_created_gmt : x.date_created), (a, b) => a < b],
      ['modified_after', (x) => (gmt ? x.date_modified_gmt : x.date_modified), (a, b) => a > b],
      ['modified_before', (x) => (gmt ? x.date_modified_gmt : x.date_modified), (a, b) => a < b],
    ];
    for (const [param, field, cmp] of checks) {
      const v = q.get(param);
      if (v) out = out.filter((x) => cmp(ms(field(x)), ms(v)));
    }
    return out;
  }

  private sortById<T extends { id: number }>(items: T[], q: URLSearchParams): T[] {
    const dir = q.get('order') === 'asc' ? 1 : -1;
    // Woo's default is newest first (orderby=date, order=desc); the plugin asks for id asc.
    return [...items].sort((a, b) => dir * (a.id - b.id));
  }

  // ---- products ------------------------------------------------------------------------------

  private viewProduct(p: WooProduct, req: SandboxRequest): WooProduct {
    // View context runs descriptions through wpautop; edit context returns them as stored.
    if (req.url.searchParams.get('context') === 'edit' || !p.description) return p;
    return { ...p, description: `<p>${p.description}</p>\n` };
  }

  private listProducts(req: SandboxRequest): SandboxResponse {
    const q = req.url.searchParams;
    let items = [...this.products.values()];
    const status = q.get('status') ?? 'any';
    items = items.filter((p) => (status === 'any' ? p.status !== 'trash' : p.status === status));
    for (const [param, key] of [['category', 'categories'], ['tag', 'tags'], ['brand', 'brands']] as const) {
      const v = q.get(param);
      if (v) items = items.filter((p) => (p[key] ?? []).some((t) => v.split(',').includes(String(t.id))));
    }
    if (q.get('type')) items = items.filter((p) => p.type === q.get('type'));
    const include = q.get('include');
    if (include) items = items.filter((p) => include.split(',').includes(String(p.id)));
    const sku = q.get('sku');
    if (sku) {
      // Each comma-separated SKU, and the whole text when it has commas; products and variations alike
      // (WC_REST_Products_V2_Controller::prepare_objects_query: post types product and product_variation).
      const skus = sku.split(',');
      if (skus.length > 1) skus.push(sku);
      const variations = items.flatMap((p) => (this.variations.get(p.id) ?? []).filter((v) => skus.includes(v.sku)).map((v) => this.variationAsProduct(p, v)));
      items = [...items.filter((p) => skus.includes(p.sku)), ...variations];
    }
    if (q.get('search')) items = items.filter((p) => `${p.name} ${p.description} ${p.short_description}`.toLowerCase().includes(q.get('search')!.toLowerCase()));
    items = this.sortById(this.dateFilter(items, q), q);
    return this.paginate(items, req, (p) => this.viewProduct(p, req));
  }

  /** A variation as /products answers it when a SKU is asked for: a product of type `variation` under its parent. */
  private variationAsProduct(parent: WooProduct, v: WooVariation): WooProduct {
    const { status, image, attributes, ...sellable } = v;
    return {
      ...parent,
      ...sellable,
      name: [parent.name, ...attributes.map((a) => a.option)].join(' - '),
      type: 'variation' as WooProduct['type'],
      status,
      images: image ? [image] : [],
      parent_id: parent.id,
      variations: [],
      attributes: [],
    };
  }

  private skuTaken(sku: string, exceptId?: number): boolean {
    if (!sku) return false;
    for (const p of this.products.values()) if (p.id !== exceptId && p.sku === sku && p.status !== 'trash') return true;
    for (const list of this.variations.values()) for (const v of list) if (v.id !== exceptId && v.sku === sku) return true;
    return false;
  }

  private linkTerms(taxonomy: Taxonomy, refs: unknown): WooProduct['tags'] {
    const ids = (Array.isArray(refs) ? refs : []).map((r) => (typeof r === 'object' && r !== null ? Number((r as { id?: unknown }).id) : Number(r)));
    return ids.map((id) => this.terms[taxonomy].get(id)).filter((t): t is WooTerm => !!t).map(({ id, name, slug }) => ({ id, name, slug }));
  }

  /** The sellable fields of a write, shared by products and variations; an error response on bad input. */
  private applySellable<T extends WooProduct | WooVariation>(target: T, b: Body): SandboxResponse | null {
    if (b.sku !== undefined) {
      const sku = String(b.sku ?? '');
      if (this.skuTaken(sku, target.id)) return wooError(400, 'product_invalid_sku', 'Invalid or duplicated SKU.', { resource_id: target.id });
      target.sku = sku;
    }
    for (const field of ['regular_price', 'sale_price'] as const) {
      if (b[field] === undefined) continue;
      const v = String(b[field] ?? '');
      if (v !== '' && !/^\d+(\.\d+)?$/.test(v)) return wooError(400, 'rest_invalid_param', `Invalid parameter(s): ${field}`);
      target[field] = v === '' ? '' : toDecimalString(v);
    }
    target.price = target.sale_price !== '' ? target.sale_price : target.regular_price;
    if (b.manage_stock !== undefined) target.manage_stock = b.manage_stock === 'parent' ? 'parent' : Boolean(b.manage_stock);
    if (b.stock_quantity !== undefined) target.stock_quantity = b.stock_quantity === null ? null : Number(b.stock_quantity);
    if (target.manage_stock === true) target.stock_status = (target.stock_quantity ?? 0) > 0 ? 'instock' : 'outofstock';
    if (b.weight !== undefined) {
      const w = String(b.weight ?? '');
      if (w !== '' && !Number.isFinite(Number(w))) return wooError(400, 'rest_invalid_param', 'Invalid parameter(s): weight');
      target.weight = w;
    }
    return null;
  }

  private touch(x: { date_modified: string | null; date_modified_gmt: string | null }): void {
    const d = wpDates(nowSeconds());
    x.date_modified = d.local;
    x.date_modified_gmt = d.gmt;
  }

  private createProduct(b: Body, req: SandboxRequest): SandboxResponse {
    if (typeof b.name !== 'string' || !b.name) return wooError(400, 'rest_missing_callback_param', 'Missing parameter(s): name', { params: ['name'] });
    const d = wpDates(nowSeconds());
    const product: WooProduct = {
      id: this.nextId(),
      name: '',
      slug: '',
      permalink: '',
      date_created: d.local,
      date_created_gmt: d.gmt,
      date_modified: d.local,
      date_modified_gmt: d.gmt,
      type: 'simple',
      status: 'publish',
      description: '',
      short_description: '',
      sku: '',
      price: '',
      regular_price: '',
      sale_price: '',
      manage_stock: false,
      stock_quantity: null,
      stock_status: 'instock',
      weight: '',
      categories: [],
      tags: [],
      brands: [],
      images: [],
      attributes: [],
      variations: [],
      parent_id: 0,
    };
    const error = this.applyProduct(product, b);
    if (error) return error;
    this.products.set(product.id, product);
    this.variations.set(product.id, []);
    return sandboxJson(201, this.viewProduct(product, req));
  }

  private applyProduct(p: WooProduct, b: Body): SandboxResponse | null {
    const draft = structuredClone(p);
    if (b.name !== undefined) {
      draft.name = String(b.name);
      draft.slug = slugify(draft.name);
      draft.permalink = `${this.baseUrl}/product/${draft.slug}/`;
    }
    if (b.type !== undefined) {
      if (!['simple', 'variable', 'grouped', 'external'].includes(String(b.type))) return wooError(400, 'rest_invalid_param', 'Invalid parameter(s): type');
      draft.type = b.type as WooProduct['type'];
    }
    if (b.status !== undefined) {
      if (!['draft', 'pending', 'private', 'publish', 'future'].includes(String(b.status))) return wooError(400, 'rest_invalid_param', 'Invalid parameter(s): status');
      draft.status = b.status as WooProduct['status'];
    }
    if (b.description !== undefined) draft.description = String(b.description ?? '');
    if (b.categories !== undefined) draft.categories = this.linkTerms('categories', b.categories);
    // Woo files a product without categories under the default one.
    if (!draft.categories.length) draft.categories = this.linkTerms('categories', [15]);
    if (b.tags !== undefined) draft.tags = this.linkTerms('tags', b.tags);
    if (b.brands !== undefined && this.brandsEnabled) draft.brands = this.linkTerms('brands', b.brands);
    if (b.images !== undefined) {
      draft.images = (Array.isArray(b.images) ? b.images : []).map((img: { src?: string; alt?: string }): WooImage => ({ id: this.nextId(), src: String(img.src ?? ''), name: '', alt: img.alt ?? '' }));
    }
    if (b.attributes !== undefined) {
      draft.attributes = (Array.isArray(b.attributes) ? b.attributes : []).map((a: { name?: string; position?: number; visible?: boolean; variation?: boolean; options?: string[] }, i: number) => ({
        id: 0,
        name: String(a.name ?? ''),
        position: a.position ?? i,
        visible: a.visible ?? false,
        variation: a.variation ?? false,
        options: (a.options ?? []).map(String),
      }));
    }
    const error = this.applySellable(draft, b);
    if (error) return error;
    if (p.type === 'variable' && draft.type !== 'variable') {
      // WC_Post_Data::product_type_changed removes the variations of a product that is no longer variable.
      this.variations.set(p.id, []);
      draft.variations = [];
    }
    if (draft.type === 'variable') {
      const list = this.variations.get(p.id) ?? [];
      draft.variations = list.map((v) => v.id);
      draft.price = list.map((v) => v.price).filter(Boolean).sort((x, y) => Number(x) - Number(y))[0] ?? '';
    }
    Object.assign(p, draft);
    return null;
  }

  private updateProduct(id: number, b: Body, req: SandboxRequest): SandboxResponse {
    const product = this.products.get(id);
    // Updates answer an unknown id with 400, reads with 404 (WC_REST_CRUD_Controller).
    if (!product) return wooError(400, 'woocommerce_rest_product_invalid_id', 'Invalid ID.');
    const error = this.applyProduct(product, b);
    if (error) return error;
    this.touch(product);
    return sandboxJson(200, this.viewProduct(product, req));
  }

  private deleteProduct(id: number, force: boolean): SandboxResponse {
    const product = this.products.get(id);
    if (!product) return wooError(404, 'woocommerce_rest_product_invalid_id', 'Invalid ID.');
    if (!force) {
      if (product.status === 'trash') return wooError(410, 'woocommerce_rest_already_trashed', `The product with ID ${id} has already been deleted.`);
      product.status = 'trash';
      return sandboxJson(200, product);
    }
    this.products.delete(id);
    this.variations.delete(id);
    return sandboxJson(200, product);
  }

  // ---- variations ----------------------------------------------------------------------------

  private variationRoute(product: WooProduct, rest: string[], req: SandboxRequest, body: Body): SandboxResponse {
    const list = this.variations.get(product.id) ?? [];
    const m = req.method;
    const view = (v: WooVariation) => v;
    if (!rest.length && m === 'GET') return this.paginate(this.sortById(this.dateFilter(list, req.url.searchParams), req.url.searchParams), req, view);
    if (!rest.length && m === 'POST') return this.createVariation(product, body);
    if (rest[0] === 'batch' && m === 'POST') {
      return this.batch(
        body,
        (b) => this.createVariation(product, b),
        (b) => this.updateVariation(product, Number(b.id), b),
        (id) => this.deleteVariation(product, id),
      );
    }
    const vid = Number(rest[0]);
    if (m === 'GET') {
      const v = list.find((x) => x.id === vid);
      return v ? sandboxJson(200, v) : wooError(404, 'woocommerce_rest_product_variation_invalid_id', 'Invalid ID.');
    }
    if (m === 'PUT' || m === 'PATCH') return this.updateVariation(product, vid, body);
    if (m === 'DELETE') return this.deleteVariation(product, vid);
    return NO_ROUTE();
  }

  private applyVariation(product: WooProduct, v: WooVariation, b: Body): SandboxResponse | null {
    const draft = structuredClone(v);
    const error = this.applySellable(draft, b);
    if (error) return error;
    if (b.attributes !== undefined) {
      draft.attributes = (Array.isArray(b.attributes) ? b.attributes : []).map((a: { name?: string; option?: string }) => {
        const parentAttr = product.attributes.find((x) => x.name.toLowerCase() === String(a.name ?? '').toLowerCase());
        return { id: parentAttr?.id ?? 0, name: parentAttr?.name ?? String(a.name ?? ''), option: String(a.option ?? '') };
      });
    }
    Object.assign(v, draft);
    return null;
  }

  private createVariation(product: WooProduct, b: Body): SandboxResponse {
    if (product.type !== 'variable') return wooError(400, 'woocommerce_rest_invalid_product_type', 'The product must be variable to have variations.');
    const d = wpDates(nowSeconds());
    const v: WooVariation = {
      id: this.nextId(),
      date_created: d.local,
      date_created_gmt: d.gmt,
      date_modified: d.local,
      date_modified_gmt: d.gmt,
      description: '',
      permalink: product.permalink,
      sku: '',
      price: '',
      regular_price: '',
      sale_price: '',
      status: 'publish',
      manage_stock: false,
      stock_quantity: null,
      stock_status: 'instock',
      weight: '',
      image: null,
      attributes: [],
    };
    const error = this.applyVariation(product, v, b);
    if (error) return error;
    const list = this.variations.get(product.id) ?? [];
    list.push(v);
    this.variations.set(product.id, list);
    this.syncParent(product);
    return sandboxJson(201, v);
  }

  private updateVariation(product: WooProduct, id: number, b: Body): SandboxResponse {
    const v = (this.variations.get(product.id) ?? []).find((x) => x.id === id);
    if (!v) return wooError(400, 'woocommerce_rest_product_variation_invalid_id', 'Invalid ID.');
    const error = this.applyVariation(product, v, b);
    if (error) return error;
    this.touch(v);
    this.syncParent(product);
    return sandboxJson(200, v);
  }

  private deleteVariation(product: WooProduct, id: number): SandboxResponse {
    const list = this.variations.get(product.id) ?? [];
    const v = list.find((x) => x.id === id);
    if (!v) return wooError(404, 'woocommerce_rest_product_variation_invalid_id', 'Invalid ID.');
    this.variations.set(product.id, list.filter((x) => x.id !== id));
    this.syncParent(product);
    return sandboxJson(200, v);
  }

  private syncParent(product: WooProduct): void {
    const list = this.variations.get(product.id) ?? [];
    product.variations = list.map((v) => v.id);
    product.price = list.map((v) => v.price).filter(Boolean).sort((a, b) => Number(a) - Number(b))[0] ?? '';
    this.touch(product);
  }

  // ---- batch ---------------------------------------------------------------------------------

  /** https://woocommerce.github.io/woocommerce-rest-api-docs/#batch-update-products: ≤ 100 objects; per-item errors in a 200. */
  private batch(body: Body, create: (b: Body) => SandboxResponse, update: (b: Body) => SandboxResponse, remove: (id: number) => SandboxResponse): SandboxResponse {
    const creates = Array.isArray(body.create) ? (body.create as Body[]) : [];
    const updates = Array.isArray(body.update) ? (body.update as Body[]) : [];
    const deletes = Array.isArray(body.delete) ? (body.delete as unknown[]).map(Number) : [];
    if (creates.length + updates.length + deletes.length > 100) {
      return wooError(413, 'woocommerce_rest_request_entity_too_large', 'Unable to accept more than 100 items for this request.');
    }
    const item = (res: SandboxResponse, id: number) => (res.status < 400 ? res.body : { id, error: res.body });
    const out: Record<string, unknown[]> = {};
    if (creates.length) out.create = creates.map((b) => item(create(b), 0));
    if (updates.length) out.update = updates.map((b) => item(update(b), Number(b.id)));
    if (deletes.length) out.delete = deletes.map((id) => item(remove(id), id));
    return sandboxJson(200, out);
  }

  // ---- terms ---------------------------------------------------------------------------------

  private termRoute(taxonomy: Taxonomy, rest: string[], req: SandboxRequest, body: Body): SandboxResponse {
    const create = (b: Body): SandboxResponse => {
      const name = String(b.name ?? '').trim();
      if (!name) return wooError(400, 'rest_missing_callback_param', 'Missing parameter(s): name', { params: ['name'] });
      const existing = [...this.terms[taxonomy].values()].find((t) => t.slug === slugify(name));
      if (existing) return wooError(400, 'term_exists', 'A term with the name provided already exists with this parent.', { resource_id: existing.id, term_id: existing.id });
      return sandboxJson(201, this.ensureTerm(taxonomy, name));
    };
    if (!rest.length && req.method === 'GET') {
      const search = (req.url.searchParams.get('search') ?? '').toLowerCase();
      const all = [...this.terms[taxonomy].values()].filter((t) => !search || t.name.toLowerCase().includes(escapeHtml(search)) || t.slug.includes(search));
      return this.paginate(all.sort((a, b) => a.name.localeCompare(b.name)), req);
    }
    if (!rest.length && req.method === 'POST') return create(body);
    if (rest[0] === 'batch' && req.method === 'POST') return this.batch(body, create, () => NO_ROUTE(), () => NO_ROUTE());
    return NO_ROUTE();
  }

  // ---- orders --------------------------------------------------------------------------------

  private listOrders(req: SandboxRequest): SandboxResponse {
    const q = req.url.searchParams;
    let items = [...this.orders.values()];
    const status = q.get('status');
    if (status && status !== 'any') {
      const wanted = status.split(',');
      const known = ['pending', 'processing', 'on-hold', 'completed', 'cancelled', 'refunded', 'failed', 'trash', 'checkout-draft'];
      const bad = wanted.find((s) => !known.includes(s));
      if (bad) return wooError(400, 'rest_invalid_param', 'Invalid parameter(s): status', { params: { status: `status[0] is not one of ${known.join(', ')}.` } });
      items = items.filter((o) => wanted.includes(o.status));
    } else items = items.filter((o) => o.status !== 'trash');
    if (q.get('customer')) items = items.filter((o) => String(o.customer_id) === q.get('customer'));
    items = this.sortById(this.dateFilter(items, q), q);
    return this.paginate(items, req);
  }

  // ---- webhooks ------------------------------------------------------------------------------

  private createWebhook(b: Body): SandboxResponse {
    const topic = String(b.topic ?? '');
    if (!/^(product|order|coupon|customer)\.(created|updated|deleted|restored)$|^action\./.test(topic)) return wooError(400, 'rest_invalid_param', 'Invalid parameter(s): topic');
    if (typeof b.delivery_url !== 'string' || !b.delivery_url) return wooError(400, 'rest_missing_callback_param', 'Missing parameter(s): delivery_url');
    const hook: WooWebhook = { id: this.nextId(), name: String(b.name ?? topic), status: (b.status as WooWebhook['status']) ?? 'active', topic, delivery_url: b.delivery_url, secret: String(b.secret ?? '') };
    this.webhooks.set(hook.id, hook);
    return sandboxJson(201, hook);
  }

  // ---- key provisioning ----------------------------------------------------------------------

  /**
   * `/wc-auth/v1/authorize` as `WC_Auth` handles it (https://woocommerce.github.io/woocommerce-rest-api-docs/#rest-api-keys):
   * on a real store the merchant logs in and approves; here the decision is
   * immediate (approve unless `consent.denyNext()`). Approval creates the
   * keys and POSTs them as JSON to `callback_url`; only a 200 answer counts:
   * otherwise the keys are deleted again and the merchant sees WooCommerce's
   * 401 error page. Then the browser goes to `return_url?success=1&user_id=…`;
   * "Deny" sends it to `return_url?success=0&user_id=…`.
   */
  private async authorize(req: SandboxRequest): Promise<SandboxResponse> {
    const q = req.url.searchParams;
    const scope = q.get('scope');
    const [appName, userId, returnUrl, callbackUrl] = ['app_name', 'user_id', 'return_url', 'callback_url'].map((k) => q.get(k));
    if (!appName || !userId || !returnUrl || !callbackUrl || (scope !== 'read' && scope !== 'write' && scope !== 'read_write')) {
      return authError('Missing or invalid parameters');
    }
    if (!URL.canParse(returnUrl) || !URL.canParse(callbackUrl)) return authError('The return_url or callback_url is not a valid URL');
    if (this.consent.decide() === 'deny') return sandboxRedirect(returnUrl, { success: '0', user_id: userId });
    const keys = this.issueKeys(scope === 'read' ? 'read' : 'read_write');
    const status = await fetch(callbackUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json;charset=UTF-8' },
      body: JSON.stringify({ key_id: this.nextId(), user_id: userId, consumer_key: keys.consumerKey, consumer_secret: keys.consumerSecret, key_permissions: scope }),
    }).then(
      (r) => r.status,
      () => 0,
    );
    if (status !== 200) {
      this.revokeToken(keys.consumerKey);
      return authError('An error occurred in the request and at the time were unable to send the consumer data');
    }
    return sandboxRedirect(returnUrl, { success: '1', user_id: userId });
  }
}

/** `wp_die()` of WC_Auth: an HTML page with status 401. */
function authError(message: string): SandboxResponse {
  return { status: 401, headers: { 'content-type': 'text/html; charset=utf-8' }, body: `<p>Error: ${escapeHtml(message)}.</p>` };
}

export interface RunningWooCommerceSandbox {
  baseUrl: string;
  /** `consumer_key:consumer_secret`, as `curl -u` takes it. */
  accessToken: string;
  consumerKey: string;
  consumerSecret: string;
  sandbox: WooCommerceSandbox;
  /** The governor policy that keeps under the sandbox's host limit. */
  rateLimit: RateLimitPolicy;
  conformance(): ConformanceSandbox;
  close(): Promise<void>;
}

export async function startWooCommerceSandbox(options: WooCommerceSandboxOptions & { port?: number } = {}): Promise<RunningWooCommerceSandbox> {
  const weightUnit = typeof options.weightUnit === 'string' ? (parseWeightUnit(options.weightUnit) ?? 'kg') : undefined;
  const sandbox = new WooCommerceSandbox({ ...options, weightUnit });
  const baseUrl = await sandbox.start(options.port ?? 0);
  const { consumerKey, consumerSecret } = sandbox.issueKeys();
  const rateLimit = woocommerceRateLimit(sandbox.hostLimit);
  return {
    baseUrl,
    accessToken: `${consumerKey}:${consumerSecret}`,
    consumerKey,
    consumerSecret,
    sandbox,
    rateLimit,
    close: () => sandbox.close(),
    conformance: () => ({
      baseUrl,
      storeIdentifier: baseUrl,
      credentials: { consumerKey, consumerSecret },
      app: {},
      rateLimit,
      seed: { seed: options.seed ?? 1, products: options.products ?? 30, orders: options.orders ?? 20 },
      // Woo cannot store every unified status (no partial payment or fulfilment): compare with what it stored.
      seedStatuses: wooSeedStatuses,
      credentialsFor: (token) => sandbox.credentialsFor(token),
      close: () => sandbox.close(),
    }),
  };
}
