import {
  NotFoundError,
  type ConnectionContext,
  type Page,
  type ProductInput,
  type ProductListQuery,
  type ProductPatch,
  type ProductPort,
  type RemoteProduct,
  type VariantInput,
} from '@storebridge/contracts';
import { nextGraphqlCursor } from '@storebridge/plugin-sdk';
import { ShopifyGraphqlClient, maxPageSize, throwOnUserErrors } from '../client/shopify-graphql.client';
import {
  PRIMARY_LOCATION_QUERY,
  PRODUCT_DELETE_MUTATION,
  PRODUCT_QUERY,
  PRODUCT_SET_MUTATION,
  PRODUCT_VARIANTS_QUERY,
  PRODUCTS_QUERY,
} from '../client/shopify.queries';
import type { ShopifyConnection, ShopifyProduct, ShopifyUserError, ShopifyVariant } from '../client/shopify-admin.types';
import { toGid } from '../mappers/shopify-gid.mapper';
import { toShopifyProductSet } from '../mappers/to-shopify-product-set.mapper';
import { toProductSearchQuery } from '../mappers/to-shopify-search-query.mapper';
import { toUnifiedProduct } from '../mappers/to-unified-product.mapper';

/** ProductPort over the GraphQL Admin API: orchestrates client calls and mappers, maps nothing itself. */
export class ShopifyProductAdapter implements ProductPort {
  private readonly client: ShopifyGraphqlClient;
  private locationId?: Promise<string | null>;

  constructor(ctx: ConnectionContext) {
    this.client = new ShopifyGraphqlClient(ctx.http);
  }

  async list(query: ProductListQuery): Promise<Page<RemoteProduct>> {
    const data = await this.client.query<{ products: ShopifyConnection<ShopifyProduct> }>(PRODUCTS_QUERY, {
      first: maxPageSize(PRODUCTS_QUERY, query.limit),
      after: query.cursor ?? null,
      query: toProductSearchQuery(query),
    });
    const items = await Promise.all(data.products.nodes.map((p) => this.complete(p)));
    return { items, nextCursor: nextGraphqlCursor(data.products.pageInfo) };
  }

  async get(remoteId: string): Promise<RemoteProduct> {
    const data = await this.client.query<{ product: ShopifyProduct | null }>(PRODUCT_QUERY, { id: toGid('Product', remoteId) });
    if (!data.product) throw new NotFoundError(`Shopify has no product ${remoteId}`);
    return this.complete(data.product);
  }

  async create(input: ProductInput): Promise<RemoteProduct> {
    return this.set(input);
  }

  async update(remoteId: string, input: ProductInput | ProductPatch): Promise<RemoteProduct> {
    // productSet replaces everything it is given: start from what the store has.
    const current = await this.get(remoteId);
    const currentVariants: VariantInput[] = current.variants.map((v) => ({
      remoteId: v.remoteId,
      sku: v.sku,
      price: v.price,
      optionValues: v.optionValues,
      inventory: v.inventory,
      weight: v.weight,
    }));
    const merged: ProductInput = {
      productName: input.productName ?? current.productName,
      description: input.description !== undefined ? input.description : current.description,
      productType: input.productType !== undefined ? input.productType : current.productType,
      vendor: input.vendor !== undefined ? input.vendor : current.vendor,
      productStatus: input.productStatus ?? current.productStatus,
      tags: input.tags ?? current.tags,
      variants: input.variants ?? currentVariants,
    };
    return this.set(merged, remoteId);
  }

  async delete(remoteId: string): Promise<void> {
    const data = await this.client.mutate<{ productDelete: { deletedProductId: string | null; userErrors: ShopifyUserError[] } }>(PRODUCT_DELETE_MUTATION, {
      id: toGid('Product', remoteId),
    });
    // Deleting what is already gone succeeds (ProductPort.delete is idempotent).
    const errors = data.productDelete.userErrors.filter((e) => !/does not exist|not found/i.test(e.message));
    throwOnUserErrors(errors, 'delete the product');
  }

  private async set(input: ProductInput, remoteId?: string): Promise<RemoteProduct> {
    const locationId = input.variants?.some((v) => v.inventory) ? await this.primaryLocation() : null;
    const data = await this.client.mutate<{ productSet: { product: ShopifyProduct | null; userErrors: ShopifyUserError[] } }>(PRODUCT_SET_MUTATION, {
      input: toShopifyProductSet(input, { remoteId, locationId }),
    });
    throwOnUserErrors(data.productSet.userErrors, remoteId ? 'update the product' : 'create the product');
    if (!data.productSet.product) throw new NotFoundError(`Shopify has no product ${remoteId ?? ''}`.trim());
    return this.complete(data.productSet.product);
  }

  /** Inventory quantities are per location; products we write use the shop's first location. */
  private primaryLocation(): Promise<string | null> {
    this.locationId ??= this.client
      .query<{ locations: { nodes: Array<{ id: string }> } }>(PRIMARY_LOCATION_QUERY)
      .then((d) => d.locations.nodes[0]?.id ?? null);
    return this.locationId;
  }

  /** A product with more variants than one page holds gets the rest fetched before mapping. */
  private async complete(p: ShopifyProduct): Promise<RemoteProduct> {
    const variants: ShopifyVariant[] = [...p.variants.nodes];
    let cursor = nextGraphqlCursor(p.variants.pageInfo);
    while (cursor) {
      const data = await this.client.query<{ product: { variants: ShopifyConnection<ShopifyVariant> } | null }>(PRODUCT_VARIANTS_QUERY, { id: p.id, after: cursor });
      if (!data.product) break;
      variants.push(...data.product.variants.nodes);
      cursor = nextGraphqlCursor(data.product.variants.pageInfo);
    }
    return toUnifiedProduct(p, variants);
  }
}
