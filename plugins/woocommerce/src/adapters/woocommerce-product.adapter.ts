import {
  NotFoundError,
  type ConnectionContext,
  type Page,
  type ProductInput,
  type ProductListQuery,
  type ProductPatch,
  type ProductPort,
  type RemoteProduct,
  type WeightUnit,
} from '@storebridge/contracts';
import { decodeCursor, encodeCursor } from '@storebridge/plugin-sdk';
import { WooCommerceClient } from '../client/woocommerce-api.client';
import type { WooProduct, WooVariation, WooVariationWrite } from '../client/woocommerce-api.types';
import { toUnifiedProduct } from '../mappers/to-unified-product.mapper';
import { toWooProduct, toWooVariation, type WooTermIds } from '../mappers/to-woocommerce-product.mapper';
import { toWooProductQuery } from '../mappers/to-woocommerce-query.mapper';
import { WooTermResolver } from './woocommerce-terms';
import { storeWeightUnit } from './woocommerce-weight-unit';

/** ProductPort over wc/v3 products and variations: orchestrates client calls and mappers. */
export class WooCommerceProductAdapter implements ProductPort {
  private readonly client: WooCommerceClient;
  private readonly terms: WooTermResolver;

  constructor(private readonly ctx: ConnectionContext) {
    this.client = new WooCommerceClient(ctx.http);
    this.terms = new WooTermResolver(this.client, ctx.logger);
  }

  private unit(): Promise<WeightUnit | null> {
    return storeWeightUnit(this.ctx, this.client);
  }

  async list(query: ProductListQuery): Promise<Page<RemoteProduct>> {
    const page = decodeCursor<{ page: number }>(query.cursor)?.page ?? 1;
    let categoryId: number | undefined;
    if (query.productType !== undefined) {
      // Pushed down as the category; a store without that category has no such product.
      [categoryId] = await this.terms.find('categories', [query.productType]);
      if (categoryId === undefined) return { items: [], nextCursor: null };
    }
    let include: number[] | undefined;
    if (query.sku !== undefined) {
      // Pushed down: the products holding the SKU (their own or a variation's), then those products by id.
      include = await this.client.productIdsWithSku(query.sku);
      if (include.length === 0) return { items: [], nextCursor: null };
    }
    const [res, unit] = await Promise.all([this.client.listProducts(toWooProductQuery(query, page, categoryId, include)), this.unit()]);
    let items = await Promise.all(res.items.map((p) => this.withVariations(p, unit)));
    // The category filter also matches products whose type (first category) is another one.
    if (query.productType !== undefined) items = items.filter((p) => p.productType === query.productType);
    // Woo also matches each comma-separated part of a SKU that has commas.
    if (query.sku !== undefined) items = items.filter((p) => p.variants.some((v) => v.sku === query.sku));
    return { items, nextCursor: res.nextPage ? encodeCursor({ page: res.nextPage }) : null };
  }

  async get(remoteId: string): Promise<RemoteProduct> {
    const [product, unit] = await Promise.all([this.client.getProduct(remoteId), this.unit()]);
    // /products/{id} also answers a variation's id; that is not a product.
    if ((product.type as string) === 'variation') throw new NotFoundError(`WooCommerce has no product ${remoteId}`);
    return this.withVariations(product, unit);
  }

  async create(input: ProductInput): Promise<RemoteProduct> {
    const unit = await this.unit();
    const body = toWooProduct({ ...input, productStatus: input.productStatus ?? 'ACTIVE' }, await this.resolveTerms(input), unit);
    const product = await this.client.createProduct(body);
    if (product.type !== 'variable') return toUnifiedProduct(product, [], unit);
    try {
      const res = await this.client.batchVariations(product.id, { create: (input.variants ?? []).map((v) => toWooVariation(v, unit)) });
      return toUnifiedProduct(product, res.create, unit);
    } catch (e) {
      // No transactions in Woo: take the half-made product away so a retried push does not leave a twin.
      await this.client.deleteProduct(product.id).catch((err: unknown) => this.ctx.logger.warn('could not remove a half-created product', { productId: product.id, error: String(err) }));
      throw e;
    }
  }

  async update(remoteId: string, input: ProductInput | ProductPatch): Promise<RemoteProduct> {
    const unit = await this.unit();
    const product = await this.client.updateProduct(remoteId, toWooProduct(input, await this.resolveTerms(input), unit));
    if (product.type !== 'variable') return toUnifiedProduct(product, [], unit);
    if (input.variants === undefined) return this.withVariations(product, unit);

    const existing = new Set(product.variations.map(String));
    const wanted = input.variants.map((v) => ({ v, id: v.remoteId && existing.has(String(v.remoteId)) ? Number(v.remoteId) : null }));
    const updates: Array<WooVariationWrite & { id: number }> = [];
    for (const w of wanted) if (w.id !== null) updates.push({ ...toWooVariation(w.v, unit), id: w.id });
    const keep = new Set(updates.map((u) => u.id));
    const res = await this.client.batchVariations(product.id, {
      create: wanted.filter((w) => w.id === null).map((w) => toWooVariation(w.v, unit)),
      update: updates,
      delete: product.variations.filter((id) => !keep.has(id)),
    });
    // Back in the order the caller gave them.
    const updated = new Map(res.update.map((v) => [v.id, v]));
    const created = [...res.create];
    const variations: WooVariation[] = wanted.map((w) => (w.id !== null ? updated.get(w.id) : created.shift())).filter((v): v is WooVariation => !!v);
    return toUnifiedProduct(product, variations, unit);
  }

  async delete(remoteId: string): Promise<void> {
    try {
      await this.client.deleteProduct(remoteId);
    } catch (e) {
      // Deleting what is already gone succeeds.
      if (!(e instanceof NotFoundError)) throw e;
    }
  }

  private async withVariations(product: WooProduct, unit: WeightUnit | null): Promise<RemoteProduct> {
    // The parent lists its variation ids: no call when there are none.
    const variations = product.type === 'variable' && product.variations.length ? await this.client.listVariations(product.id) : [];
    return toUnifiedProduct(product, variations, unit);
  }

  /** Names → term ids, only for the fields the input sets. */
  private async resolveTerms(input: ProductInput | ProductPatch): Promise<WooTermIds> {
    const out: WooTermIds = {};
    if (input.productType !== undefined) out.categories = input.productType ? await this.terms.ensure('categories', [input.productType]) : [];
    if (input.tags !== undefined) out.tags = await this.terms.ensure('tags', input.tags);
    if (input.vendor !== undefined) out.brands = input.vendor ? await this.terms.ensureBrands([input.vendor]) : [];
    return out;
  }
}

