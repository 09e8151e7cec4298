import { ValidationError, type WeightUnit } from '@storebridge/contracts';
import { parseWeightUnit } from '@storebridge/plugin-sdk';
import type { BigcommerceClient } from '../client/bigcommerce.client';
import type { BcStoreInfo } from '../client/bigcommerce-api.types';

type Named = { id: number; name: string };

/** id ↔ name for brands or categories, filled on demand and kept for the port's lifetime. */
class NameIndex {
  private readonly byId = new Map<number, string>();
  private readonly byName = new Map<string, number>();
  /** Lookups in flight, so concurrent callers share one request. */
  private readonly pending = new Map<string, Promise<void>>();

  constructor(
    private readonly find: (q: { name?: string; ids?: number[] }) => Promise<Named[]>,
    private readonly create: (name: string) => Promise<Named>,
  ) {}

  private remember(items: Named[]): void {
    for (const i of items) {
      this.byId.set(i.id, i.name);
      this.byName.set(i.name, i.id);
    }
  }

  /** Names of these ids, one call for all the unknown ones. */
  async names(ids: number[]): Promise<Map<number, string>> {
    const missing = [...new Set(ids.filter((id) => id > 0 && !this.byId.has(id)))].sort((a, b) => a - b);
    if (missing.length) {
      const key = missing.join(',');
      let p = this.pending.get(key);
      if (!p) {
        p = this.find({ ids: missing })
          .then((found) => this.remember(found))
          .finally(() => this.pending.delete(key));
        this.pending.set(key, p);
      }
      await p;
    }
    return this.byId;
  }

  /** The id of the record with exactly this name; created when `create` and absent. */
  async idOf(name: string, create: boolean): Promise<number | null> {
    const known = this.byName.get(name);
    if (known !== undefined) return known;
    const found = (await this.find({ name })).filter((x) => x.name === name);
    if (found.length) {
      this.remember(found);
      return found[0].id;
    }
    if (!create) return null;
    const made = await this.create(name);
    this.remember([made]);
    return made.id;
  }
}

/**
 * What product mapping needs beyond a product: the store's weight unit,
 * URL and currency (`GET /v2/store`, read once), and the names behind brand
 * and category ids.
 */
export class BigcommerceStoreLookups {
  readonly brands: NameIndex;
  readonly categories: NameIndex;
  private store?: Promise<BcStoreInfo>;

  constructor(private readonly client: BigcommerceClient) {
    this.brands = new NameIndex((q) => client.findBrands(q), (n) => client.createBrand(n));
    this.categories = new NameIndex((q) => client.findCategories(q), (n) => client.createCategory(n));
  }

  storeInfo(): Promise<BcStoreInfo> {
    this.store ??= this.client.getStore().catch((e) => {
      this.store = undefined;
      throw e;
    });
    return this.store;
  }

  /** The unit every catalog weight of the store is in. */
  async weightUnit(): Promise<WeightUnit | null> {
    return parseWeightUnit((await this.storeInfo()).weight_units);
  }

  async requireWeightUnit(): Promise<WeightUnit> {
    const info = await this.storeInfo();
    const unit = parseWeightUnit(info.weight_units);
    if (!unit) throw new ValidationError(`the store's weight unit "${info.weight_units}" is not one storebridge converts`);
    return unit;
  }
}
