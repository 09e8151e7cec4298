import type { HttpClient } from '@storebridge/contracts';
import { nextPageNumber } from '@storebridge/plugin-sdk';
import { WOOCOMMERCE_API_PATH } from '../woocommerce.config';
import type { WoocommerceOrder, WoocommerceProduct, WoocommerceProductWrite } from './woocommerce-api.types';

export interface WoocommerceListParams {
  page: number;
  perPage: number;
  updatedSince?: string;
}

/**
 * HTTP calls of the provider. TODO(woocommerce): replace the example API's
 * endpoints with the provider's, with a link to its doc page above each one.
 */
export class WoocommerceApiClient {
  constructor(private readonly http: HttpClient) {}

  // TODO(woocommerce): link to the provider's "list products" doc page.
  async listProducts(p: WoocommerceListParams): Promise<{ items: WoocommerceProduct[]; nextPage: number | null }> {
    const res = await this.http.request<{ products: WoocommerceProduct[] }>({
      method: 'GET',
      url: `${WOOCOMMERCE_API_PATH}/products`,
      query: { page: p.page, per_page: p.perPage, updated_since: p.updatedSince },
    });
    const totalPages = Number(res.headers['x-total-pages']);
    return { items: res.body.products, nextPage: nextPageNumber({ page: p.page, perPage: p.perPage, received: res.body.products.length, totalPages }) };
  }

  // TODO(woocommerce): link to the provider's "get product" doc page.
  async getProduct(id: string): Promise<WoocommerceProduct> {
    return (await this.http.request<{ product: WoocommerceProduct }>({ method: 'GET', url: `${WOOCOMMERCE_API_PATH}/products/${encodeURIComponent(id)}` })).body.product;
  }

  // TODO(woocommerce): link to the provider's "create product" doc page.
  async createProduct(body: WoocommerceProductWrite): Promise<WoocommerceProduct> {
    return (await this.http.request<{ product: WoocommerceProduct }>({ method: 'POST', url: `${WOOCOMMERCE_API_PATH}/products`, body: { product: body } })).body.product;
  }

  // TODO(woocommerce): link to the provider's "update product" doc page.
  async updateProduct(id: string, body: WoocommerceProductWrite): Promise<WoocommerceProduct> {
    return (await this.http.request<{ product: WoocommerceProduct }>({ method: 'PUT', url: `${WOOCOMMERCE_API_PATH}/products/${encodeURIComponent(id)}`, body: { product: body } })).body.product;
  }

  // TODO(woocommerce): link to the provider's "delete product" doc page.
  async deleteProduct(id: string): Promise<void> {
    await this.http.request({ method: 'DELETE', url: `${WOOCOMMERCE_API_PATH}/products/${encodeURIComponent(id)}` });
  }

  // TODO(woocommerce): link to the provider's "list orders" doc page.
  async listOrders(p: WoocommerceListParams): Promise<{ items: WoocommerceOrder[]; nextPage: number | null }> {
    const res = await this.http.request<{ orders: WoocommerceOrder[] }>({
      method: 'GET',
      url: `${WOOCOMMERCE_API_PATH}/orders`,
      query: { page: p.page, per_page: p.perPage, updated_since: p.updatedSince },
    });
    const totalPages = Number(res.headers['x-total-pages']);
    return { items: res.body.orders, nextPage: nextPageNumber({ page: p.page, perPage: p.perPage, received: res.body.orders.length, totalPages }) };
  }

  // TODO(woocommerce): link to the provider's "get order" doc page.
  async getOrder(id: string): Promise<WoocommerceOrder> {
    return (await this.http.request<{ order: WoocommerceOrder }>({ method: 'GET', url: `${WOOCOMMERCE_API_PATH}/orders/${encodeURIComponent(id)}` })).body.order;
  }

  // TODO(woocommerce): the cheapest authenticated read of the provider.
  async ping(): Promise<void> {
    await this.http.request({ method: 'GET', url: `${WOOCOMMERCE_API_PATH}/products`, query: { page: 1, per_page: 1 } });
  }
}
