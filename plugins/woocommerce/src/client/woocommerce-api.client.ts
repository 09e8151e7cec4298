import {
  ConflictError,
  NotFoundError,
  PermanentError,
  ValidationError,
  type CommerceError,
  type HttpClient,
  type HttpRequest,
  type HttpResponse,
} from '@storebridge/contracts';
import { nextPageNumber, summarizeBody, translateHttpStatus } from '@storebridge/plugin-sdk';
import { WOOCOMMERCE_API_PATH, WOOCOMMERCE_MAX_BATCH, WOOCOMMERCE_MAX_PAGE_SIZE } from '../woocommerce.config';
import type {
  WooBatchItem,
  WooBatchRequest,
  WooBatchResponse,
  WooError,
  WooOrder,
  WooProduct,
  WooProductWrite,
  WooSetting,
  WooTerm,
  WooVariation,
  WooVariationWrite,
  WooWebhook,
} from './woocommerce-api.types';

export type WooQuery = Record<string, string | number | boolean | undefined | null | Array<string | number>>;

export interface WooPage<T> {
  items: T[];
  nextPage: number | null;
  total: number | null;
}

/** The taxonomies we resolve names in. `brands` needs WooCommerce 9.6+. */
export type WooTaxonomy = 'categories' | 'tags' | 'brands';

function isWooError(body: unknown): body is WooError {
  return typeof body === 'object' && body !== null && typeof (body as WooError).code === 'string' && typeof (body as WooError).message === 'string';
}

export function isBatchError<T>(item: WooBatchItem<T>): item is { id: number; error: WooError } {
  return typeof item === 'object' && item !== null && 'error' in item && isWooError((item as { error: unknown }).error);
}

/** A Woo error code (`product_invalid_sku`, `term_exists`…) as one of ours; the status decides the rest. */
export function wooErrorToCommerceError(error: WooError, status: number | undefined): CommerceError | null {
  const opts = { status, providerMessage: `${error.code}: ${error.message}`, details: { code: error.code, data: error.data ?? null } };
  // Woo answers an unknown id with 404 on reads but 400 on updates: both mean the record is not there.
  if (/_invalid_id$/.test(error.code)) return new NotFoundError(error.message, opts);
  if (error.code === 'term_exists' || error.code === 'product_invalid_sku' || /duplicate|already/i.test(error.code)) return new ConflictError(error.message, opts);
  // A key without the permission the call needs is a setup problem, not a revoked key (Woo answers 401 for both).
  if (error.code === 'woocommerce_rest_authentication_error' && /permission/i.test(error.message)) return new PermanentError(error.message, opts);
  if (error.code === 'rest_no_route') return new PermanentError('the store has no such WooCommerce REST route (is WooCommerce active, and the feature available in its version?)', opts);
  if (error.code === 'woocommerce_rest_request_entity_too_large' || error.code === 'rest_invalid_param' || error.code === 'rest_missing_callback_param') {
    return new ValidationError(error.message, opts);
  }
  return null;
}

/**
 * The plugin's `translateError`: Woo's `{ code, message, data: { status } }`
 * bodies refine the status translation (a duplicate SKU is a conflict, an
 * unknown route is not a missing record). Undefined lets the SDK decide by status.
 */
export function translateWooError(res: HttpResponse, _req: HttpRequest): CommerceError | null | undefined {
  if (res.status < 400 || !isWooError(res.body)) return undefined;
  const specific = wooErrorToCommerceError(res.body, res.status);
  if (specific) return specific;
  const generic = translateHttpStatus(res);
  return generic;
}

function chunkBatch<W>(req: WooBatchRequest<W>): Array<WooBatchRequest<W>> {
  const items: Array<['create' | 'update' | 'delete', unknown]> = [
    ...(req.create ?? []).map((x) => ['create', x] as ['create', unknown]),
    ...(req.update ?? []).map((x) => ['update', x] as ['update', unknown]),
    ...(req.delete ?? []).map((x) => ['delete', x] as ['delete', unknown]),
  ];
  const out: Array<WooBatchRequest<W>> = [];
  for (let i = 0; i < items.length; i += WOOCOMMERCE_MAX_BATCH) {
    const chunk: Record<string, unknown[]> = {};
    for (const [kind, item] of items.slice(i, i + WOOCOMMERCE_MAX_BATCH)) (chunk[kind] ??= []).push(item);
    out.push(chunk as WooBatchRequest<W>);
  }
  return out;
}

/** Throws the first per-item error of a batch answer (they come back with HTTP 200). */
export function unwrapBatch<T>(res: WooBatchResponse<T>, what: string): { create: T[]; update: T[]; delete: T[] } {
  const out = { create: [] as T[], update: [] as T[], delete: [] as T[] };
  for (const kind of ['create', 'update', 'delete'] as const) {
    for (const item of res[kind] ?? []) {
      if (isBatchError(item)) {
        // Deleting what is already gone is fine.
        if (kind === 'delete' && /invalid_id|not_found/.test(item.error.code)) continue;
        throw wooErrorToCommerceError(item.error, item.error.data?.status) ?? new ValidationError(`WooCommerce refused to ${kind} ${what}: ${item.error.message}`, { providerMessage: summarizeBody(item.error) });
      }
      out[kind].push(item);
    }
  }
  return out;
}

/**
 * HTTP calls of WooCommerce REST API v3, one method per endpoint, each with
 * its doc link. Product reads use `context=edit` so descriptions come back
 * as stored, not run through `wpautop`.
 */
export class WooCommerceClient {
  constructor(private readonly http: HttpClient) {}

  private url(path: string): string {
    return `${WOOCOMMERCE_API_PATH}/${path}`;
  }

  private async page<T>(path: string, query: WooQuery & { page: number; per_page: number }): Promise<WooPage<T>> {
    const res = await this.http.request<T[]>({ method: 'GET', url: this.url(path), query });
    const items = Array.isArray(res.body) ? res.body : [];
    const totalPages = res.headers['x-wp-totalpages'] !== undefined ? Number(res.headers['x-wp-totalpages']) : null;
    const total = res.headers['x-wp-total'] !== undefined ? Number(res.headers['x-wp-total']) : null;
    return { items, total, nextPage: nextPageNumber({ page: query.page, perPage: query.per_page, received: items.length, totalPages, total }) };
  }

  private async all<T>(path: string, query: WooQuery = {}): Promise<T[]> {
    const out: T[] = [];
    for (let page: number | null = 1; page !== null; ) {
      const res: WooPage<T> = await this.page<T>(path, { ...query, page, per_page: WOOCOMMERCE_MAX_PAGE_SIZE });
      out.push(...res.items);
      page = res.nextPage;
    }
    return out;
  }

  // https://woocommerce.github.io/woocommerce-rest-api-docs/#retrieve-a-setting-option
  async getSetting(group: string, id: string): Promise<WooSetting> {
    return (await this.http.request<WooSetting>({ method: 'GET', url: this.url(`settings/${group}/${id}`) })).body;
  }

  // https://woocommerce.github.io/woocommerce-rest-api-docs/#list-all-products
  listProducts(query: WooQuery & { page: number; per_page: number }): Promise<WooPage<WooProduct>> {
    return this.page<WooProduct>('products', { context: 'edit', ...query });
  }

  /**
   * Ids of the products that hold `sku`, as the product's own or a
   * variation's: with `sku`, /products searches products and variations alike
   * (WC_REST_Products_V2_Controller::prepare_objects_query) and answers a
   * variation as a product of type `variation` under its `parent_id`.
   */
  async productIdsWithSku(sku: string): Promise<number[]> {
    const found = await this.all<Pick<WooProduct, 'id' | 'parent_id' | 'type'>>('products', { sku, _fields: 'id,parent_id,type' });
    return [...new Set(found.map((p) => ((p.type as string) === 'variation' ? p.parent_id : p.id)))];
  }

  // https://woocommerce.github.io/woocommerce-rest-api-docs/#retrieve-a-product
  async getProduct(id: string | number): Promise<WooProduct> {
    return (await this.http.request<WooProduct>({ method: 'GET', url: this.url(`products/${encodeURIComponent(String(id))}`), query: { context: 'edit' } })).body;
  }

  // https://woocommerce.github.io/woocommerce-rest-api-docs/#create-a-product
  async createProduct(body: WooProductWrite): Promise<WooProduct> {
    // context=edit answers the description as stored (view context runs it through wpautop).
    return (await this.http.request<WooProduct>({ method: 'POST', url: this.url('products'), query: { context: 'edit' }, body })).body;
  }

  // https://woocommerce.github.io/woocommerce-rest-api-docs/#update-a-product
  async updateProduct(id: string | number, body: WooProductWrite): Promise<WooProduct> {
    return (await this.http.request<WooProduct>({ method: 'PUT', url: this.url(`products/${encodeURIComponent(String(id))}`), query: { context: 'edit' }, body })).body;
  }

  // https://woocommerce.github.io/woocommerce-rest-api-docs/#delete-a-product (force: skip the trash; variations go with it)
  async deleteProduct(id: string | number): Promise<void> {
    await this.http.request({ method: 'DELETE', url: this.url(`products/${encodeURIComponent(String(id))}`), query: { force: true } });
  }

  // https://woocommerce.github.io/woocommerce-rest-api-docs/#list-all-product-variations (every page)
  listVariations(productId: string | number): Promise<WooVariation[]> {
    return this.all<WooVariation>(`products/${encodeURIComponent(String(productId))}/variations`, { context: 'edit', orderby: 'id', order: 'asc' });
  }

  // https://woocommerce.github.io/woocommerce-rest-api-docs/#batch-update-product-variations (≤ 100 objects per call)
  async batchVariations(productId: string | number, req: WooBatchRequest<WooVariationWrite>): Promise<{ create: WooVariation[]; update: WooVariation[]; delete: WooVariation[] }> {
    const out = { create: [] as WooVariation[], update: [] as WooVariation[], delete: [] as WooVariation[] };
    for (const chunk of chunkBatch(req)) {
      const res = await this.http.request<WooBatchResponse<WooVariation>>({
        method: 'POST',
        url: this.url(`products/${encodeURIComponent(String(productId))}/variations/batch`),
        body: chunk,
        // Creating twice would duplicate variations: only updates and deletes may repeat.
        idempotent: !chunk.create?.length,
      });
      const got = unwrapBatch(res.body, 'variations');
      out.create.push(...got.create);
      out.update.push(...got.update);
      out.delete.push(...got.delete);
    }
    return out;
  }

  // https://woocommerce.github.io/woocommerce-rest-api-docs/#list-all-product-categories (and …-tags; brands mimic categories)
  async searchTerms(taxonomy: WooTaxonomy, search: string): Promise<WooTerm[]> {
    return (await this.page<WooTerm>(`products/${taxonomy}`, { search, page: 1, per_page: WOOCOMMERCE_MAX_PAGE_SIZE, hide_empty: false })).items;
  }

  // https://woocommerce.github.io/woocommerce-rest-api-docs/#batch-update-product-categories (and …-tags)
  async createTerms(taxonomy: WooTaxonomy, names: string[]): Promise<Array<WooBatchItem<WooTerm>>> {
    const out: Array<WooBatchItem<WooTerm>> = [];
    for (const chunk of chunkBatch({ create: names.map((name) => ({ name })) })) {
      const res = await this.http.request<WooBatchResponse<WooTerm>>({ method: 'POST', url: this.url(`products/${taxonomy}/batch`), body: chunk });
      out.push(...(res.body.create ?? []));
    }
    return out;
  }

  // https://woocommerce.github.io/woocommerce-rest-api-docs/#list-all-orders
  listOrders(query: WooQuery & { page: number; per_page: number }): Promise<WooPage<WooOrder>> {
    return this.page<WooOrder>('orders', query);
  }

  // https://woocommerce.github.io/woocommerce-rest-api-docs/#retrieve-an-order
  async getOrder(id: string | number): Promise<WooOrder> {
    return (await this.http.request<WooOrder>({ method: 'GET', url: this.url(`orders/${encodeURIComponent(String(id))}`) })).body;
  }

  // https://woocommerce.github.io/woocommerce-rest-api-docs/#list-all-webhooks
  listWebhooks(): Promise<WooWebhook[]> {
    return this.all<WooWebhook>('webhooks');
  }

  // https://woocommerce.github.io/woocommerce-rest-api-docs/#batch-update-webhooks
  async createWebhooks(hooks: Array<Omit<WooWebhook, 'id'>>): Promise<WooWebhook[]> {
    const out: WooWebhook[] = [];
    for (const chunk of chunkBatch({ create: hooks })) {
      const res = await this.http.request<WooBatchResponse<WooWebhook>>({ method: 'POST', url: this.url('webhooks/batch'), body: chunk });
      out.push(...unwrapBatch(res.body, 'webhooks').create);
    }
    return out;
  }

  /** The cheapest authenticated read: one product id (https://woocommerce.github.io/woocommerce-rest-api-docs/#list-all-products). */
  async ping(): Promise<void> {
    await this.http.request({ method: 'GET', url: this.url('products'), query: { per_page: 1, _fields: 'id' } });
  }
}
