import type { ConnectionContext, Page, ProductInput, ProductListQuery, ProductPatch, ProductPort, RemoteProduct } from '@storebridge/contracts';
import { NotFoundError, isCommerceError } from '@storebridge/contracts';
import { decodeCursor, encodeCursor, unixSecondsToIso } from '@storebridge/plugin-sdk';
import { WoocommerceApiClient } from '../client/woocommerce-api.client';
import { toWoocommerceProduct } from '../mappers/to-woocommerce-product.mapper';
import { toUnifiedProduct } from '../mappers/to-unified-product.mapper';

/** ProductPort: orchestrates client and mappers; no mapping here. */
export class WoocommerceProductAdapter implements ProductPort {
  private readonly client: WoocommerceApiClient;

  constructor(ctx: ConnectionContext) {
    this.client = new WoocommerceApiClient(ctx.http);
  }

  async list(query: ProductListQuery): Promise<Page<RemoteProduct>> {
    const page = decodeCursor<{ page: number }>(query.cursor)?.page ?? 1;
    const res = await this.client.listProducts({
      page,
      perPage: Math.min(Math.max(query.limit, 1), 100),
      updatedSince: query.updatedSince !== undefined ? unixSecondsToIso(query.updatedSince) : undefined,
    });
    return { items: res.items.map(toUnifiedProduct), nextCursor: res.nextPage ? encodeCursor({ page: res.nextPage }) : null };
  }

  async get(remoteId: string): Promise<RemoteProduct> {
    return toUnifiedProduct(await this.client.getProduct(remoteId));
  }

  async create(input: ProductInput): Promise<RemoteProduct> {
    return toUnifiedProduct(await this.client.createProduct(toWoocommerceProduct(input)));
  }

  async update(remoteId: string, input: ProductInput | ProductPatch): Promise<RemoteProduct> {
    const current = await this.get(remoteId);
    const merged: ProductInput = {
      productName: input.productName ?? current.productName,
      description: input.description !== undefined ? input.description : current.description,
      productType: input.productType !== undefined ? input.productType : current.productType,
      vendor: input.vendor !== undefined ? input.vendor : current.vendor,
      productStatus: input.productStatus ?? current.productStatus,
      tags: input.tags ?? current.tags,
      variants: input.variants ?? current.variants,
    };
    return toUnifiedProduct(await this.client.updateProduct(remoteId, toWoocommerceProduct(merged)));
  }

  async delete(remoteId: string): Promise<void> {
    try {
      await this.client.deleteProduct(remoteId);
    } catch (e) {
      // Deleting what is already gone succeeds.
      if (!(isCommerceError(e) && e instanceof NotFoundError)) throw e;
    }
  }
}
