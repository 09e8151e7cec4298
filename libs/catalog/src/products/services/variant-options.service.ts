import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { ApiError } from '@storebridge/contracts';
import { ProductVariantEntity, ProductVariantOptionEntity, VariantOptionEntity } from '../entities';
import type { VariantWrite } from '../products.types';
import { ProductStore } from './product-store';

export interface VariantOptionView {
  id: string;
  name: string;
  values: string[];
  createdTimestamp: number;
  updatedTimestamp: number;
}

export interface AssignedOptionView extends VariantOptionView {
  position: number;
}

function toView(o: VariantOptionEntity): VariantOptionView {
  return {
    id: o.id,
    name: o.name,
    values: o.values,
    createdTimestamp: Math.floor(o.createdAt.getTime() / 1000),
    updatedTimestamp: Math.floor(o.updatedAt.getTime() / 1000),
  };
}

const optionNotFound = (): ApiError => ApiError.notFound('option_not_found', 'Variant option not found');

/** Org-level variant options and their assignment to products. */
@Injectable()
export class VariantOptionsService {
  constructor(private readonly store: ProductStore) {}

  async listOrg(): Promise<VariantOptionView[]> {
    const rows = await this.store.repo(VariantOptionEntity).qb('o').orderBy('o.createdAt', 'ASC').addOrderBy('o.id', 'ASC').getMany();
    return rows.map(toView);
  }

  async createOrg(input: { name: string; values: string[] }): Promise<VariantOptionView> {
    return this.store.tx(async (m) => {
      const repo = this.store.repo(VariantOptionEntity, m);
      const clash = await repo.qb('o').andWhere('lower(o.name) = lower(:name)', { name: input.name }).getOne();
      if (clash) throw ApiError.conflict('option_exists', `An option named "${clash.name}" exists`, { optionId: clash.id });
      return toView(await repo.save(repo.create({ name: input.name, values: input.values })));
    });
  }

  async listForProduct(productId: string): Promise<AssignedOptionView[]> {
    await this.store.get(productId);
    return this.assigned(undefined, productId);
  }

  async assign(productId: string, optionIds: string[]): Promise<AssignedOptionView[]> {
    return this.store.tx(async (m) => {
      const product = await this.store.lock(m, productId);
      if (await this.assignIn(m, productId, optionIds)) await this.store.recordChange(m, product, 'options_assigned');
      return this.assigned(m, productId);
    });
  }

  /** 409 while a variant of the product uses the option. */
  async unassign(productId: string, optionId: string): Promise<void> {
    await this.store.tx(async (m) => {
      const product = await this.store.lock(m, productId);
      const assignments = this.store.repo(ProductVariantOptionEntity, m);
      const link = await assignments.findOneBy({ productId, optionId });
      if (!link) throw ApiError.notFound('option_not_assigned', 'Variant option is not assigned to this product');
      const option = await this.store.repo(VariantOptionEntity, m).getOneBy({ id: optionId }, optionNotFound());
      const inUse = await this.store
        .repo(ProductVariantEntity, m)
        .qb('v')
        .andWhere('v.productId = :productId', { productId })
        .andWhere('v.optionValues @> :probe::jsonb', { probe: JSON.stringify([{ name: option.name }]) })
        .getCount();
      if (inUse > 0) {
        throw ApiError.conflict('option_in_use', 'Cannot remove: variants exist', { optionId, variantCount: inUse });
      }
      await assignments.delete({ id: link.id });
      await this.store.recordChange(m, product, 'option_removed');
    });
  }

  /** Assign options (in a transaction the caller holds); returns whether anything was added. */
  async assignIn(m: EntityManager, productId: string, optionIds: string[]): Promise<boolean> {
    const wanted = [...new Set(optionIds)];
    const found = await this.store.repo(VariantOptionEntity, m).find({ where: { id: In(wanted) } });
    const missing = wanted.find((id) => !found.some((o) => o.id === id));
    if (missing) throw ApiError.notFound('option_not_found', 'Variant option not found', { optionId: missing });
    const assignments = this.store.repo(ProductVariantOptionEntity, m);
    const existing = await assignments.find({ where: { productId } });
    const have = new Set(existing.map((a) => a.optionId));
    let position = existing.reduce((max, a) => Math.max(max, a.position + 1), 0);
    const add = wanted.filter((id) => !have.has(id)).map((optionId) => assignments.create({ productId, optionId, position: position++ }));
    if (add.length) await assignments.save(add);
    return add.length > 0;
  }

  /**
   * For imports: make sure every option named in the variants exists in the
   * org (missing values appended) and is assigned to the product. Names are
   * matched case-insensitively and rewritten to the option's own spelling.
   */
  async ensureFromVariants(m: EntityManager, productId: string, variants: VariantWrite[]): Promise<VariantWrite[]> {
    const wanted = new Map<string, { name: string; values: string[] }>();
    for (const v of variants) {
      for (const ov of v.optionValues ?? []) {
        const key = ov.name.toLowerCase();
        const entry = wanted.get(key) ?? { name: ov.name, values: [] };
        if (!entry.values.includes(ov.value)) entry.values.push(ov.value);
        wanted.set(key, entry);
      }
    }
    if (wanted.size === 0) return variants;
    const repo = this.store.repo(VariantOptionEntity, m);
    const found = await repo.qb('o').andWhere('lower(o.name) = ANY(:names)', { names: [...wanted.keys()] }).getMany();
    const canonical = new Map<string, string>();
    const ids: string[] = [];
    for (const [key, entry] of wanted) {
      const known = found.find((o) => o.name.toLowerCase() === key);
      const option = known ?? (await repo.save(repo.create({ name: entry.name, values: entry.values })));
      const extra = entry.values.filter((x) => !option.values.includes(x));
      if (extra.length) {
        option.values = [...option.values, ...extra];
        await repo.repository.update(repo.where({ id: option.id }), { values: option.values });
      }
      canonical.set(key, option.name);
      ids.push(option.id);
    }
    await this.assignIn(m, productId, ids);
    return variants.map((v) =>
      v.optionValues ? { ...v, optionValues: v.optionValues.map((ov) => ({ name: canonical.get(ov.name.toLowerCase()) ?? ov.name, value: ov.value })) } : v,
    );
  }

  private async assigned(m: EntityManager | undefined, productId: string): Promise<AssignedOptionView[]> {
    const links = await this.store.repo(ProductVariantOptionEntity, m).find({ where: { productId }, order: { position: 'ASC' } });
    if (links.length === 0) return [];
    const options = await this.store.repo(VariantOptionEntity, m).find({ where: { id: In(links.map((l) => l.optionId)) } });
    const byId = new Map(options.map((o) => [o.id, o]));
    return links.flatMap((l) => {
      const o = byId.get(l.optionId);
      return o ? [{ ...toView(o), position: l.position }] : [];
    });
  }
}
