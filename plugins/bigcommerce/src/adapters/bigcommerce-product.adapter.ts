import {
  NotFoundError,
  isCommerceError,
  type ConnectionContext,
  type Page,
  type ProductInput,
  type ProductListQuery,
  type ProductPatch,
  type ProductPort,
  type RemoteProduct,
} from '@storebridge/contracts';
import { decodeCursor, encodeCursor, unixSecondsToIso } from '@storebridge/plugin-sdk';
import { BigcommerceClient } from '../client/bigcommerce.client';
import type { BcProduct } from '../client/bigcommerce-api.types';
import { hasOptionVariants, toBigcommerceProduct, toBigcommerceVariant, type ProductWriteContext } from '../mappers/to-bigcommerce-product.mapper';
import { toUnifiedProduct } from '../mappers/to-unified-product.mapper';
import { BigcommerceStoreLookups } from './bigcommerce-store.lookups';

const NUMERIC_ID = /^\d{1,18}$/;

/** ProductPort over Catalog v3: orchestrates client, lookups and mappers. */
export class BigcommerceProductAdapter implements ProductPort {
  private readonly client: BigcommerceClient;
  private readonly lookups: BigcommerceStoreLookups;

  constructor(ctx: ConnectionContext) {
    this.client = new BigcommerceClient(ctx.http);
    this.lookups = new BigcommerceStoreLookups(this.client);
  }

  private async map(products: BcProduct[]): Promise<RemoteProduct[]> {
    const [store, brands, categories] = await Promise.all([
      this.lookups.storeInfo(),
      this.lookups.brands.names(products.map((p) => p.brand_id)),
      this.lookups.categories.names(products.flatMap((p) => p.categories.slice(0, 1))),
    ]);
    const weightUnit = await this.lookups.weightUnit();
    return products.map((p) =>
      toUnifiedProduct(p, {
        weightUnit,
        storeUrl: store.secure_url || null,
        currency: store.currency || null,
        brandName: brands.get(p.brand_id) ?? null,
        categoryName: p.categories.length ? (categories.get(p.categories[0]) ?? null) : null,
      }),
    );
  }

  async list(query: ProductListQuery): Promise<Page<RemoteProduct>> {
    const page = decodeCursor<{ page: number }>(query.cursor)?.page ?? 1;
    let brandId: number | undefined;
    if (query.vendor !== undefined) {
      const id = await this.lookups.brands.idOf(query.vendor, false);
      // No such brand: no product can match.
      if (id === null) return { items: [], nextCursor: null };
      brandId = id;
    }
    let ids: number[] | undefined;
    if (query.sku !== undefined) {
      ids = await this.client.productIdsWithVariantSku(query.sku);
      // No variant has it: no product can match.
      if (ids.length === 0) return { items: [], nextCursor: null };
    }
    const res = await this.client.listProducts({
      page,
      limit: query.limit,
      modifiedSince: query.updatedSince !== undefined ? unixSecondsToIso(query.updatedSince) : undefined,
      brandId,
      ids,
    });
    return { items: await this.map(res.items), nextCursor: res.nextPage ? encodeCursor({ page: res.nextPage }) : null };
  }

  private async fetch(remoteId: string): Promise<BcProduct> {
    if (!NUMERIC_ID.test(remoteId)) throw new NotFoundError(`BigCommerce product ids are numeric, got "${remoteId}"`);
    return this.client.getProduct(remoteId);
  }

  async get(remoteId: string): Promise<RemoteProduct> {
    return (await this.map([await this.fetch(remoteId)]))[0];
  }

  private async writeContext(input: ProductPatch): Promise<ProductWriteContext> {
    const [weightUnit, brandId, categoryId] = await Promise.all([
      this.lookups.requireWeightUnit(),
      input.vendor === undefined ? undefined : input.vendor ? this.lookups.brands.idOf(input.vendor, true) : 0,
      input.productType === undefined ? undefined : input.productType ? this.lookups.categories.idOf(input.productType, true) : 0,
    ]);
    return {
      weightUnit,
      brandId: brandId === undefined ? undefined : (brandId ?? 0),
      categoryIds: categoryId === undefined ? undefined : categoryId ? [categoryId] : [],
    };
  }

  async create(input: ProductInput): Promise<RemoteProduct> {
    const body = toBigcommerceProduct(input, await this.writeContext(input), 'create');
    const created = await this.client.createProduct(body as Required<typeof body>);
    return this.get(String(created.id));
  }

  async update(remoteId: string, input: ProductInput | ProductPatch): Promise<RemoteProduct> {
    const current = await this.fetch(remoteId);
    const ctx = await this.writeContext(input);
    await this.client.updateProduct(current.id, toBigcommerceProduct(input, ctx, 'update'));
    if (input.variants !== undefined && (hasOptionVariants(input.variants) || (current.variants ?? []).some((v) => v.option_values.length))) {
      await this.syncVariants(current, input.variants, ctx);
    }
    return this.get(String(current.id));
  }

  /** Existing variants in batches, new ones created, dropped ones deleted. */
  private async syncVariants(current: BcProduct, wanted: NonNullable<ProductInput['variants']>, ctx: ProductWriteContext): Promise<void> {
    const existing = current.variants ?? [];
    const matched = new Set<number>();
    const updates: Array<ReturnType<typeof toBigcommerceVariant> & { id: number; product_id: number }> = [];
    const creates: Array<ReturnType<typeof toBigcommerceVariant>> = [];
    for (const v of wanted) {
      const hit = existing.find((e) => (v.remoteId ? String(e.id) === v.remoteId : !!v.sku && e.sku === v.sku));
      const body = toBigcommerceVariant(v, ctx.weightUnit);
      if (hit && !matched.has(hit.id)) {
        matched.add(hit.id);
        updates.push({ ...body, id: hit.id, product_id: current.id });
      } else creates.push(body);
    }
    if (updates.length) await this.client.updateVariants(updates);
    for (const body of creates) await this.client.createVariant(current.id, body);
    for (const e of existing) if (!matched.has(e.id) && e.option_values.length) await this.client.deleteVariant(current.id, e.id);
  }

  async delete(remoteId: string): Promise<void> {
    if (!NUMERIC_ID.test(remoteId)) return;
    try {
      await this.client.deleteProduct(remoteId);
    } catch (e) {
      // Deleting what is already gone succeeds.
      if (!(isCommerceError(e) && e instanceof NotFoundError)) throw e;
    }
  }
}
