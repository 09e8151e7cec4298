import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { ApiError, PRODUCT_STATUSES, type OptionValue, type ProductStatus } from '@storebridge/contracts';
import { TenantContext } from '@storebridge/tenancy';
import { ProductVariantEntity, type ProductChangeKind, type ProductMediaAssetEntity } from '../entities';
import type { CreateProductWrite } from '../products.types';
import { fieldError, isUniqueViolation, skuConflict, translateDbError } from './db-errors';
import { checkProductName, checkProductUrl } from './product-field-rules';
import { productDocumentSql } from './product-json.sql';
import { ProductStore } from './product-store';

/** A product as an import writes it: keyed by (syncSource, syncSourceId); given variant and media sets replace the stored ones. */
export interface ImportedProductWrite extends Omit<CreateProductWrite, 'optionIds'> {
  syncSource: string;
  syncSourceId: string;
}

export type ImportOutcome = 'created' | 'updated' | 'unchanged';

export interface ImportedProductResult {
  productId: string;
  syncSource: string;
  syncSourceId: string;
  outcome: ImportOutcome;
}

/** A record the catalog refused, with the error the per-product API would have answered. */
export interface RefusedImport {
  syncSource: string;
  syncSourceId: string;
  error: string;
  message: string;
  details?: unknown;
}

export interface ImportPageResult {
  /** One entry per input record that is in the catalog now (a record given twice is listed twice), in input order. */
  written: ImportedProductResult[];
  refused: RefusedImport[];
}

type ProductFields = Pick<ImportedProductWrite, 'description' | 'productType' | 'vendor' | 'productUrl'> & {
  productName: string;
  productStatus: ProductStatus;
  tags: string[];
};

const FIELD_KEYS = ['productName', 'description', 'productType', 'vendor', 'productStatus', 'tags', 'productUrl'] as const;

type VariantRow = Pick<
  ProductVariantEntity,
  'id' | 'sku' | 'title' | 'price' | 'currency' | 'optionValues' | 'inventoryTotalCount' | 'weightGrams' | 'weightUnit' | 'position' | 'productArchived'
>;
type MediaRow = Pick<ProductMediaAssetEntity, 'id' | 'url' | 'altText' | 'type' | 'position'>;

/** A stored row's timestamps as the read gives them (JSON text, to the microsecond), for the documents the write builds. */
interface Stamped {
  createdAt: string;
  updatedAt: string;
}

/** A stored product as the page's read gives it, with its children. */
interface StoredProduct extends ProductFields {
  id: string;
  syncSource: string;
  syncSourceId: string;
  revision: number;
  createdAt: string;
  variants: Array<VariantRow & Stamped>;
  media: Array<MediaRow & Stamped>;
  options: Array<{ optionId: string; position: number }>;
}

/** A row of the new set; `old` is the stored row it replaces in place (same id). */
interface Slot<T> {
  row: T;
  old?: T & Stamped;
}

/** What one record will write, checked (phase A) and then compared with what is stored (phase B). */
interface Plan {
  record: ImportedProductWrite;
  stored?: StoredProduct;
  productId: string;
  fields: ProductFields;
  /** Null when the record leaves its variants (or media) out: the stored ones stay. */
  variants: Array<Slot<VariantRow>> | null;
  media: Array<Slot<MediaRow>> | null;
  /** SKUs the product holds once written (none when archived). */
  skus: string[];
  /** Org options assigned to the product by this write (set in phase B). */
  newOptionIds: string[];
}

interface OptionRow {
  id: string;
  name: string;
  /** lower(name): what names are matched on. */
  key: string;
  choices: string[];
}

/** What the page is checked against (see `read`). */
interface PageState {
  currency: string;
  stored: Map<string, StoredProduct>;
  /** SKU → the non-archived product holding it. */
  holders: Map<string, string>;
  options: Map<string, OptionRow>;
}

type Sql = <T>(sql: string, params?: unknown[]) => Promise<T[]>;

/** What only a concurrent writer causes (see isRace): the page is read and written again. */
const RACE_CONSTRAINTS = ['products_org_sync_source_uq', 'product_variants_org_sku_uq'];
const MAX_ATTEMPTS = 3;

/** A stored product changed between the page's read and its write. */
class StalePageError extends Error {}

const keyOf = (r: { syncSource: string; syncSourceId: string }) => `${r.syncSource}\u0000${r.syncSourceId}`;

/**
 * Writes a whole import page into the central catalog in one transaction,
 * with a constant number of statements whatever the page size: one read;
 * then, if anything is to be written, an option upsert when the page names
 * options or values the org lacks, the writes in two (the second also
 * stores each product's document). An unchanged page is its read alone. It writes the same
 * products, variants, media, org options, revisions, outbox rows and stored
 * documents as `ProductsService.upsertBySyncSource` writes one product at a
 * time, checked the same way (price, currency, weight, URLs, option names,
 * SKUs). A record the catalog refuses is reported and skipped; it never
 * aborts the page. Every statement is scoped to the caller's tenant and org
 * (TenantContext).
 *
 * Identity is kept as the per-product path keeps it: a product by
 * (syncSource, syncSourceId), a variant by SKU, a media asset by URL. One
 * addition: a variant without SKU keeps its id when the stored product has a
 * variant without SKU with the same option values (the per-product path
 * recreates those on every write), so that such products can be unchanged.
 *
 * "Unchanged": a stored product is skipped (no write, no revision, no outbox
 * row) when what the record would write equals what is stored, compared
 * column by column after the same checks and defaults: the product's fields,
 * every variant (matched by SKU, none added or left over, same columns and
 * position), every media asset (matched by URL, same order, alt text, type)
 * and no option still to assign. Comparing the stored state, not a hash of
 * the last import, also rewrites a product that was edited in the catalog
 * since, as the per-product path does.
 */
@Injectable()
export class ProductImportWriter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: ProductStore,
    private readonly context: TenantContext,
  ) {}

  async upsertPage(records: ImportedProductWrite[]): Promise<ImportPageResult> {
    if (records.length === 0) return { written: [], refused: [] };
    // A page may list a record twice (stores reorder while paging): the last copy is written.
    const latest = new Map<string, ImportedProductWrite>();
    for (const r of records) latest.set(keyOf(r), r);
    const unique = [...latest.values()];
    for (let attempt = 1; ; attempt++) {
      try {
        const { written, refused } = await this.writePage(unique);
        const byKey = new Map(written.map((w) => [keyOf(w), w]));
        return { written: records.flatMap((r) => byKey.get(keyOf(r)) ?? []), refused };
      } catch (e) {
        if (attempt < MAX_ATTEMPTS && isRace(e)) continue;
        throw translateDbError(e);
      }
    }
  }

  /**
   * Archives the given products of the org that are not archived yet, in one
   * transaction: status, the variants' archived flag (their SKUs become
   * free), revision + 1, an `archived` outbox row and the stored document
   * for each. Returns the ids it archived.
   */
  async archive(productIds: string[]): Promise<string[]> {
    if (productIds.length === 0) return [];
    return this.dataSource.transaction(async (m) => {
      const sql = this.sql(m);
      // Locks in id order, so two archives of overlapping sets cannot deadlock.
      const locked = await sql<{ id: string }>(
        `SELECT id FROM products WHERE tenant_id = $1 AND org_id = $2 AND id = ANY($3::uuid[]) AND product_status <> 'ARCHIVED'
         ORDER BY id FOR UPDATE`,
        [productIds],
      );
      const ids = locked.map((r) => r.id);
      if (ids.length === 0) return [];
      await sql(
        `WITH archived AS (
           UPDATE products SET product_status = 'ARCHIVED', revision = revision + 1, updated_at = now()
           WHERE tenant_id = $1 AND org_id = $2 AND id = ANY($3::uuid[]) RETURNING id, revision
         ), variants AS (
           UPDATE product_variants SET product_archived = true, updated_at = now()
           WHERE tenant_id = $1 AND org_id = $2 AND product_id = ANY($3::uuid[])
         )
         INSERT INTO product_outbox (tenant_id, org_id, product_id, revision, kind)
         SELECT $1, $2, id, revision, 'archived' FROM archived ORDER BY id`,
        [ids],
      );
      await this.writeDocuments(sql, ids);
      return ids;
    });
  }

  // --- internals ---

  /**
   * Reads and checks outside a transaction; only a page with something to
   * write opens one. What the writes rely on is verified as they happen: a
   * stored product's revision (every write of a product or its children
   * bumps it) in the UPDATE itself, SKUs and sync keys by their unique
   * indexes. Anything that moved in between makes the page go again.
   */
  private async writePage(records: ImportedProductWrite[]): Promise<ImportPageResult> {
    const refused: RefusedImport[] = [];
    const refuse = (r: ImportedProductWrite, e: unknown) => {
      if (!(e instanceof ApiError) || e.status >= 500) throw e;
      refused.push({ syncSource: r.syncSource, syncSourceId: r.syncSourceId, error: e.code, message: e.message, ...(e.details === undefined ? {} : { details: e.details }) });
    };

    const page = await this.read(this.sql(), records);

    // Phase A: check every record and build what it would write.
    let plans: Plan[] = [];
    for (const record of records) {
      try {
        plans.push(this.plan(record, page.stored.get(keyOf(record)), page.currency));
      } catch (e) {
        refuse(record, e);
      }
    }
    const skuRefused = refuseTakenSkus(plans, page.holders);
    for (const [p, sku] of skuRefused) refuse(p.record, skuConflict(sku));
    plans = plans.filter((p) => !skuRefused.has(p));

    // Phase B: org options, then compare with what is stored and write what changed.
    const missing = missingOptions(plans, page.options);
    let changed: Plan[] = [];
    if (missing.length === 0) {
      applyOptions(plans, page.options);
      changed = plans.filter((p) => isChanged(p));
    }
    if (missing.length || changed.length) {
      changed = await this.dataSource.transaction(async (m) => {
        const sql = this.sql(m);
        if (missing.length) {
          for (const o of await this.upsertOptions(sql, missing)) page.options.set(o.key, o);
          applyOptions(plans, page.options);
        }
        const toWrite = missing.length ? plans.filter((p) => isChanged(p)) : changed;
        await this.writeChanged(sql, toWrite);
        return toWrite;
      });
    }

    const changedSet = new Set(changed);
    const written = plans.map(
      (p): ImportedProductResult => ({
        productId: p.productId,
        syncSource: p.record.syncSource,
        syncSourceId: p.record.syncSourceId,
        outcome: !p.stored ? 'created' : changedSet.has(p) ? 'updated' : 'unchanged',
      }),
    );
    return { written, refused };
  }

  /** Queries with the tenant and org as $1 and $2: in transaction `m`, or on their own. */
  private sql(m?: EntityManager): Sql {
    const { tenantId, orgId } = this.context.scope;
    if (!m) return async <T>(text: string, params: unknown[] = []) => (await this.dataSource.query(text, [tenantId, orgId, ...params])) as T[];
    const runner = m.queryRunner;
    if (!runner) throw new Error('no query runner on a transaction manager');
    return async <T>(text: string, params: unknown[] = []) => (await runner.query(text, [tenantId, orgId, ...params], true)).records as T[];
  }

  /**
   * Everything the page is checked against, in one statement (one
   * snapshot): the org's default currency; the page's stored products with
   * their children; the non-archived holders of the SKUs the page names or
   * its stored products hold; the org options the page names.
   */
  private async read(sql: Sql, records: ImportedProductWrite[]): Promise<PageState> {
    const skus = new Set<string>();
    const optionKeys = new Set<string>();
    for (const r of records) {
      for (const v of r.variants ?? []) {
        if (typeof v?.sku === 'string') skus.add(v.sku);
        for (const ov of v?.optionValues ?? []) if (typeof ov?.name === 'string') optionKeys.add(ov.name.toLowerCase());
      }
    }
    const [row] = await sql<{ currency: string | null; products: StoredProduct[]; holders: Array<{ sku: string; productId: string }>; options: OptionRow[] }>(
      `WITH stored AS (
         -- Children join on the product id alone (the product is the org's), which keeps the planner on the product_id indexes.
         SELECT p.id, p.sync_source AS "syncSource", p.sync_source_id AS "syncSourceId", p.revision,
           p.product_name AS "productName", p.description, p.product_type AS "productType", p.vendor,
           p.product_status AS "productStatus", p.tags, p.product_url AS "productUrl", p.created_at AS "createdAt",
           COALESCE((SELECT json_agg(json_build_object('id', v.id, 'sku', v.sku, 'title', v.title, 'price', v.price::text,
               'currency', v.currency, 'optionValues', v.option_values, 'inventoryTotalCount', v.inventory_total_count,
               'weightGrams', v.weight_grams::text, 'weightUnit', v.weight_unit, 'position', v.position,
               'productArchived', v.product_archived, 'createdAt', v.created_at, 'updatedAt', v.updated_at) ORDER BY v.position, v.created_at, v.id)
             FROM product_variants v WHERE v.product_id = p.id), '[]') AS variants,
           COALESCE((SELECT json_agg(json_build_object('id', a.id, 'url', a.url, 'altText', a.alt_text, 'type', a.type,
               'position', a.position, 'createdAt', a.created_at, 'updatedAt', a.updated_at) ORDER BY a.position, a.created_at)
             FROM product_media_assets a WHERE a.product_id = p.id), '[]') AS media,
           COALESCE((SELECT json_agg(json_build_object('optionId', o.option_id, 'position', o.position) ORDER BY o.position)
             FROM product_variant_options o WHERE o.product_id = p.id), '[]') AS options
         FROM products p
         JOIN unnest($3::text[], $4::text[]) AS k(source, source_id) ON p.sync_source = k.source AND p.sync_source_id = k.source_id
         WHERE p.tenant_id = $1 AND p.org_id = $2
       )
       SELECT
         (SELECT default_currency FROM orgs WHERE id = $2 AND tenant_id = $1) AS currency,
         (SELECT COALESCE(json_agg(stored), '[]') FROM stored) AS products,
         (SELECT COALESCE(json_agg(json_build_object('sku', h.sku, 'productId', h.product_id)), '[]') FROM (
            SELECT s.sku FROM unnest($5::text[]) AS s(sku)
            UNION
            SELECT own.sku FROM stored JOIN product_variants own ON own.product_id = stored.id WHERE own.sku IS NOT NULL
          ) s
          -- One index lookup per SKU (a SKU has one non-archived holder), whatever the planner thinks of the org's size.
          CROSS JOIN LATERAL (
            SELECT v.sku, v.product_id FROM product_variants v
            WHERE v.org_id = $2 AND v.sku = s.sku AND NOT v.product_archived AND v.tenant_id = $1 LIMIT 1
          ) h) AS holders,
         (SELECT COALESCE(json_agg(json_build_object('id', o.id, 'name', o.name, 'key', lower(o.name), 'choices', o.choices)), '[]')
            FROM variant_options o WHERE o.tenant_id = $1 AND o.org_id = $2 AND lower(o.name) = ANY($6::text[])) AS options`,
      [records.map((r) => r.syncSource), records.map((r) => r.syncSourceId), [...skus], [...optionKeys]],
    );
    return {
      currency: row.currency?.trim() ?? 'USD',
      stored: new Map(row.products.map((p) => [keyOf(p), p])),
      holders: new Map(row.holders.map((h) => [h.sku, h.productId])),
      options: new Map(row.options.map((o) => [o.key, o])),
    };
  }

  /** Phase A for one record: the checks of the per-product path, and the rows it would write. Throws the API error that refuses it. */
  private plan(record: ImportedProductWrite, stored: StoredProduct | undefined, currency: string): Plan {
    // Postgres text cannot hold NUL: refused here rather than failing the page's statements.
    if (holdsNul(record)) throw fieldError('product', 'text must not contain NUL (\\u0000) characters');
    const fields = checkFields(record, stored);
    const archived = fields.productStatus === 'ARCHIVED';
    const variants = record.variants === undefined ? null : this.planVariants(record, stored, currency, archived);
    const media = record.mediaAssets === undefined ? null : this.planMedia(record, stored);
    const plan: Plan = { record, stored, productId: stored?.id ?? randomUUID(), fields, variants, media, skus: [], newOptionIds: [] };
    if (!archived) {
      for (const { row } of variantSlots(plan)) {
        if (row.sku === null || row.sku === undefined) continue;
        if (plan.skus.includes(row.sku)) throw skuConflict(row.sku);
        plan.skus.push(row.sku);
      }
    }
    return plan;
  }

  /**
   * The product's variants become the record's: matched by SKU (ids kept),
   * others created, the rest deleted. A variant without SKU is matched to a
   * stored one without SKU that has the same option values.
   */
  private planVariants(record: ImportedProductWrite, stored: StoredProduct | undefined, currency: string, archived: boolean): Array<Slot<VariantRow>> {
    const inputs = record.variants ?? [];
    type StoredVariant = StoredProduct['variants'][number];
    const bySku = new Map<string, StoredVariant>();
    const byOptions = new Map<string, StoredVariant[]>();
    for (const v of stored?.variants ?? []) {
      if (v.sku) bySku.set(v.sku, v);
      else byOptions.set(optionsKey(v.optionValues), [...(byOptions.get(optionsKey(v.optionValues)) ?? []), v]);
    }
    const matched = new Set<string>();
    // Option names are matched case-insensitively; within the record the first spelling stands for all.
    const spelling = new Map<string, string>();
    return inputs.map((input, i) => {
      const field = `variants[${i}]`;
      const optionValues = input.optionValues?.map((ov: OptionValue, j) => {
        if (typeof ov?.name !== 'string' || ov.name.trim() === '') throw fieldError(`${field}.optionValues[${j}].name`, 'name must not be empty');
        if (typeof ov.value !== 'string') throw fieldError(`${field}.optionValues[${j}].value`, 'value must be a string');
        const key = ov.name.toLowerCase();
        if (!spelling.has(key)) spelling.set(key, ov.name);
        return { name: spelling.get(key) as string, value: ov.value };
      });
      const candidates = input.sku ? [bySku.get(input.sku)] : (byOptions.get(optionsKey(optionValues ?? [])) ?? []);
      const old = candidates.find((v) => v && !matched.has(v.id));
      if (old) matched.add(old.id);
      const cols = this.store.variantColumns({ ...input, optionValues }, field, {
        currency,
        optionNames: new Set(optionValues?.map((ov) => ov.name)),
        existing: old && Object.assign(new ProductVariantEntity(), old),
      });
      const row: VariantRow = { ...(old ?? newVariant(currency)), ...cols, productArchived: archived };
      if (input.position === undefined) row.position = i;
      return { row, old };
    });
  }

  /** The product's media become the record's, in that order: matched by URL (ids kept), others created, the rest deleted. */
  private planMedia(record: ImportedProductWrite, stored: StoredProduct | undefined): Array<Slot<MediaRow>> {
    const byUrl = new Map((stored?.media ?? []).map((a) => [a.url, a]));
    const matched = new Set<string>();
    return (record.mediaAssets ?? []).map((input, i) => {
      const field = `mediaAssets[${i}]`;
      if (typeof input?.url !== 'string') throw fieldError(`${field}.url`, 'url must be an http or https URL');
      const cols = this.store.mediaColumns(input, field);
      const candidate = byUrl.get(input.url);
      const old = candidate && !matched.has(candidate.id) ? candidate : undefined;
      if (old) matched.add(old.id);
      const base: MediaRow = old ?? { id: randomUUID(), url: input.url, altText: null, type: 'image', position: i };
      return { row: { ...base, ...cols, position: i }, old };
    });
  }

  /**
   * Creates the options `missingOptions` found (or appends the values they
   * lack). Concurrent pages creating the same option meet in its unique
   * index: the second waits for the first and appends to its row (ON
   * CONFLICT DO UPDATE), in name order so that two pages cannot deadlock on
   * each other's new options.
   */
  private async upsertOptions(sql: Sql, missing: WantedOption[]): Promise<OptionRow[]> {
    return sql<OptionRow>(
      `INSERT INTO variant_options (tenant_id, org_id, name, choices)
       SELECT $1, $2, w.name, w.vals FROM jsonb_to_recordset($3::jsonb) AS w(i integer, name text, vals text[]) ORDER BY w.i
       ON CONFLICT (org_id, lower(name)) DO UPDATE SET
         choices = variant_options.choices || ARRAY(SELECT x FROM unnest(EXCLUDED.choices) WITH ORDINALITY AS u(x, n)
           WHERE NOT x = ANY(variant_options.choices) ORDER BY u.n),
         updated_at = now()
       RETURNING id, name, lower(name) AS key, choices`,
      [JSON.stringify(missing.map((w, i) => ({ i, ...w })))],
    );
  }

  /**
   * Every changed product of the page at once, in two statements at most:
   * rows that free SKUs (stale variants and media deleted, stored variants
   * of products being archived flagged) go first, since a unique index is checked row
   * by row and another product of the page may take such a SKU; then every
   * other insert and update in one statement (foreign keys are checked at
   * its end), each product row written once with its document
   * (PAGE_DOCUMENT). Rows are written by primary key (INSERT … ON CONFLICT (id) DO UPDATE): one index
   * probe per row, whatever the statistics of a freshly filled table say.
   */
  private async writeChanged(sql: Sql, plans: Plan[]): Promise<void> {
    if (plans.length === 0) return;
    const archiving = plans.flatMap((p) => variantSlots(p).filter(isArchiving).map((v) => variantCols(p.productId, v.row)));
    const staleVariants = plans.flatMap((p) => (p.variants ? stale(p.stored?.variants, p.variants) : []));
    const staleMedia = plans.flatMap((p) => (p.media ? stale(p.stored?.media, p.media) : []));
    if (staleVariants.length || staleMedia.length || archiving.length) {
      await sql(
        `WITH stale_variants AS (
           DELETE FROM product_variants WHERE tenant_id = $1 AND org_id = $2 AND id = ANY($3::uuid[])
         ), stale_media AS (
           DELETE FROM product_media_assets WHERE tenant_id = $1 AND org_id = $2 AND id = ANY($4::uuid[])
         )
         ${WRITE_VARIANTS(`jsonb_to_recordset($5::jsonb) AS ${VARIANT_RECORD}`)}`,
        [staleVariants, staleMedia, JSON.stringify(archiving)],
      );
    }

    // Appended after the product's assigned options, in the order the variants name them.
    const assignments = plans.flatMap((p) => {
      const next = (p.stored?.options ?? []).reduce((max, o) => Math.max(max, o.position + 1), 0);
      return p.newOptionIds.map((optionId, i) => ({ product_id: p.productId, option_id: optionId, position: next + i }));
    });
    const events = plans.map((p, i) => ({ i, product_id: p.productId, revision: nextRevision(p), kind: changeKind(p) }));
    const [{ written }] = await sql<{ written: number }>(
      `WITH products_written AS (
         INSERT INTO products (id, tenant_id, org_id, product_name, description, product_type, vendor, product_status, tags,
           product_url, sync_source, sync_source_id, revision, document)
         SELECT p.id, $1, $2, p.product_name, p.description, p.product_type, p.vendor, p.product_status, p.tags, p.product_url,
           p.sync_source, p.sync_source_id, p.revision, ${PAGE_DOCUMENT}
         FROM (SELECT r.*, coalesce(r.stored_created_at, now()) AS created_at, now() AS updated_at
               FROM jsonb_to_recordset($3::jsonb) AS ${PRODUCT_RECORD}) p
         ORDER BY p.i
         ON CONFLICT (id) DO UPDATE SET product_name = EXCLUDED.product_name, description = EXCLUDED.description,
           product_type = EXCLUDED.product_type, vendor = EXCLUDED.vendor, product_status = EXCLUDED.product_status,
           tags = EXCLUDED.tags, product_url = EXCLUDED.product_url, revision = EXCLUDED.revision, document = EXCLUDED.document,
           updated_at = now()
         -- Only from the revision the page was read at.
         WHERE products.tenant_id = EXCLUDED.tenant_id AND products.org_id = EXCLUDED.org_id AND products.revision = EXCLUDED.revision - 1
         RETURNING id
       ), variants_written AS (
         ${WRITE_VARIANTS(`jsonb_to_recordset($3::jsonb) AS c(variants jsonb), jsonb_to_recordset(c.variants) AS ${VARIANT_RECORD} WHERE r.write`)}
       ), media_written AS (
         INSERT INTO product_media_assets (id, tenant_id, org_id, product_id, url, alt_text, type, position)
         SELECT r.id, $1, $2, r.product_id, r.url, r.alt_text, r.type, r.position
         FROM jsonb_to_recordset($3::jsonb) AS c(media jsonb), jsonb_to_recordset(c.media) AS ${MEDIA_RECORD}
         WHERE r.write
         ON CONFLICT (id) DO UPDATE SET url = EXCLUDED.url, alt_text = EXCLUDED.alt_text, type = EXCLUDED.type,
           position = EXCLUDED.position, updated_at = now()
         WHERE product_media_assets.tenant_id = EXCLUDED.tenant_id AND product_media_assets.org_id = EXCLUDED.org_id
       ), assigned AS (
         INSERT INTO product_variant_options (tenant_id, org_id, product_id, option_id, position)
         SELECT $1, $2, r.product_id, r.option_id, r.position
         FROM jsonb_to_recordset($4::jsonb) AS r(product_id uuid, option_id uuid, position integer)
         ON CONFLICT (product_id, option_id) DO NOTHING
       ), outbox AS (
         INSERT INTO product_outbox (tenant_id, org_id, product_id, revision, kind)
         SELECT $1, $2, r.product_id, r.revision, r.kind
         FROM jsonb_to_recordset($5::jsonb) AS r(i integer, product_id uuid, revision integer, kind text)
         ORDER BY r.i
       )
       SELECT count(*)::int AS written FROM products_written`,
      [
        // In page order, so that lists (in insertion order) show the store's order.
        JSON.stringify(plans.map((p, i) => productCols(p, i))),
        JSON.stringify(assignments),
        JSON.stringify(events),
      ],
    );
    // A stored product written by someone else since the page was read: its revision moved, the page goes again.
    if (written !== plans.length) throw new StalePageError();
  }

  /** The stored documents of the products, rebuilt after all their rows are written (as ProductStore.writeOutbox does per product). */
  private async writeDocuments(sql: Sql, productIds: string[]): Promise<void> {
    await sql(`UPDATE products p SET document = ${productDocumentSql()} WHERE p.tenant_id = $1 AND p.org_id = $2 AND p.id = ANY($3::uuid[])`, [
      productIds,
    ]);
  }
}

/**
 * The plans that would take a SKU another non-archived product of the org
 * holds, with that SKU. A holder that is itself on the page counts as it
 * will be once written: it frees a SKU it drops (or by being archived),
 * unless it is refused. Two records of the page claiming one SKU: the first
 * gets it. Refusals can keep SKUs held for others, so this runs to a fixpoint.
 */
function refuseTakenSkus(plans: Plan[], holders: Map<string, string>): Map<Plan, string> {
  const refused = new Map<Plan, string>();
  const onPage = new Map(plans.filter((p) => p.stored).map((p) => [p.productId, p]));
  const taken = (p: Plan, sku: string, claimed: Map<string, Plan>): boolean => {
    if (claimed.has(sku)) return true;
    const holder = holders.get(sku);
    if (holder === undefined || holder === p.productId) return false;
    const other = onPage.get(holder);
    return !other || refused.has(other) || other.skus.includes(sku);
  };
  for (let again = true; again; ) {
    again = false;
    const claimed = new Map<string, Plan>();
    for (const p of plans) {
      if (refused.has(p)) continue;
      const sku = p.skus.find((s) => taken(p, s, claimed));
      if (sku !== undefined) {
        refused.set(p, sku);
        again = true;
        continue;
      }
      for (const s of p.skus) claimed.set(s, p);
    }
  }
  return refused;
}

/** A product of the page (productCols): its columns, and its variants and media as they will be once written (childRows). */
const PRODUCT_RECORD = `r(i integer, id uuid, revision integer, product_name text, description text, product_type text,
  vendor text, product_status text, tags text[], product_url text, sync_source text, sync_source_id text,
  stored_created_at timestamptz, variants jsonb, media jsonb)`;

/** A variant row (variantCols). */
const VARIANT_RECORD = `r(id uuid, product_id uuid, title text, sku text, price numeric, currency text, option_values jsonb,
  inventory_total_count integer, weight_grams numeric, weight_unit text, position integer, product_archived boolean,
  write boolean, created_at timestamptz, updated_at timestamptz)`;

/** A media row (childRows). */
const MEDIA_RECORD = `r(id uuid, product_id uuid, url text, alt_text text, type text, position integer,
  write boolean, created_at timestamptz, updated_at timestamptz)`;

/**
 * The stored document of a product the page writes, built in the statement
 * that writes the row (one row version, not a second UPDATE) from the
 * product's children as they will be once written (childRows): the same SQL
 * as every other document, fed with the columns' own types. A row written
 * now has now() as its timestamps, as its columns do.
 */
const PAGE_DOCUMENT = productDocumentSql({
  variants: `(SELECT r.id, r.product_id, coalesce(r.created_at, now()) AS created_at, coalesce(r.updated_at, now()) AS updated_at,
      r.title, r.price::numeric(14, 2) AS price, r.currency::char(3) AS currency, r.sku, r.option_values, r.inventory_total_count,
      r.weight_grams, r.position
    FROM jsonb_to_recordset(p.variants) AS ${VARIANT_RECORD}) v`,
  media: `(SELECT r.id, r.url, r.alt_text, r.type, r.position, coalesce(r.created_at, now()) AS created_at
    FROM jsonb_to_recordset(p.media) AS ${MEDIA_RECORD}) a`,
});

/** Inserts or updates (by id, in the org only) the variants of `from`, a FROM clause whose rows `r` are VARIANT_RECORDs. */
const WRITE_VARIANTS = (from: string) => `INSERT INTO product_variants (id, tenant_id, org_id, product_id, title, sku, price,
    currency, option_values, inventory_total_count, weight_grams, weight_unit, position, product_archived)
  SELECT r.id, $1, $2, r.product_id, r.title, r.sku, r.price, r.currency, r.option_values, r.inventory_total_count,
    r.weight_grams, r.weight_unit, r.position, r.product_archived
  FROM ${from}
  ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, sku = EXCLUDED.sku, price = EXCLUDED.price, currency = EXCLUDED.currency,
    option_values = EXCLUDED.option_values, inventory_total_count = EXCLUDED.inventory_total_count,
    weight_grams = EXCLUDED.weight_grams, weight_unit = EXCLUDED.weight_unit, position = EXCLUDED.position,
    product_archived = EXCLUDED.product_archived, updated_at = now()
  WHERE product_variants.tenant_id = EXCLUDED.tenant_id AND product_variants.org_id = EXCLUDED.org_id
    AND product_variants.product_id = EXCLUDED.product_id`;

/** The revision a plan writes: the stored one (the page was read at) + 1. */
function nextRevision(p: Plan): number {
  return p.stored ? p.stored.revision + 1 : 1;
}

/** A PRODUCT_RECORD: the product's columns, `i` its place on the page, and its children (childRows). */
function productCols(p: Plan, i: number) {
  const { variants, media } = childRows(p);
  return {
    i,
    variants,
    media,
    stored_created_at: p.stored?.createdAt ?? null,
    id: p.productId,
    revision: nextRevision(p),
    product_name: p.fields.productName,
    description: p.fields.description ?? null,
    product_type: p.fields.productType ?? null,
    vendor: p.fields.vendor ?? null,
    product_status: p.fields.productStatus,
    tags: p.fields.tags,
    product_url: p.fields.productUrl ?? null,
    sync_source: p.record.syncSource,
    sync_source_id: p.record.syncSourceId,
  };
}

/** A stored variant the product's archiving flags (written before the rest, as it frees a SKU). */
function isArchiving(v: Slot<VariantRow>): boolean {
  return v.old !== undefined && !v.old.productArchived && v.row.productArchived;
}

/**
 * The product's variants and media as they will be once the plan is
 * written, each sent once: `write` marks the rows the main statement inserts
 * or updates; all of them make the document. A row the write leaves as it
 * is keeps its stored timestamps; a row written now gets now() (null here).
 */
function childRows(p: Plan) {
  const variants = variantSlots(p).map((v) => {
    const unchanged = v.old !== undefined && sameVariant(v.old, v.row);
    return variantCols(p.productId, v.row, !unchanged && !isArchiving(v), v.old?.createdAt ?? null, unchanged ? (v.old?.updatedAt ?? null) : null);
  });
  const media = (p.media ?? (p.stored?.media ?? []).map((old) => ({ row: old, old }))).map(({ row: m, old }) => {
    const unchanged = old !== undefined && sameMedia(old, m);
    return {
      id: m.id,
      product_id: p.productId,
      url: m.url,
      alt_text: m.altText ?? null,
      type: m.type,
      position: m.position,
      write: !unchanged,
      created_at: old?.createdAt ?? null,
      updated_at: unchanged ? old.updatedAt : null,
    };
  });
  return { variants, media };
}

interface WantedOption {
  name: string;
  vals: string[];
}

/**
 * The org options the page's variants name that do not exist yet or lack
 * some of the values (first spelling and values in page order), sorted by
 * name. Options are created on demand for imports, as
 * VariantOptionsService.ensureFromVariants does for one product.
 */
function missingOptions(plans: Plan[], known: Map<string, OptionRow>): WantedOption[] {
  const wanted = new Map<string, WantedOption>();
  for (const p of plans) {
    for (const { row } of p.variants ?? []) {
      for (const ov of row.optionValues) {
        const key = ov.name.toLowerCase();
        const entry = wanted.get(key) ?? { name: ov.name, vals: [] };
        if (!entry.vals.includes(ov.value)) entry.vals.push(ov.value);
        wanted.set(key, entry);
      }
    }
  }
  return [...wanted.entries()]
    .filter(([key, w]) => !w.vals.every((v) => known.get(key)?.choices.includes(v)))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, w]) => w);
}

/** The variants' option names become the options' own spelling; options not yet assigned to a product are noted for assignment. */
function applyOptions(plans: Plan[], known: Map<string, OptionRow>): void {
  for (const p of plans) {
    if (!p.variants) continue;
    const needed: string[] = [];
    for (const { row } of p.variants) {
      row.optionValues = row.optionValues.map((ov) => {
        const option = known.get(ov.name.toLowerCase());
        if (!option) throw new Error(`variant option "${ov.name}" was not created`);
        if (!needed.includes(option.id)) needed.push(option.id);
        return { name: option.name, value: ov.value };
      });
    }
    const have = new Set(p.stored?.options.map((o) => o.optionId));
    p.newOptionIds = needed.filter((id) => !have.has(id));
  }
}

/** The product fields of a record, checked as ProductsService checks a replace; a status left out keeps the stored one. */
function checkFields(input: ImportedProductWrite, stored: StoredProduct | undefined): ProductFields {
  const productName = checkProductName(input.productName);
  const productUrl = checkProductUrl(input.productUrl);
  const status = input.productStatus ?? stored?.productStatus ?? 'ACTIVE';
  if (!PRODUCT_STATUSES.includes(status)) throw fieldError('productStatus', `productStatus must be one of ${PRODUCT_STATUSES.join(', ')}`);
  if (input.tags !== undefined && (!Array.isArray(input.tags) || input.tags.some((t) => typeof t !== 'string'))) {
    throw fieldError('tags', 'tags must be strings');
  }
  return {
    productName,
    description: input.description ?? null,
    productType: input.productType ?? null,
    vendor: input.vendor ?? null,
    productStatus: status,
    tags: input.tags ?? [],
    productUrl,
  };
}

function newVariant(currency: string): VariantRow {
  return {
    id: randomUUID(),
    sku: null,
    title: null,
    price: null,
    currency,
    optionValues: [],
    inventoryTotalCount: 0,
    weightGrams: null,
    weightUnit: null,
    position: 0,
    productArchived: false,
  };
}

/** A VARIANT_RECORD: the row's columns, whether the main statement writes it, and the timestamps it keeps (null: now()). */
function variantCols(productId: string, v: VariantRow, write = true, createdAt: string | null = null, updatedAt: string | null = null) {
  return {
    id: v.id,
    product_id: productId,
    title: v.title ?? null,
    sku: v.sku ?? null,
    price: v.price ?? null,
    currency: v.currency,
    option_values: v.optionValues,
    inventory_total_count: v.inventoryTotalCount,
    weight_grams: v.weightGrams ?? null,
    weight_unit: v.weightUnit ?? null,
    position: v.position,
    product_archived: v.productArchived,
    write,
    created_at: createdAt,
    updated_at: updatedAt,
  };
}

/** The product's variants once written: the record's, or the stored ones kept (with the archived flag of the new status). */
function variantSlots(p: Plan): Array<Slot<VariantRow>> {
  if (p.variants) return p.variants;
  const archived = p.fields.productStatus === 'ARCHIVED';
  return (p.stored?.variants ?? []).map((old) => ({ old, row: { ...old, productArchived: archived } }));
}

/** Option values as a variant without SKU is recognised by: names case-insensitive, in order. */
function optionsKey(values: OptionValue[]): string {
  return JSON.stringify(values.map((ov) => [ov.name.toLowerCase(), ov.value]));
}

/** Ids of stored rows the new set does not keep. */
function stale<T extends { id: string }>(stored: T[] | undefined, slots: Array<Slot<T>>): string[] {
  const kept = new Set(slots.flatMap((s) => (s.old ? [s.old.id] : [])));
  return (stored ?? []).filter((r) => !kept.has(r.id)).map((r) => r.id);
}

const nullish = <T>(v: T | null | undefined): T | null => v ?? null;

function sameVariant(a: VariantRow, b: VariantRow): boolean {
  return (
    nullish(a.title) === nullish(b.title) &&
    nullish(a.sku) === nullish(b.sku) &&
    nullish(a.price) === nullish(b.price) &&
    a.currency === b.currency &&
    a.inventoryTotalCount === b.inventoryTotalCount &&
    nullish(a.weightGrams) === nullish(b.weightGrams) &&
    nullish(a.weightUnit) === nullish(b.weightUnit) &&
    a.position === b.position &&
    a.productArchived === b.productArchived &&
    a.optionValues.length === b.optionValues.length &&
    a.optionValues.every((ov, i) => ov.name === b.optionValues[i].name && ov.value === b.optionValues[i].value)
  );
}

function sameMedia(a: MediaRow, b: MediaRow): boolean {
  return a.url === b.url && nullish(a.altText) === nullish(b.altText) && a.type === b.type && a.position === b.position;
}

/** Whether writing the plan would change anything stored (see the class comment). */
function isChanged(p: Plan): boolean {
  const s = p.stored;
  if (!s) return true;
  if (p.newOptionIds.length > 0) return true;
  const fieldDiffers = FIELD_KEYS.some((k) => {
    const a = p.fields[k];
    const b = s[k];
    if (Array.isArray(a) && Array.isArray(b)) return a.length !== b.length || a.some((x, i) => x !== b[i]);
    return nullish(a) !== nullish(b);
  });
  if (fieldDiffers) return true;
  const variants = variantSlots(p);
  if (variants.length !== s.variants.length || variants.some((v) => !v.old || !sameVariant(v.old, v.row))) return true;
  if (p.media && (p.media.length !== s.media.length || p.media.some((m) => !m.old || !sameMedia(m.old, m.row)))) return true;
  return false;
}

function changeKind(p: Plan): ProductChangeKind {
  if (!p.stored) return 'created';
  const was = p.stored.productStatus === 'ARCHIVED';
  const will = p.fields.productStatus === 'ARCHIVED';
  if (was === will) return 'updated';
  return will ? 'archived' : 'restored';
}

/** Whether any string in the value (keys included) holds a NUL character, which Postgres text cannot store. */
function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(holdsNul);
  for (const key in value) if (key.includes('\u0000') || holdsNul((value as Record<string, unknown>)[key])) return true;
  return false;
}

function isRace(e: unknown): boolean {
  if (e instanceof StalePageError || RACE_CONSTRAINTS.some((c) => isUniqueViolation(e, c))) return true;
  // A deadlock, or a row the page refers to (an option) deleted since it was read.
  const code = e instanceof QueryFailedError ? (e.driverError as { code?: string }).code : undefined;
  return code === '40P01' || code === '23503';
}
