import { isCommerceError, CommerceErrorCode, type PluginLogger } from '@storebridge/contracts';
import { isBatchError, type WooCommerceClient, type WooTaxonomy } from '../client/woocommerce-api.client';
import { decodeEntities } from '../mappers/woocommerce-values.mapper';

/**
 * Woo links categories, tags and brands to products by id only
 * (`categories: [{ id }]`), while our model carries names: this finds the
 * ids of names (searching, then creating what is missing in one batch) and
 * remembers them for the adapter's lifetime.
 */
export class WooTermResolver {
  private readonly ids = new Map<string, number>();

  constructor(private readonly client: WooCommerceClient, private readonly logger: PluginLogger) {}

  private key(taxonomy: WooTaxonomy, name: string): string {
    return `${taxonomy}:${name.trim().toLowerCase()}`;
  }

  /** Ids of the names the store already has; unknown names are left out. */
  async find(taxonomy: WooTaxonomy, names: string[]): Promise<number[]> {
    const out: number[] = [];
    for (const name of names) {
      const key = this.key(taxonomy, name);
      if (!this.ids.has(key)) {
        const found = (await this.client.searchTerms(taxonomy, name.trim())).find((t) => this.key(taxonomy, decodeEntities(t.name)) === key);
        if (found) this.ids.set(key, found.id);
      }
      const id = this.ids.get(key);
      if (id !== undefined) out.push(id);
    }
    return out;
  }

  /** Ids of every name, creating the missing terms. */
  async ensure(taxonomy: WooTaxonomy, names: string[]): Promise<number[]> {
    const unique = [...new Map(names.filter((n) => n.trim()).map((n) => [this.key(taxonomy, n), n.trim()])).values()];
    await this.find(taxonomy, unique);
    const missing = unique.filter((n) => !this.ids.has(this.key(taxonomy, n)));
    if (missing.length) {
      const created = await this.client.createTerms(taxonomy, missing);
      created.forEach((item, i) => {
        if (!isBatchError(item)) this.ids.set(this.key(taxonomy, missing[i]), item.id);
        // Created meanwhile by someone else: Woo names the existing term.
        else if (item.error.code === 'term_exists' && typeof item.error.data?.resource_id === 'number') this.ids.set(this.key(taxonomy, missing[i]), item.error.data.resource_id);
        else throw new Error(`WooCommerce refused to create ${taxonomy} "${missing[i]}": ${item.error.message}`);
      });
    }
    return unique.map((n) => {
      const id = this.ids.get(this.key(taxonomy, n));
      if (id === undefined) throw new Error(`WooCommerce returned no ${taxonomy} id for "${n}"`);
      return id;
    });
  }

  /** Brands exist from WooCommerce 9.6; on older stores a vendor cannot be written and is skipped. */
  async ensureBrands(names: string[]): Promise<number[] | undefined> {
    try {
      return await this.ensure('brands', names);
    } catch (e) {
      if (isCommerceError(e) && (e.code === CommerceErrorCode.NotFound || e.code === CommerceErrorCode.Permanent)) {
        this.logger.warn('the store has no product brands (WooCommerce < 9.6): vendor not written', { error: e.message });
        return undefined;
      }
      throw e;
    }
  }
}
