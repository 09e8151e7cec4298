import type { RateLimitPolicy } from '@storebridge/contracts';
import { unixSecondsToIso } from '@storebridge/plugin-sdk';
import {
  SandboxServer,
  generateSeedOrders,
  generateSeedProducts,
  sandboxJson,
  type ConformanceSandbox,
  type SandboxRequest,
  type SandboxResponse,
  type SeedAddress,
} from '@storebridge/plugin-sdk/testing';
import type { WoocommerceAddress, WoocommerceOrder, WoocommerceProduct, WoocommerceProductWrite } from '../client/woocommerce-api.types';
import { WOOCOMMERCE_API_PATH, WOOCOMMERCE_RATE_LIMIT } from '../woocommerce.config';

const toAddress = (a: SeedAddress): WoocommerceAddress => ({
  first_name: a.firstName, last_name: a.lastName, line1: a.address1, line2: a.address2, city: a.city, region: a.region, postcode: a.postalCode, country: a.countryCode, phone: a.phone,
});

export interface WoocommerceSandboxOptions {
  seed?: number;
  products?: number;
  orders?: number;
  /** The limits the sandbox enforces (default: the plugin's published policy). */
  rateLimit?: { capacity: number; refillPerSecond: number };
}

/**
 * Emulator of the provider's API. TODO(woocommerce): make routes, auth check,
 * pagination, rate limiting and error bodies those the provider documents.
 */
export class WoocommerceSandbox extends SandboxServer {
  private readonly products = new Map<number, WoocommerceProduct>();
  private readonly orders = new Map<number, WoocommerceOrder>();
  private nextId = 1_000_000;
  private tokens: number;
  private last = performance.now();
  readonly limits: { capacity: number; refillPerSecond: number };

  constructor(options: WoocommerceSandboxOptions = {}) {
    super();
    const policy = WOOCOMMERCE_RATE_LIMIT;
    this.limits = options.rateLimit ?? (policy.kind === 'token-bucket' ? { capacity: policy.capacity, refillPerSecond: policy.refillPerSecond } : { capacity: 1e9, refillPerSecond: 1e9 });
    this.tokens = this.limits.capacity;
    const seedProducts = generateSeedProducts(options.seed ?? 1, options.products ?? 30);
    for (const p of seedProducts) {
      this.products.set(p.index, {
        id: p.index, name: p.title, body: p.description, type: p.productType, brand: p.vendor, state: p.status.toLowerCase() as WoocommerceProduct['state'],
        tags: p.tags.join(','), url: null, created_at: unixSecondsToIso(p.createdAt), updated_at: unixSecondsToIso(p.updatedAt),
        variants: p.variants.map((v, i) => ({
          id: p.index * 100 + i, title: v.title, sku: v.sku, price: v.price, options: v.optionValues, stock: v.inventory, weight: v.weight.value, weight_unit: v.weight.unit,
          created_at: unixSecondsToIso(p.createdAt), updated_at: unixSecondsToIso(p.updatedAt),
        })),
      });
    }
    for (const o of generateSeedOrders(options.seed ?? 1, options.orders ?? 20, seedProducts)) {
      this.orders.set(o.index, {
        id: o.index, number: o.orderNumber, created_at: unixSecondsToIso(o.createdAt), updated_at: unixSecondsToIso(o.updatedAt), state: o.state,
        payment_state: o.paymentStatus.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase(), fulfillment_state: o.fulfillmentStatus, currency: o.currency,
        total: o.totalPrice, tax: o.totalTax, shipping: o.totalShipping, discount: o.totalDiscount,
        items: o.lineItems.map((li, i) => ({ id: o.index * 10 + i, product_id: li.productIndex, variant_id: li.productIndex * 100 + li.variantIndex, title: li.title, sku: li.sku, quantity: li.quantity, price: li.price })),
        billing_address: toAddress(o.billingAddress), shipping_address: toAddress(o.shippingAddress),
        customer: { id: Number(o.customer.customerId), first_name: o.customer.firstName, last_name: o.customer.lastName, email: o.customer.email, phone: o.customer.phone },
      });
    }
  }

  protected recordCounts(): Record<string, number> {
    return { products: this.products.size, orders: this.orders.size };
  }

  /** Token bucket, answered with 429 + Retry-After when empty. */
  private take(): boolean {
    const t = performance.now();
    this.tokens = Math.min(this.limits.capacity, this.tokens + ((t - this.last) / 1000) * this.limits.refillPerSecond);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private page<T extends { id: number; updated_at: string }>(items: Iterable<T>, req: SandboxRequest, key: string): SandboxResponse {
    const q = req.url.searchParams;
    const perPage = Math.min(Number(q.get('per_page') ?? 20), 100);
    const page = Math.max(Number(q.get('page') ?? 1), 1);
    const since = q.get('updated_since');
    const all = [...items].filter((x) => !since || Date.parse(x.updated_at) >= Date.parse(since)).sort((a, b) => a.id - b.id);
    return sandboxJson(200, { [key]: all.slice((page - 1) * perPage, page * perPage) }, { 'x-total': String(all.length), 'x-total-pages': String(Math.ceil(all.length / perPage)) });
  }

  private write(body: WoocommerceProductWrite, existing?: WoocommerceProduct): WoocommerceProduct {
    const now = new Date().toISOString();
    const product: WoocommerceProduct = {
      ...body,
      id: existing?.id ?? this.nextId++,
      url: null,
      created_at: existing?.created_at ?? now,
      updated_at: now,
      variants: body.variants.map((v) => ({
        ...v,
        id: v.id ?? this.nextId++,
        title: v.options.map((o) => o.value).join(' / ') || 'Default',
        created_at: existing?.variants.find((x) => x.id === v.id)?.created_at ?? now,
        updated_at: now,
      })),
    };
    this.products.set(product.id, product);
    return product;
  }

  protected handle(req: SandboxRequest): SandboxResponse {
    const auth = req.headers['authorization'] ?? '';
    if (!this.isTokenValid(auth.replace(/^Bearer /, ''))) return sandboxJson(401, { error: 'invalid_token' });
    if (!this.take()) return { ...this.throttleResponse(1), throttled: true };
    const path = req.path.startsWith(WOOCOMMERCE_API_PATH) ? req.path.slice(WOOCOMMERCE_API_PATH.length) : req.path;
    const [, collection, id] = path.split('/');
    const body = (req.body ?? {}) as { product?: WoocommerceProductWrite };
    if (collection === 'products') {
      if (!id && req.method === 'GET') return this.page(this.products.values(), req, 'products');
      if (!id && req.method === 'POST' && body.product) return sandboxJson(201, { product: this.write(body.product) });
      const product = this.products.get(Number(id));
      if (!product) return sandboxJson(404, { error: 'not_found' });
      if (req.method === 'GET') return sandboxJson(200, { product });
      if (req.method === 'PUT' && body.product) return sandboxJson(200, { product: this.write(body.product, product) });
      if (req.method === 'DELETE') {
        this.products.delete(product.id);
        return { status: 204 };
      }
    }
    if (collection === 'orders' && req.method === 'GET') {
      if (!id) return this.page(this.orders.values(), req, 'orders');
      const order = this.orders.get(Number(id));
      return order ? sandboxJson(200, { order }) : sandboxJson(404, { error: 'not_found' });
    }
    return sandboxJson(404, { error: 'not_found' });
  }
}

export interface RunningWoocommerceSandbox {
  baseUrl: string;
  accessToken: string;
  sandbox: WoocommerceSandbox;
  conformance(): ConformanceSandbox;
  close(): Promise<void>;
}

export async function startWoocommerceSandbox(options: WoocommerceSandboxOptions & { port?: number } = {}): Promise<RunningWoocommerceSandbox> {
  const sandbox = new WoocommerceSandbox(options);
  const baseUrl = await sandbox.start(options.port ?? 0);
  const accessToken = sandbox.issueToken();
  const rateLimit: RateLimitPolicy = { kind: 'token-bucket', ...sandbox.limits };
  return {
    baseUrl,
    accessToken,
    sandbox,
    close: () => sandbox.close(),
    conformance: () => ({
      baseUrl,
      storeIdentifier: baseUrl,
      credentials: { accessToken },
      app: {},
      rateLimit,
      seed: { seed: options.seed ?? 1, products: options.products ?? 30, orders: options.orders ?? 20 },
      close: () => sandbox.close(),
    }),
  };
}
