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
  PRODUCT_MEDIA_QUERY,
  PRODUCT_QUERY,
  PRODUCT_SET_MUTATION,
  PRODUCT_VARIANTS_QUERY,
  PRODUCTS_QUERY,
} from '../client/shopify.queries';
import type { ShopifyConnection, ShopifyMedia, ShopifyProduct, ShopifyUserError, ShopifyVariant } from '../client/shopify-admin.types';
import { toGid } from '../mappers/shopify-gid.mapper';
import { toShopifyProductSet } from '../mappers/to-shopify-product-set.mapper';
import { toProductSearchQuery } from '../mappers/to-shopify-search-query.mapper';
import { toUnifiedProduct } from '../mappers/to-unified-product.mapper';

/** A product with every variant and media, however many pages they took. */
interface CompleteProduct {
  product: ShopifyProduct;
  variants: ShopifyVariant[];
  media: ShopifyMedia[];
}

const toUnified = ({ product, variants, media }: CompleteProduct): RemoteProduct => toUnifiedProduct(product, variants, media);

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
    const items = await Promise.all(data.products.nodes.map(async (p) => toUnified(await this.complete(p))));
    return { items, nextCursor: nextGraphqlCursor(data.products.pageInfo) };
  }

  async get(remoteId: string): Promise<RemoteProduct> {
    return toUnified(await this.read(remoteId));
  }

  async create(input: ProductInput): Promise<RemoteProduct> {
    return this.set(input);
  }

  async update(remoteId: string, input: ProductInput | ProductPatch): Promise<RemoteProduct> {
    // productSet replaces everything it is given: start from what the store has.
    const stored = await this.read(remoteId);
    const current = toUnified(stored);
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
      // Undefined keeps the media as they are; a list is matched against them so unchanged images are not uploaded again.
      images: input.images,
      variants: input.variants ?? currentVariants,
    };
    return this.set(merged, remoteId, stored.media);
  }

  async delete(remoteId: string): Promise<void> {
    const data = await this.client.mutate<{ productDelete: { deletedProductId: string | null; userErrors: ShopifyUserError[] } }>(PRODUCT_DELETE_MUTATION, {
      id: toGid('Product', remoteId),
    });
    // Deleting what is already gone succeeds (ProductPort.delete is idempotent).
    const errors = data.productDelete.userErrors.filter((e) => !/does not exist|not found/i.test(e.message));
    throwOnUserErrors(errors, 'delete the product');
  }

  private async read(remoteId: string): Promise<CompleteProduct> {
    const data = await this.client.query<{ product: ShopifyProduct | null }>(PRODUCT_QUERY, { id: toGid('Product', remoteId) });
    if (!data.product) throw new NotFoundError(`Shopify has no product ${remoteId}`);
    return this.complete(data.product);
  }

  private async set(input: ProductInput, remoteId?: string, existingMedia: ShopifyMedia[] = []): Promise<RemoteProduct> {
    const locationId = input.variants?.some((v) => v.inventory) ? await this.primaryLocation() : null;
    const data = await this.client.mutate<{ productSet: { product: ShopifyProduct | null; userErrors: ShopifyUserError[] } }>(PRODUCT_SET_MUTATION, {
      input: toShopifyProductSet(input, { remoteId, locationId, existingMedia }),
    });
    throwOnUserErrors(data.productSet.userErrors, remoteId ? 'update the product' : 'create the product');
    if (!data.productSet.product) throw new NotFoundError(`Shopify has no product ${remoteId ?? ''}`.trim());
    return toUnified(await this.complete(data.productSet.product));
  }

  /** Inventory quantities are per location; products we write use the shop's first location. */
  private primaryLocation(): Promise<string | null> {
    this.locationId ??= this.client
      .query<{ locations: { nodes: Array<{ id: string }> } }>(PRIMARY_LOCATION_QUERY)
      .then((d) => d.locations.nodes[0]?.id ?? null);
    return this.locationId;
  }

  /** A product with more variants or media than one page holds gets the rest fetched before mapping. */
  private async complete(product: ShopifyProduct): Promise<CompleteProduct> {
    type Rest<K extends 'variants' | 'media'> = { product: Pick<ShopifyProduct, K> | null };
    const [variants, media] = await Promise.all([
      this.client.allNodes(product.variants, PRODUCT_VARIANTS_QUERY, { id: product.id }, (d: Rest<'variants'>) => d.product?.variants),
      this.client.allNodes(product.media, PRODUCT_MEDIA_QUERY, { id: product.id }, (d: Rest<'media'>) => d.product?.media),
    ]);
    return { product, variants, media };
  }
}
