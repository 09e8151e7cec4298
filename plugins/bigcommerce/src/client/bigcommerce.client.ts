import type { HttpClient } from '@storebridge/contracts';
import { BIGCOMMERCE_BATCH_SIZE, BIGCOMMERCE_MAX_PAGE } from '../bigcommerce.config';
import type {
  BcBrand,
  BcCategory,
  BcCollection,
  BcHook,
  BcOrder,
  BcOrderProduct,
  BcProduct,
  BcProductWrite,
  BcShippingAddress,
  BcSingle,
  BcStoreInfo,
  BcVariant,
  BcVariantWrite,
} from './bigcommerce-api.types';


export interface ProductListParams {
  page: number;
  limit: number;
  /** ISO 8601: `date_modified:min`. */
  modifiedSince?: string;
  brandId?: number;
  /** `id:in`: only these products. */
  ids?: number[];
}

export interface OrderListParams {
  page: number;
  limit: number;
  /** ISO 8601 (the v2 API takes RFC 2822 or ISO 8601). */
  modifiedSince?: string;
  createdSince?: string;
}

const PRODUCT_INCLUDE = 'variants,images';

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** v2 answers 204 No Content (empty body) for an empty collection page. */
function arrayOrEmpty<T>(body: unknown): T[] {
  return Array.isArray(body) ? (body as T[]) : [];
}

/**
 * BigCommerce Catalog v3 and Orders v2 calls, relative to the store's base
 * URL (`https://api.bigcommerce.com/stores/{store_hash}`). Authentication
 * (`X-Auth-Token`) and pacing come with the connection's HttpClient.
 */
export class BigcommerceClient {
  constructor(private readonly http: HttpClient) {}

  // ---- Catalog v3: products -------------------------------------------------

  // https://developer.bigcommerce.com/docs/rest-catalog/products#get-all-products
  async listProducts(p: ProductListParams): Promise<{ items: BcProduct[]; nextPage: number | null }> {
    const res = await this.http.request<BcCollection<BcProduct>>({
      method: 'GET',
      url: 'v3/catalog/products',
      query: {
        include: PRODUCT_INCLUDE,
        page: p.page,
        limit: Math.min(Math.max(p.limit, 1), BIGCOMMERCE_MAX_PAGE),
        sort: 'id',
        direction: 'asc',
        'date_modified:min': p.modifiedSince,
        brand_id: p.brandId,
        'id:in': p.ids?.join(','),
      },
    });
    const pg = res.body.meta?.pagination;
    const items = res.body.data ?? [];
    const nextPage = pg ? (pg.current_page < pg.total_pages ? pg.current_page + 1 : null) : items.length >= p.limit ? p.page + 1 : null;
    return { items, nextPage };
  }

  /**
   * Ids of the products that have a variant with this SKU. The products
   * endpoint's `sku` filter matches the product's main SKU only; the
   * variants endpoint's matches every variant (a simple product's base
   * variant carries its SKU). SKUs are unique in a store: one page is all.
   * https://developer.bigcommerce.com/docs/rest-catalog/product-variants#get-all-variants
   */
  async productIdsWithVariantSku(sku: string): Promise<number[]> {
    const res = await this.http.request<BcCollection<Pick<BcVariant, 'product_id' | 'sku'>>>({
      method: 'GET',
      url: 'v3/catalog/variants',
      query: { sku, include_fields: 'product_id,sku', limit: BIGCOMMERCE_MAX_PAGE },
    });
    return [...new Set((res.body.data ?? []).filter((v) => v.sku === sku).map((v) => v.product_id))];
  }

  // https://developer.bigcommerce.com/docs/rest-catalog/products#get-a-product
  async getProduct(id: string | number): Promise<BcProduct> {
    const res = await this.http.request<BcSingle<BcProduct>>({ method: 'GET', url: `v3/catalog/products/${encodeURIComponent(String(id))}`, query: { include: PRODUCT_INCLUDE } });
    return res.body.data;
  }

  // https://developer.bigcommerce.com/docs/rest-catalog/products#create-a-product
  async createProduct(body: BcProductWrite): Promise<BcProduct> {
    return (await this.http.request<BcSingle<BcProduct>>({ method: 'POST', url: 'v3/catalog/products', body })).body.data;
  }

  // https://developer.bigcommerce.com/docs/rest-catalog/products#update-a-product
  async updateProduct(id: string | number, body: Partial<BcProductWrite>): Promise<BcProduct> {
    return (await this.http.request<BcSingle<BcProduct>>({ method: 'PUT', url: `v3/catalog/products/${encodeURIComponent(String(id))}`, body })).body.data;
  }

  /** Up to 10 products per call: one request instead of n. */
  // https://developer.bigcommerce.com/docs/rest-catalog/products#update-products-batch
  async updateProducts(bodies: Array<Partial<BcProductWrite> & { id: number }>): Promise<BcProduct[]> {
    const out: BcProduct[] = [];
    for (const batch of chunks(bodies, BIGCOMMERCE_BATCH_SIZE)) {
      out.push(...(await this.http.request<BcCollection<BcProduct>>({ method: 'PUT', url: 'v3/catalog/products', body: batch })).body.data);
    }
    return out;
  }

  // https://developer.bigcommerce.com/docs/rest-catalog/products#delete-a-product
  async deleteProduct(id: string | number): Promise<void> {
    await this.http.request({ method: 'DELETE', url: `v3/catalog/products/${encodeURIComponent(String(id))}` });
  }

  // ---- Catalog v3: variants -------------------------------------------------

  // https://developer.bigcommerce.com/docs/rest-catalog/product-variants#create-a-product-variant
  async createVariant(productId: number, body: BcVariantWrite): Promise<BcVariant> {
    return (await this.http.request<BcSingle<BcVariant>>({ method: 'POST', url: `v3/catalog/products/${productId}/variants`, body })).body.data;
  }

  /** Existing variants of any products, up to 10 per call. */
  // https://developer.bigcommerce.com/docs/rest-catalog/product-variants#update-variants-batch
  async updateVariants(bodies: Array<BcVariantWrite & { id: number; product_id: number }>): Promise<void> {
    for (const batch of chunks(bodies, BIGCOMMERCE_BATCH_SIZE)) await this.http.request({ method: 'PUT', url: 'v3/catalog/variants', body: batch });
  }

  // https://developer.bigcommerce.com/docs/rest-catalog/product-variants#delete-a-product-variant
  async deleteVariant(productId: number, variantId: number): Promise<void> {
    await this.http.request({ method: 'DELETE', url: `v3/catalog/products/${productId}/variants/${variantId}` });
  }

  // ---- Catalog v3: brands and categories (vendor and product type) ---------

  // https://developer.bigcommerce.com/docs/rest-catalog/brands#get-all-brands
  async findBrands(query: { name?: string; ids?: number[] }): Promise<BcBrand[]> {
    const res = await this.http.request<BcCollection<BcBrand>>({
      method: 'GET',
      url: 'v3/catalog/brands',
      query: { name: query.name, 'id:in': query.ids?.join(','), limit: BIGCOMMERCE_MAX_PAGE, include_fields: 'name' },
    });
    return res.body.data ?? [];
  }

  // https://developer.bigcommerce.com/docs/rest-catalog/brands#create-a-brand
  async createBrand(name: string): Promise<BcBrand> {
    return (await this.http.request<BcSingle<BcBrand>>({ method: 'POST', url: 'v3/catalog/brands', body: { name } })).body.data;
  }

  // https://developer.bigcommerce.com/docs/rest-catalog/categories#get-all-categories
  async findCategories(query: { name?: string; ids?: number[] }): Promise<BcCategory[]> {
    const res = await this.http.request<BcCollection<BcCategory>>({
      method: 'GET',
      url: 'v3/catalog/categories',
      query: { name: query.name, 'id:in': query.ids?.join(','), limit: BIGCOMMERCE_MAX_PAGE, include_fields: 'name,parent_id' },
    });
    return res.body.data ?? [];
  }

  // https://developer.bigcommerce.com/docs/rest-catalog/categories#create-a-category
  async createCategory(name: string): Promise<BcCategory> {
    return (await this.http.request<BcSingle<BcCategory>>({ method: 'POST', url: 'v3/catalog/categories', body: { name, parent_id: 0 } })).body.data;
  }

  // ---- Store information v2 -------------------------------------------------

  // https://developer.bigcommerce.com/docs/rest-management/store-information#get-store-information
  async getStore(): Promise<BcStoreInfo> {
    return (await this.http.request<BcStoreInfo>({ method: 'GET', url: 'v2/store' })).body;
  }

  // ---- Orders v2 --------------------------------------------------------------

  /** A bare array, no meta: a short or empty (204) page is the last. */
  // https://developer.bigcommerce.com/docs/rest-management/orders#get-all-orders
  async listOrders(p: OrderListParams): Promise<{ items: BcOrder[]; nextPage: number | null }> {
    const limit = Math.min(Math.max(p.limit, 1), BIGCOMMERCE_MAX_PAGE);
    const res = await this.http.request<BcOrder[] | null>({
      method: 'GET',
      url: 'v2/orders',
      query: { page: p.page, limit, sort: 'id:asc', min_date_modified: p.modifiedSince, min_date_created: p.createdSince },
    });
    const items = arrayOrEmpty<BcOrder>(res.body);
    return { items, nextPage: items.length >= limit ? p.page + 1 : null };
  }

  // https://developer.bigcommerce.com/docs/rest-management/orders#get-an-order
  async getOrder(id: string | number): Promise<BcOrder> {
    return (await this.http.request<BcOrder>({ method: 'GET', url: `v2/orders/${encodeURIComponent(String(id))}` })).body;
  }

  // https://developer.bigcommerce.com/docs/rest-management/orders/order-products#list-order-products
  async listOrderProducts(orderId: number): Promise<BcOrderProduct[]> {
    return this.allV2Pages<BcOrderProduct>(`v2/orders/${orderId}/products`);
  }

  // https://developer.bigcommerce.com/docs/rest-management/orders/order-shipping-addresses#list-order-shipping-addresses
  async listOrderShippingAddresses(orderId: number): Promise<BcShippingAddress[]> {
    return this.allV2Pages<BcShippingAddress>(`v2/orders/${orderId}/shipping_addresses`);
  }

  /** Sub-resources page like the collection (default 50): read until a short or empty page. */
  private async allV2Pages<T>(url: string): Promise<T[]> {
    const limit = BIGCOMMERCE_MAX_PAGE;
    const out: T[] = [];
    for (let page = 1; ; page++) {
      const items = arrayOrEmpty<T>((await this.http.request<T[] | null>({ method: 'GET', url, query: { page, limit } })).body);
      out.push(...items);
      if (items.length < limit) return out;
    }
  }

  // ---- Webhooks v3 ------------------------------------------------------------

  // https://developer.bigcommerce.com/docs/integrations/webhooks#get-webhooks
  async listHooks(): Promise<BcHook[]> {
    return (await this.http.request<BcCollection<BcHook>>({ method: 'GET', url: 'v3/hooks', query: { limit: BIGCOMMERCE_MAX_PAGE } })).body.data ?? [];
  }

  // https://developer.bigcommerce.com/docs/integrations/webhooks#create-a-webhook
  async createHook(body: { scope: string; destination: string; is_active: boolean; headers?: Record<string, string> }): Promise<BcHook> {
    return (await this.http.request<BcSingle<BcHook>>({ method: 'POST', url: 'v3/hooks', body })).body.data;
  }
}

