import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ApiError } from '@storebridge/contracts';
import { formatFilterError, parseFilterQuery, validate } from '@storebridge/catalog-filter';
import { TenantScopedRepositories, type TenantScopedRepository } from '@storebridge/tenancy';
import { attributeNameProblem, schemaOf, type AttributeDeclaration } from './catalog-attributes';
import { Catalog } from './catalog.entity';
import { ensureAttributeIndexes } from './catalog-indexes';
import { ITEM_COLUMNS, toCatalogView, toItemView, type CatalogItemRow, type CatalogItemView, type CatalogView } from './catalog.presenter';
import { ITEM_COLUMN_SCHEMA, itemPageQuery } from './item-list.query';
import type { CreateCatalogDto } from './dto/create-catalog.dto';
import { DEFAULT_ITEMS_PAGE, type ListItemsQueryDto } from './dto/list-items.query.dto';
import type { UpdateCatalogDto } from './dto/update-catalog.dto';
import { decodeItemCursor, encodeItemCursor } from './item-cursor';

export const catalogNotFound = (): ApiError => ApiError.notFound('catalog_not_found', 'Catalog not found');

export interface ItemPage {
  items: CatalogItemView[];
  pageInfo: { hasNext: boolean; nextCursor: string | null };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class CatalogsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repos: TenantScopedRepositories,
  ) {}

  catalogs(manager?: EntityManager): TenantScopedRepository<Catalog> {
    return this.repos.for(Catalog, manager);
  }

  /** The caller's catalog or 404 (another tenant's id, or not a UUID, is simply not found). */
  async get(catalogId: string, manager?: EntityManager): Promise<Catalog> {
    if (!UUID.test(catalogId)) throw catalogNotFound();
    return this.catalogs(manager).getOneBy({ id: catalogId }, catalogNotFound());
  }

  /** The catalog row locked FOR UPDATE in `manager`'s transaction: writers of one catalog queue here. */
  async lock(catalogId: string, manager: EntityManager): Promise<Catalog> {
    if (!UUID.test(catalogId)) throw catalogNotFound();
    const row = await this.catalogs(manager).qb('c').andWhere('c.id = :id', { id: catalogId }).setLock('pessimistic_write').getOne();
    if (!row) throw catalogNotFound();
    return row;
  }

  async create(dto: CreateCatalogDto): Promise<CatalogView> {
    const attributes = checkDeclarations([], dto.attributes ?? []);
    return this.dataSource.transaction(async (manager) => {
      const repo = this.catalogs(manager);
      const saved = await repo.save(repo.create({ name: dto.name, description: dto.description ?? null, attributes, version: 0, itemCount: 0 }));
      await ensureAttributeIndexes(manager, attributes);
      return toCatalogView(saved);
    });
  }

  async list(): Promise<{ catalogs: CatalogView[] }> {
    const rows = await this.catalogs().find({ order: { createdAt: 'ASC', id: 'ASC' } });
    return { catalogs: rows.map(toCatalogView) };
  }

  async view(catalogId: string): Promise<CatalogView> {
    return toCatalogView(await this.get(catalogId));
  }

  async update(catalogId: string, dto: UpdateCatalogDto): Promise<CatalogView> {
    return this.dataSource.transaction(async (manager) => {
      const catalog = await this.lock(catalogId, manager);
      if (dto.name !== undefined) catalog.name = dto.name;
      if (dto.description !== undefined) catalog.description = dto.description;
      if (dto.attributes?.length) {
        const added = checkDeclarations(catalog.attributes, dto.attributes);
        catalog.attributes = [...catalog.attributes, ...added];
        await ensureAttributeIndexes(manager, added);
      }
      return toCatalogView(await this.catalogs(manager).save(catalog));
    });
  }

  async remove(catalogId: string): Promise<void> {
    const catalog = await this.get(catalogId);
    // Items go with it (ON DELETE CASCADE); a running sync holds the row lock, so this waits for it.
    await this.catalogs().delete({ id: catalog.id });
  }

  async listItems(catalogId: string, query: ListItemsQueryDto): Promise<ItemPage> {
    const catalog = await this.get(catalogId);
    const schema = schemaOf(catalog.attributes);
    const parsed = parseFilterQuery(query.filter, query.filters);
    const validated = parsed.ok ? validate(parsed.filters, { ...schema, ...ITEM_COLUMN_SCHEMA }) : parsed;
    if (!validated.ok) {
      throw ApiError.badRequest('invalid_filter', validated.errors.map(formatFilterError).join('; '), { filterErrors: validated.errors });
    }
    const limit = query.limit ?? DEFAULT_ITEMS_PAGE;
    const { tenantId, orgId } = this.catalogs().scope;
    const afterSku = query.cursor === undefined ? undefined : decodeItemCursor(query.cursor);
    const { sql, params } = itemPageQuery({ tenantId, orgId, catalogId: catalog.id, filters: validated.filters, afterSku, take: limit + 1 });
    const rows: CatalogItemRow[] = await this.dataSource.query(sql, params);
    const hasNext = rows.length > limit;
    const page = hasNext ? rows.slice(0, limit) : rows;
    return {
      items: page.map((r) => toItemView(r, schema)),
      pageInfo: { hasNext, nextCursor: hasNext ? encodeItemCursor(page[page.length - 1].sku) : null },
    };
  }

  async getItem(catalogId: string, sku: string): Promise<CatalogItemView> {
    const catalog = await this.get(catalogId);
    const { tenantId, orgId } = this.catalogs().scope;
    const [row]: CatalogItemRow[] = await this.dataSource.query(
      `SELECT ${ITEM_COLUMNS} FROM catalog_items i WHERE i.tenant_id = $1 AND i.org_id = $2 AND i.catalog_id = $3 AND i.sku = $4`,
      [tenantId, orgId, catalog.id, sku],
    );
    if (!row) throw ApiError.notFound('item_not_found', `Item "${sku}" not found in this catalog`);
    return toItemView(row, schemaOf(catalog.attributes));
  }
}

/**
 * The declarations in `added` that are new to `existing`. Names must be valid
 * and unique; redeclaring an existing attribute with its own type is a no-op,
 * with another type a conflict (stored values would no longer fit).
 */
export function checkDeclarations(existing: AttributeDeclaration[], added: AttributeDeclaration[]): AttributeDeclaration[] {
  const known = new Map(existing.map((d) => [d.name, d.type]));
  const out: AttributeDeclaration[] = [];
  added.forEach((d, i) => {
    const problem = attributeNameProblem(d.name);
    if (problem) throw ApiError.badRequest('validation_failed', `attributes[${i}]: ${problem}`, [{ field: `attributes.${i}.name`, problems: [problem] }]);
    const type = known.get(d.name);
    if (type === undefined) {
      known.set(d.name, d.type);
      out.push({ name: d.name, type: d.type });
    } else if (type !== d.type) {
      throw ApiError.conflict('attribute_type_conflict', `attribute "${d.name}" is already declared as ${type}`, { attribute: d.name, declared: type });
    }
  });
  return out;
}
