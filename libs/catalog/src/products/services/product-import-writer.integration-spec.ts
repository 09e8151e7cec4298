import path from 'node:path';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClsModule } from 'nestjs-cls';
import { DataSource } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { createDataSourceOptions } from '@storebridge/persistence';
import { createTestDatabase, type TestDatabase } from '@storebridge/persistence/testing';
import { TENANCY_ENTITIES, TenancyModule, TenancyService, TenantContext, type TenantScope } from '@storebridge/tenancy';
import { PRODUCTS_ENTITIES, ProductsModule } from '../products.module';
import { productDocumentSql } from './product-json.sql';
import { ProductImportWriter, type ImportedProductWrite } from './product-import-writer';
import { ProductsService } from './products.service';

jest.setTimeout(60_000);

// The schema is the host's: its migrations, loaded by path (a module lib may not import the app).
const MIGRATIONS = path.resolve(__dirname, '../../../../../apps/api/src/migrations/[0-9]*-*.ts');

function record(id: string, over: Partial<ImportedProductWrite> = {}): ImportedProductWrite {
  return {
    syncSource: 'shopify',
    syncSourceId: id,
    productName: `Shirt ${id}`,
    description: 'Cotton',
    productType: 'Shirts',
    vendor: 'Acme',
    productStatus: 'ACTIVE',
    tags: ['summer', 'cotton'],
    productUrl: `https://shop.example/products/${id}`,
    variants: [
      { title: 'S / Red', sku: `SKU-${id}-S`, price: '19.99', currency: 'EUR', optionValues: [{ name: 'Size', value: 'S' }, { name: 'Color', value: 'Red' }], inventory: { totalCount: 5 }, weight: { value: 0.2, unit: 'kg' } },
      // Option names are case-insensitive; a price may be a number; no currency: the org's.
      { title: 'M / Red', sku: `SKU-${id}-M`, price: 21, optionValues: [{ name: 'size', value: 'M' }, { name: 'Color', value: 'Red' }], inventory: { totalCount: 0 }, weight: { value: 7, unit: 'oz' } },
      // No SKU: recognised by its option values.
      { title: 'L / Red', sku: null, price: null, optionValues: [{ name: 'Size', value: 'L' }, { name: 'Color', value: 'Red' }], inventory: { totalCount: 1 }, weight: null },
    ],
    mediaAssets: [
      { url: `https://cdn.example/${id}/1.jpg`, altText: 'front', type: 'image' },
      { url: `https://cdn.example/${id}/2.jpg`, altText: null, type: 'image' },
    ],
    ...over,
  };
}

@Module({
  imports: [
    ClsModule.forRoot({ global: true }),
    TenancyModule.forRoot({}),
    ProductsModule,
  ],
})
class ProductsTestModule {}

describe('ProductImportWriter (Postgres)', () => {
  let db: TestDatabase;
  let app: INestApplicationContext;
  let ds: DataSource;
  let writer: ProductImportWriter;
  let products: ProductsService;
  let context: TenantContext;
  let a: TenantScope;
  let b: TenantScope;
  let other: TenantScope;

  const as = <T>(scope: TenantScope, fn: () => Promise<T>) => context.run(scope, fn);
  const rows = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await ds.query(sql, params)) as T[];
  const productOf = async (scope: TenantScope, syncSourceId: string) =>
    (
      await rows<{ id: string; revision: number; product_status: string; document: string | null; live: string; updated_at: Date }>(
        `SELECT p.id, p.revision, p.product_status, p.document, ${productDocumentSql()} AS live, p.updated_at
         FROM products p WHERE p.org_id = $1 AND p.sync_source = 'shopify' AND p.sync_source_id = $2`,
        [scope.orgId, syncSourceId],
      )
    )[0];
  const variantsOf = (productId: string) =>
    rows<{ id: string; sku: string | null; price: string | null; currency: string; option_values: unknown; product_archived: boolean }>(
      `SELECT id, sku, price, currency, option_values, product_archived FROM product_variants WHERE product_id = $1 ORDER BY position`,
      [productId],
    );
  const outboxOf = (productId: string) =>
    rows<{ revision: number; kind: string }>(`SELECT revision, kind FROM product_outbox WHERE product_id = $1 ORDER BY id`, [productId]);

  beforeAll(async () => {
    db = await createTestDatabase('sb_import_writer');
    const entities = [...TENANCY_ENTITIES, ...PRODUCTS_ENTITIES];
    const migrator = new DataSource(createDataSourceOptions({ url: db.url, entities: [], migrations: [MIGRATIONS], poolSize: 1 }));
    await migrator.initialize();
    // The host's migration lock (apps/api/src/database/database.ts): on the embedded server every test file shares one database.
    await migrator.query('SELECT pg_advisory_lock(72531889004)');
    await migrator.runMigrations({ transaction: 'each' });
    await migrator.query('SELECT pg_advisory_unlock(72531889004)');
    await migrator.destroy();

    @Module({ imports: [TypeOrmModule.forRoot(createDataSourceOptions({ url: db.url, entities, migrations: [] })), ProductsTestModule] })
    class RootModule {}
    app = await NestFactory.createApplicationContext(RootModule, { logger: false });
    ds = app.get(DataSource);
    writer = app.get(ProductImportWriter);
    products = app.get(ProductsService);
    context = app.get(TenantContext);
    const tenancy = app.get(TenancyService);
    const t = await tenancy.createTenant('Acme');
    a = { tenantId: t.tenantId, orgId: t.orgId };
    const second = await tenancy.createOrg(t.tenantId, 'Second org');
    b = { tenantId: t.tenantId, orgId: second.orgId };
    const u = await tenancy.createTenant('Globex');
    other = { tenantId: u.tenantId, orgId: u.orgId };
    await ds.query(`UPDATE orgs SET default_currency = 'GBP' WHERE id = $1`, [a.orgId]);
  });

  // Whatever a test wrote, every stored document is exactly what Postgres builds from the stored rows.
  afterEach(async () => {
    const drifted = await rows<{ id: string; document: string | null; live: string }>(
      `SELECT p.id, p.document, ${productDocumentSql()} AS live FROM products p WHERE p.document IS DISTINCT FROM ${productDocumentSql()}`,
    );
    expect(drifted).toEqual([]);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('inserts a new page: products, variants, media, options, revision 1, one outbox row and the stored document each', async () => {
    const result = await as(a, () => writer.upsertPage([record('1'), record('2')]));
    expect(result.refused).toEqual([]);
    expect(result.written.map((w) => [w.syncSourceId, w.outcome])).toEqual([
      ['1', 'created'],
      ['2', 'created'],
    ]);
    const p1 = await productOf(a, '1');
    expect(p1.id).toBe(result.written[0].productId);
    expect(p1.revision).toBe(1);
    expect(await outboxOf(p1.id)).toEqual([{ revision: 1, kind: 'created' }]);
    // The stored document is what Postgres builds live for the row.
    expect(p1.document).not.toBeNull();
    expect(JSON.parse(p1.document as string)).toEqual(JSON.parse(p1.live));

    const view = await as(a, () => products.getUnified(p1.id));
    expect(view).toMatchObject({ productName: 'Shirt 1', tags: ['summer', 'cotton'], revision: 1, syncSource: 'shopify', syncSourceId: '1' });
    expect(view.variants.map((v) => [v.sku, v.price, v.currency, v.optionValues, v.inventory.totalCount])).toEqual([
      ['SKU-1-S', '19.99', 'EUR', [{ name: 'Size', value: 'S' }, { name: 'Color', value: 'Red' }], 5],
      ['SKU-1-M', '21.00', 'GBP', [{ name: 'Size', value: 'M' }, { name: 'Color', value: 'Red' }], 0],
      [null, null, 'GBP', [{ name: 'Size', value: 'L' }, { name: 'Color', value: 'Red' }], 1],
    ]);
    expect(view.variants[1].weight).toContainEqual({ value: 7, unit: 'oz' });
    expect(view.images.map((i) => [i.url, i.altText, i.position])).toEqual([
      ['https://cdn.example/1/1.jpg', 'front', 0],
      ['https://cdn.example/1/2.jpg', null, 1],
    ]);
    // One org option per name (first spelling), values in order, assigned to both products.
    const options = await rows<{ name: string; choices: string[]; assigned: number }>(
      `SELECT o.name, o.choices, (SELECT count(*)::int FROM product_variant_options a WHERE a.option_id = o.id) AS assigned
       FROM variant_options o WHERE o.org_id = $1 ORDER BY o.name`,
      [a.orgId],
    );
    expect(options).toEqual([
      { name: 'Color', choices: ['Red'], assigned: 2 },
      { name: 'Size', choices: ['S', 'M', 'L'], assigned: 2 },
    ]);
  });

  it('writes what the per-product upsert writes', async () => {
    const input = record('parity');
    const { product } = await as(b, () => products.upsertBySyncSource(input));
    await as(other, () => writer.upsertPage([input]));
    const strip = (doc: string) =>
      JSON.parse(doc, (k, v) => (['id', 'productId', 'createdTimestamp', 'updatedTimestamp'].includes(k) ? undefined : v));
    const viaService = (await productOf(b, 'parity')).document as string;
    const viaWriter = (await productOf(other, 'parity')).document as string;
    expect(product.id).toBe((await productOf(b, 'parity')).id);
    expect(strip(viaWriter)).toEqual(strip(viaService));
  });

  it('re-importing the same page writes nothing: no revision, no outbox row, same document', async () => {
    const before = await productOf(a, '1');
    const outbox = await rows(`SELECT count(*)::int AS n FROM product_outbox WHERE org_id = $1`, [a.orgId]);
    const result = await as(a, () => writer.upsertPage([record('1'), record('2')]));
    expect(result.written.map((w) => w.outcome)).toEqual(['unchanged', 'unchanged']);
    expect(result.written[0].productId).toBe(before.id);
    const after = await productOf(a, '1');
    expect([after.revision, after.updated_at, after.document]).toEqual([before.revision, before.updated_at, before.document]);
    expect(await rows(`SELECT count(*)::int AS n FROM product_outbox WHERE org_id = $1`, [a.orgId])).toEqual(outbox);
  });

  it('updates a changed product in place: same ids, revision + 1, one outbox row, document rewritten', async () => {
    const before = await productOf(a, '1');
    const variantsBefore = await variantsOf(before.id);
    const base = record('1');
    const changed = record('1', {
      productName: 'Shirt 1 (new)',
      variants: [
        { ...base.variants![0], price: '17.50' },
        base.variants![1],
        base.variants![2],
        { title: 'XL / Red', sku: 'SKU-1-XL', price: '25.00', optionValues: [{ name: 'SIZE', value: 'XL' }, { name: 'color', value: 'Red' }], inventory: { totalCount: 2 }, weight: null },
      ],
      mediaAssets: [base.mediaAssets![1], { url: 'https://cdn.example/1/3.jpg', altText: 'back' }],
    });
    const result = await as(a, () => writer.upsertPage([changed, record('2')]));
    expect(result.written.map((w) => [w.productId, w.outcome])).toEqual([
      [before.id, 'updated'],
      [expect.any(String), 'unchanged'],
    ]);
    const after = await productOf(a, '1');
    expect(after.revision).toBe(before.revision + 1);
    expect(await outboxOf(after.id)).toEqual([
      { revision: 1, kind: 'created' },
      { revision: 2, kind: 'updated' },
    ]);
    const variantsAfter = await variantsOf(after.id);
    // The three variants kept their ids (two by SKU, one by option values); one is new.
    expect(variantsAfter.slice(0, 3).map((v) => v.id)).toEqual(variantsBefore.map((v) => v.id));
    expect(variantsAfter.map((v) => [v.sku, v.price])).toEqual([
      ['SKU-1-S', '17.50'],
      ['SKU-1-M', '21.00'],
      [null, null],
      ['SKU-1-XL', '25.00'],
    ]);
    const doc = JSON.parse(after.document as string);
    expect(doc).toEqual(JSON.parse(after.live));
    expect(doc).toMatchObject({ productName: 'Shirt 1 (new)', revision: 2 });
    expect(doc.images.map((i: { url: string }) => i.url)).toEqual(['https://cdn.example/1/2.jpg', 'https://cdn.example/1/3.jpg']);
    const size = await rows<{ choices: string[] }>(`SELECT choices FROM variant_options WHERE org_id = $1 AND name = 'Size'`, [a.orgId]);
    expect(size).toEqual([{ choices: ['S', 'M', 'L', 'XL'] }]);
  });

  it('refuses only the records the catalog refuses: a SKU of another product, a SKU twice on the page, invalid data', async () => {
    await as(a, () => products.create({ productName: 'Manual', variants: [{ sku: 'TAKEN', price: '1.00' }] }));
    const page = [
      record('10', { variants: [{ sku: 'TAKEN', price: '2.00' }] }),
      record('11', { variants: [{ sku: 'SHARED', price: '2.00' }] }),
      record('12', { variants: [{ sku: 'SHARED', price: '2.00' }] }),
      record('13', { variants: [{ sku: 'P-13', price: '2.999' }] }),
      record('14', { variants: [{ sku: 'P-14', price: '1.00', currency: 'usd' }] }),
      record('15', { variants: [{ sku: 'P-15', weight: { value: 1, unit: 'stone' as 'kg' } }] }),
      record('16', { productUrl: 'ftp://nope' }),
      record('17', { mediaAssets: [{ url: 'not a url' }] }),
      record('18', { variants: [{ sku: 'P-18', optionValues: [{ name: 'Size', value: 'S' }, { name: 'SIZE', value: 'M' }] }] }),
      record('19', { productName: ' ' }),
      record('20', { variants: [{ sku: 'P-20', price: '3.00' }] }),
      // Postgres text cannot hold NUL, wherever it hides.
      record('21', { variants: [{ sku: 'P-21', optionValues: [{ name: 'Size', value: 'S\u0000' }] }] }),
      record('22', { tags: ['ok', 'n\u0000l'] }),
    ];
    const result = await as(a, () => writer.upsertPage(page));
    expect(result.written.map((w) => w.syncSourceId)).toEqual(['11', '20']);
    expect(result.refused.map((r) => [r.syncSourceId, r.error])).toEqual([
      ['13', 'validation_failed'],
      ['14', 'validation_failed'],
      ['15', 'validation_failed'],
      ['16', 'validation_failed'],
      ['17', 'validation_failed'],
      ['18', 'validation_failed'],
      ['19', 'validation_failed'],
      ['21', 'validation_failed'],
      ['22', 'validation_failed'],
      ['10', 'sku_conflict'],
      ['12', 'sku_conflict'],
    ]);
    expect(result.refused.find((r) => r.syncSourceId === '13')?.message).toMatch(/variants\[0\]\.price/);
    expect(await rows(`SELECT sync_source_id FROM products WHERE org_id = $1 AND sync_source_id = ANY($2)`, [a.orgId, ['10', '12', '13', '19']])).toEqual([]);
  });

  it('builds the document of what it writes with the timestamps the rows have: kept rows their stored ones, written rows now()', async () => {
    await as(a, () => writer.upsertPage([record('stamps')]));
    const before = await productOf(a, 'stamps');
    // As if imported a day ago.
    for (const table of ['products', 'product_variants', 'product_media_assets']) {
      const key = table === 'products' ? 'id' : 'product_id';
      await ds.query(`UPDATE ${table} SET created_at = created_at - interval '1 day', updated_at = updated_at - interval '1 day' WHERE ${key} = $1`, [before.id]);
    }
    await ds.query(`UPDATE products p SET document = ${productDocumentSql()} WHERE p.id = $1`, [before.id]);
    const base = record('stamps');
    const [s, m, l] = base.variants ?? [];
    // One variant changes (price given without cents), one keeps everything, one is new; one image changes, one is new.
    await as(a, () =>
      writer.upsertPage([
        record('stamps', {
          variants: [{ ...s, price: 18 }, m, l, { title: 'XL / Red', sku: 'SKU-stamps-XL', price: '25.5', optionValues: [{ name: 'Size', value: 'XL' }, { name: 'Color', value: 'Red' }], inventory: { totalCount: 2 }, weight: { value: 0.123456789, unit: 'lb' } }],
          mediaAssets: [...(base.mediaAssets ?? []).slice(0, 1), { url: 'https://cdn.example/stamps/3.jpg', altText: 'new', type: 'image' }],
        }),
      ]),
    );
    const after = await productOf(a, 'stamps');
    const doc = JSON.parse(after.document as string);
    const day = 24 * 3600;
    expect(doc.updatedTimestamp - doc.createdTimestamp).toBeGreaterThanOrEqual(day - 1);
    const byTitle = new Map(doc.variants.map((v: { title: string }) => [v.title, v]));
    const stamps = (title: string) => {
      const v = byTitle.get(title) as { createdTimestamp: number; updatedTimestamp: number };
      return v.updatedTimestamp - v.createdTimestamp;
    };
    expect(stamps('S / Red')).toBeGreaterThanOrEqual(day - 1);
    expect(stamps('M / Red')).toBeLessThanOrEqual(1);
    expect(stamps('XL / Red')).toBeLessThanOrEqual(1);
    expect((byTitle.get('S / Red') as { price: string }).price).toBe('18.00');
    expect(JSON.parse(after.document as string)).toEqual(JSON.parse(after.live));
  });

  it('a record that leaves variants and media out keeps the stored ones', async () => {
    const before = await productOf(a, '20');
    const variantsBefore = await variantsOf(before.id);
    const result = await as(a, () => writer.upsertPage([record('20', { productName: 'Renamed', variants: undefined, mediaAssets: undefined })]));
    expect(result.written.map((w) => w.outcome)).toEqual(['updated']);
    const after = await productOf(a, '20');
    expect(after.revision).toBe(before.revision + 1);
    expect(await variantsOf(after.id)).toEqual(variantsBefore);
    expect(JSON.parse(after.document as string)).toMatchObject({ productName: 'Renamed', images: JSON.parse(before.document as string).images });
  });

  it('a product that arrives archived is created archived, and its SKUs stay free for others', async () => {
    const result = await as(a, () =>
      writer.upsertPage([record('50', { productStatus: 'ARCHIVED', variants: [{ sku: 'ARCH-1', price: '1.00' }] }), record('51', { variants: [{ sku: 'ARCH-1' }] })]),
    );
    expect(result.refused).toEqual([]);
    const p50 = await productOf(a, '50');
    expect([p50.product_status, p50.revision]).toEqual(['ARCHIVED', 1]);
    expect(await outboxOf(p50.id)).toEqual([{ revision: 1, kind: 'created' }]);
    expect((await variantsOf(p50.id)).map((v) => [v.sku, v.product_archived])).toEqual([['ARCH-1', true]]);
    expect((await variantsOf((await productOf(a, '51')).id)).map((v) => [v.sku, v.product_archived])).toEqual([['ARCH-1', false]]);
  });

  it('a SKU freed on the same page (dropped or archived by its holder) can be taken by another record', async () => {
    await as(a, () => writer.upsertPage([record('30', { variants: [{ sku: 'MOVE-1' }] }), record('31', { variants: [{ sku: 'MOVE-2' }] })]));
    const result = await as(a, () =>
      writer.upsertPage([
        record('32', { variants: [{ sku: 'MOVE-1' }, { sku: 'MOVE-2' }] }),
        record('30', { variants: [{ sku: 'OTHER-30' }] }),
        record('31', { productStatus: 'ARCHIVED', variants: [{ sku: 'MOVE-2' }] }),
      ]),
    );
    expect(result.refused).toEqual([]);
    expect(result.written.map((w) => [w.syncSourceId, w.outcome])).toEqual([
      ['32', 'created'],
      ['30', 'updated'],
      ['31', 'updated'],
    ]);
    const p31 = await productOf(a, '31');
    expect(p31.product_status).toBe('ARCHIVED');
    expect((await outboxOf(p31.id)).at(-1)).toEqual({ revision: 2, kind: 'archived' });
  });

  it('a product written by someone else between the read and the write: the page is read and written again', async () => {
    const before = await productOf(a, '20');
    type Read = (...args: unknown[]) => Promise<unknown>;
    const read = jest.spyOn(writer as unknown as { read: Read }, 'read');
    const original = (ProductImportWriter.prototype as unknown as { read: Read }).read;
    let reads = 0;
    read.mockImplementation(async function (this: ProductImportWriter, ...args: unknown[]) {
      const state = await original.apply(this, args);
      if (reads++ === 0) await as(a, () => products.patch(before.id, { vendor: 'Edited meanwhile' }));
      return state;
    });
    try {
      const result = await as(a, () => writer.upsertPage([record('20', { productName: 'Imported after the edit', variants: [{ sku: 'P-20', price: '3.00' }] })]));
      expect(result.written.map((w) => w.outcome)).toEqual(['updated']);
    } finally {
      read.mockRestore();
    }
    expect(reads).toBe(2);
    const after = await productOf(a, '20');
    // The edit (revision + 1) and then the import (+ 1), each with its outbox row.
    expect(after.revision).toBe(before.revision + 2);
    expect((await outboxOf(after.id)).slice(-2).map((o) => o.revision)).toEqual([before.revision + 1, before.revision + 2]);
    expect(JSON.parse(after.document as string)).toMatchObject({ productName: 'Imported after the edit', vendor: 'Acme' });
  });

  it('keeps orgs apart: the same syncSourceId in two orgs is two products, and one org never writes the other', async () => {
    const inB = await as(b, () => writer.upsertPage([record('1', { productName: 'Org B shirt' })]));
    const pa = await productOf(a, '1');
    const pb = await productOf(b, '1');
    expect(inB.written[0]).toMatchObject({ productId: pb.id, outcome: 'created' });
    expect(pb.id).not.toBe(pa.id);
    // The same SKUs are free in another org.
    expect(inB.refused).toEqual([]);
    expect((await productOf(a, '1')).revision).toBe(pa.revision);
    // Archiving another org's product id does nothing.
    expect(await as(b, () => writer.archive([pa.id]))).toEqual([]);
    expect((await productOf(a, '1')).product_status).toBe('ACTIVE');
    expect(await rows(`SELECT name FROM variant_options WHERE org_id = $1 ORDER BY name`, [b.orgId])).toEqual([
      { name: 'Color' },
      { name: 'Size' },
    ]);
  });

  it('concurrent pages that create the same option both succeed', async () => {
    const page = (from: number, value: string) =>
      Array.from({ length: 5 }, (_, i) =>
        record(`m${from + i}`, { variants: [{ sku: `MAT-${from + i}`, optionValues: [{ name: 'Material', value }, { name: 'Fit', value: 'Slim' }] }] }),
      );
    const results = await Promise.all([as(a, () => writer.upsertPage(page(100, 'Wool'))), as(a, () => writer.upsertPage(page(200, 'Linen')))]);
    expect(results.flatMap((r) => r.refused)).toEqual([]);
    expect(results.flatMap((r) => r.written)).toHaveLength(10);
    const material = await rows<{ choices: string[]; assigned: number }>(
      `SELECT o.choices, (SELECT count(*)::int FROM product_variant_options a WHERE a.option_id = o.id) AS assigned
       FROM variant_options o WHERE o.org_id = $1 AND lower(o.name) = 'material'`,
      [a.orgId],
    );
    expect(material).toHaveLength(1);
    expect([...material[0].choices].sort()).toEqual(['Linen', 'Wool']);
    expect(material[0].assigned).toBe(10);
  });

  it('archives a set in one go: status, revision + 1, outbox row, document; SKUs become free', async () => {
    const p2 = await productOf(a, '2');
    const already = await productOf(a, '31');
    const archived = await as(a, () => writer.archive([p2.id, already.id, '00000000-0000-4000-8000-000000000000']));
    expect(archived).toEqual([p2.id]);
    const after = await productOf(a, '2');
    expect([after.product_status, after.revision]).toEqual(['ARCHIVED', p2.revision + 1]);
    expect((await outboxOf(p2.id)).at(-1)).toEqual({ revision: p2.revision + 1, kind: 'archived' });
    expect(JSON.parse(after.document as string)).toEqual(JSON.parse(after.live));
    expect((await variantsOf(p2.id)).every((v) => v.product_archived)).toBe(true);
    expect((await productOf(a, '31')).revision).toBe(already.revision);
    const taken = await as(a, () => writer.upsertPage([record('40', { variants: [{ sku: 'SKU-2-S' }] })]));
    expect(taken.refused).toEqual([]);
  });

  it('restoring an archived product needs its SKUs free, and is a "restored" change', async () => {
    // SKU-2-S went to product 40 while product 2 was archived.
    const refused = await as(a, () => writer.upsertPage([record('2')]));
    expect(refused.refused.map((r) => [r.syncSourceId, r.error])).toEqual([['2', 'sku_conflict']]);
    expect((await productOf(a, '2')).product_status).toBe('ARCHIVED');

    const base = record('2');
    const result = await as(a, () => writer.upsertPage([record('2', { variants: base.variants!.slice(1) })]));
    expect(result.refused).toEqual([]);
    expect(result.written[0].outcome).toBe('updated');
    const p2 = await productOf(a, '2');
    expect(p2.product_status).toBe('ACTIVE');
    expect((await outboxOf(p2.id)).at(-1)).toEqual({ revision: p2.revision, kind: 'restored' });
    expect((await variantsOf(p2.id)).map((v) => [v.sku, v.product_archived])).toEqual([
      ['SKU-2-M', false],
      [null, false],
    ]);
  });

  it('the schema keeps a product\'s rows in its tenant and org, and removes them with the org', async () => {
    const tenancy = app.get(TenancyService);
    const gone = await tenancy.createOrg(a.tenantId, 'Short-lived org');
    const scope = { tenantId: a.tenantId, orgId: gone.orgId };
    await as(scope, () => writer.upsertPage([record('scoped')]));
    const p = await productOf(scope, 'scoped');
    const [option] = await rows<{ option_id: string }>(`SELECT option_id FROM product_variant_options WHERE product_id = $1 LIMIT 1`, [p.id]);
    // A variant, media asset or option assignment naming the product under another org (or tenant) is refused.
    for (const [tenantId, orgId] of [[a.tenantId, a.orgId], [other.tenantId, other.orgId]]) {
      await expect(
        ds.query(`INSERT INTO product_variants (tenant_id, org_id, product_id, currency) VALUES ($1, $2, $3, 'EUR')`, [tenantId, orgId, p.id]),
      ).rejects.toMatchObject({ driverError: { code: '23503' } });
      await expect(
        ds.query(`INSERT INTO product_media_assets (tenant_id, org_id, product_id, url) VALUES ($1, $2, $3, 'https://cdn.example/x.jpg')`, [tenantId, orgId, p.id]),
      ).rejects.toMatchObject({ driverError: { code: '23503' } });
    }
    // An option of one org cannot be assigned to a product of another.
    await as(a, () => writer.upsertPage([record('scoped-a')]));
    const pa = await productOf(a, 'scoped-a');
    await expect(
      ds.query(`INSERT INTO product_variant_options (tenant_id, org_id, product_id, option_id) VALUES ($1, $2, $3, $4)`, [a.tenantId, a.orgId, pa.id, option.option_id]),
    ).rejects.toMatchObject({ driverError: { code: '23503' } });
    // Deleting the org removes its products and every row under them.
    await ds.query(`DELETE FROM orgs WHERE id = $1`, [gone.orgId]);
    const [left] = await rows<{ n: number }>(
      `SELECT (SELECT count(*) FROM products WHERE org_id = $1) + (SELECT count(*) FROM product_variants WHERE org_id = $1)
        + (SELECT count(*) FROM product_media_assets WHERE org_id = $1) + (SELECT count(*) FROM product_variant_options WHERE org_id = $1)
        + (SELECT count(*) FROM variant_options WHERE org_id = $1) AS n`,
      [gone.orgId],
    );
    expect(Number(left.n)).toBe(0);
  });

  it('uses the same number of statements for a page of 2 and a page of 40', async () => {
    const count = async (page: ImportedProductWrite[]) => {
      const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query');
      try {
        await as(a, () => writer.upsertPage(page));
        return spy.mock.calls.length;
      } finally {
        spy.mockRestore();
      }
    };
    const small = await count(Array.from({ length: 2 }, (_, i) => record(`s${i}`)));
    const large = await count(Array.from({ length: 40 }, (_, i) => record(`l${i}`)));
    expect(large).toBe(small);
    // Read, begin, options, SKU-freeing writes, the other writes (with the documents), commit.
    expect(small).toBeLessThanOrEqual(6);
    // An unchanged page is its read alone: no transaction, no lock.
    expect(await count(Array.from({ length: 40 }, (_, i) => record(`l${i}`)))).toBe(1);
  });
});
