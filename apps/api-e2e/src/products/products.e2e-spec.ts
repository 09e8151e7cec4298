import { DataSource } from 'typeorm';
import { startTestAppWithTwoTenants, type TestApp, type TestTenant } from '../support/test-app';

const MISSING = '00000000-0000-4000-8000-000000000000';

describe('products: create, upsert, read, list, update, archive', () => {
  let t: TestApp;
  let a: TestTenant;
  let b: TestTenant;

  beforeAll(async () => {
    ({ t, a, b } = await startTestAppWithTwoTenants());
  });
  afterAll(() => t.close());

  const post = (tenant: TestTenant, body: object) => t.http.post('/api/v1/products').set(tenant.headers).send(body);
  const outbox = (productId: string) =>
    t.started.app
      .get(DataSource)
      .query(`SELECT revision, kind, tenant_id, org_id, processed_at FROM product_outbox WHERE product_id = $1 ORDER BY id`, [productId]);

  it('POST creates a product with nested variants and media in the unified shape (201)', async () => {
    const res = await post(a, {
      productName: 'New Hoodie',
      description: 'A cool hoodie to keep you warm',
      productStatus: 'ACTIVE',
      tags: ['Winter'],
      variants: [{ price: 40, sku: 'HOODIE-T', weight: { value: 25, unit: 'oz' } }],
      mediaAssets: [{ url: 'https://cdn.example.com/hoodie.jpg', altText: 'front' }],
    }).expect(201);
    const p = res.body.product;
    expect(p).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      remoteId: null,
      createdTimestamp: expect.any(Number),
      updatedTimestamp: expect.any(Number),
      productType: null,
      productName: 'New Hoodie',
      description: 'A cool hoodie to keep you warm',
      images: [{ id: expect.any(String), remoteId: null, url: 'https://cdn.example.com/hoodie.jpg', altText: 'front', type: 'image', position: 0 }],
      productStatus: 'ACTIVE',
      tags: ['Winter'],
      vendor: null,
      productUrl: null,
      syncSource: null,
      syncSourceId: null,
      revision: 1,
      variants: [
        {
          id: expect.any(String),
          remoteId: null,
          productId: p.id,
          createdTimestamp: expect.any(Number),
          updatedTimestamp: expect.any(Number),
          title: 'Default Title',
          price: '40.00',
          currency: 'USD',
          sku: 'HOODIE-T',
          optionValues: [],
          inventory: { totalCount: 0 },
          weight: expect.any(Array),
          position: 0,
        },
      ],
    });
    expect(Math.abs(p.createdTimestamp - Date.now() / 1000)).toBeLessThan(120);
    // 25 oz in all four units, exact to 4 decimals (1 oz = 28.349523125 g).
    const w = Object.fromEntries(p.variants[0].weight.map((x: { unit: string; value: number }) => [x.unit, x.value]));
    expect(Object.keys(w)).toEqual(['kg', 'g', 'oz', 'lb']);
    expect(w.oz).toBe(25);
    expect(w.g.toFixed(4)).toBe('708.7381');
    expect(w.kg.toFixed(4)).toBe('0.7087');
    expect(w.lb.toFixed(4)).toBe('1.5625');
    expect(await outbox(p.id)).toEqual([{ revision: 1, kind: 'created', tenant_id: a.tenantId, org_id: a.orgId, processed_at: null }]);
  });

  it('converts each weight unit exactly (4 decimals and beyond) and keeps the given one', async () => {
    // Expected values: exact decimal arithmetic (1 lb = 453.59237 g, 1 oz = 28.349523125 g), 12 places.
    const cases: Array<[number, string, Record<string, number>]> = [
      [1, 'lb', { kg: 0.45359237, g: 453.59237, oz: 16, lb: 1 }],
      [2.5, 'kg', { kg: 2.5, g: 2500, oz: 88.184904873951, lb: 5.511556554622 }],
      [100, 'g', { kg: 0.1, g: 100, oz: 3.527396194958, lb: 0.220462262185 }],
      [0.3, 'oz', { kg: 0.008504856938, g: 8.5048569375, oz: 0.3, lb: 0.01875 }],
    ];
    const res = await post(a, {
      productName: 'Weights',
      variants: cases.map(([value, unit], i) => ({ sku: `W-${i}`, weight: { value, unit } })),
    }).expect(201);
    res.body.product.variants.forEach((v: { weight: Array<{ unit: string; value: number }> }, i: number) => {
      const [value, unit, expected] = cases[i];
      expect(v.weight.map((x) => x.unit)).toEqual(['kg', 'g', 'oz', 'lb']);
      for (const x of v.weight) {
        expect(x.value).toBeCloseTo(expected[x.unit], 4);
        expect(x.value).toBe(expected[x.unit]);
      }
      expect(v.weight.find((x) => x.unit === unit)?.value).toBe(value);
    });
  });

  it('upsert by syncSource + syncSourceId twice gives one product (201 then 200), revision bumps', async () => {
    const body = { productName: 'Shirt', syncSource: 'shopify', syncSourceId: '123', variants: [{ sku: 'SHIRT-1', price: '25' }] };
    const first = await post(a, body).expect(201);
    const second = await post(a, { ...body, productName: 'Shirt v2', variants: [{ sku: 'SHIRT-1', price: '26.5' }] }).expect(200);
    expect(second.body.product.id).toBe(first.body.product.id);
    expect(second.body.product.productName).toBe('Shirt v2');
    expect(second.body.product.revision).toBe(2);
    // The variant matched by SKU keeps its id.
    expect(second.body.product.variants).toHaveLength(1);
    expect(second.body.product.variants[0].id).toBe(first.body.product.variants[0].id);
    expect(second.body.product.variants[0].price).toBe('26.50');

    const found = await t.http.get('/api/v1/products/search').query({ syncSource: 'shopify', syncSourceId: '123' }).set(a.headers).expect(200);
    expect(found.body.products.map((p: { id: string }) => p.id)).toEqual([first.body.product.id]);
    const list = await t.http.get('/api/v1/products').query({ filter: 'syncSource:EQ:shopify' }).set(a.headers).expect(200);
    expect(list.body.products).toHaveLength(1);
    expect((await outbox(first.body.product.id)).map((r: { kind: string; revision: number }) => [r.kind, r.revision])).toEqual([
      ['created', 1],
      ['updated', 2],
    ]);

    // Another tenant with the same pair gets a product of its own, and does not see A's.
    const other = await post(b, body).expect(201);
    expect(other.body.product.id).not.toBe(first.body.product.id);
    const none = await t.http.get('/api/v1/products/search').query({ syncSource: 'shopify', syncSourceId: 'nope' }).set(a.headers).expect(200);
    expect(none.body.products).toEqual([]);
  });

  it('concurrent first upserts of one pair still give one product', async () => {
    const body = { productName: 'Race', syncSource: 'woo', syncSourceId: 'r1' };
    const results = await Promise.all([post(a, body), post(a, body), post(a, body)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(results.map((r) => r.body.product.id)).size).toBe(1);
  });

  it('search needs both syncSource and syncSourceId (400)', async () => {
    const res = await t.http.get('/api/v1/products/search').query({ syncSource: 'shopify' }).set(a.headers).expect(400);
    expect(res.body.error).toBe('validation_failed');
    expect(res.body.message).toContain('syncSourceId');
    await t.http.get('/api/v1/products/search').set(a.headers).expect(400);
  });

  it('validates writes: unknown fields, bad price, currency, weight unit, URLs, sync pair → 400 naming the field', async () => {
    const bad = async (body: object, field: string) => {
      const res = await post(a, { productName: 'X', ...body }).expect(400);
      expect(res.body.error).toBe('validation_failed');
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    };
    await bad({ colour: 'red' }, 'colour');
    await bad({ variants: [{ price: '1.999' }] }, 'variants.0.price');
    await bad({ variants: [{ price: -1 }] }, 'variants.0.price');
    await bad({ variants: [{ currency: 'XYZ' }] }, 'variants.0.currency');
    await bad({ variants: [{ weight: { value: 1, unit: 'stone' } }] }, 'variants.0.weight.unit');
    await bad({ variants: [{ inventory: { totalCount: -1 } }] }, 'variants.0.inventory.totalCount');
    await bad({ variants: [{ sku: 'A', bogus: 1 }] }, 'variants.0.bogus');
    await bad({ mediaAssets: [{ url: 'ftp://example.com/a.jpg' }] }, 'mediaAssets.0.url');
    await bad({ productUrl: 'javascript:alert(1)' }, 'productUrl');
    await bad({ productStatus: 'GONE' }, 'productStatus');
    await bad({ syncSource: 'shopify' }, 'syncSourceId');
    const missing = await post(a, {}).expect(400);
    expect(missing.body.message).toContain('productName');
  });

  it('duplicate SKU → 409 sku_conflict naming it; archived products free their SKUs; restoring checks again', async () => {
    const first = await post(a, { productName: 'Mug', variants: [{ sku: 'MUG-1' }] }).expect(201);
    const dup = await post(a, { productName: 'Mug 2', variants: [{ sku: 'MUG-1' }] }).expect(409);
    expect(dup.body).toEqual({ error: 'sku_conflict', message: expect.stringContaining('MUG-1'), details: { sku: 'MUG-1' } });
    const twice = await post(a, { productName: 'Mug 3', variants: [{ sku: 'MUG-X' }, { sku: 'MUG-X' }] }).expect(409);
    expect(twice.body.details).toEqual({ sku: 'MUG-X' });
    // Another tenant may use the same SKU.
    await post(b, { productName: 'Mug', variants: [{ sku: 'MUG-1' }] }).expect(201);

    await t.http.delete(`/api/v1/products/${first.body.product.id}`).set(a.headers).expect(200);
    const reuse = await post(a, { productName: 'Mug new', variants: [{ sku: 'MUG-1' }] }).expect(201);
    const restore = await t.http.patch(`/api/v1/products/${first.body.product.id}`).set(a.headers).send({ productStatus: 'ACTIVE' }).expect(409);
    expect(restore.body.error).toBe('sku_conflict');
    await t.http.delete(`/api/v1/products/${reuse.body.product.id}`).set(a.headers).expect(200);
    const restored = await t.http.patch(`/api/v1/products/${first.body.product.id}`).set(a.headers).send({ productStatus: 'ACTIVE' }).expect(200);
    expect(restored.body.product.productStatus).toBe('ACTIVE');
    expect((await outbox(first.body.product.id)).map((r: { kind: string }) => r.kind)).toEqual(['created', 'archived', 'restored']);
  });

  it('GET by id: include defaults to mediaAssets; 404 product_not_found; another tenant gets 404; bad id 400', async () => {
    const created = await post(a, {
      productName: 'Lamp',
      variants: [{ sku: 'LAMP-1', price: 10 }],
      mediaAssets: [{ url: 'http://img.example.com/lamp.png' }],
    }).expect(201);
    const id = created.body.product.id;
    const plain = await t.http.get(`/api/v1/products/${id}`).set(a.headers).expect(200);
    expect(plain.body.product.images).toHaveLength(1);
    expect(plain.body.product).not.toHaveProperty('variants');
    const full = await t.http.get(`/api/v1/products/${id}`).query({ include: 'variants,mediaAssets' }).set(a.headers).expect(200);
    expect(full.body.product.variants).toHaveLength(1);
    const onlyVariants = await t.http.get(`/api/v1/products/${id}`).query({ include: 'variants' }).set(a.headers).expect(200);
    expect(onlyVariants.body.product).not.toHaveProperty('images');
    await t.http.get(`/api/v1/products/${id}`).query({ include: 'orders' }).set(a.headers).expect(400);

    const nf = await t.http.get(`/api/v1/products/${MISSING}`).set(a.headers).expect(404);
    expect(nf.body).toEqual({ error: 'product_not_found', message: 'Product not found' });
    const other = await t.http.get(`/api/v1/products/${id}`).set(b.headers).expect(404);
    expect(other.body.error).toBe('product_not_found');
    await t.http.put(`/api/v1/products/${id}`).set(b.headers).send({ productName: 'Stolen' }).expect(404);
    await t.http.patch(`/api/v1/products/${id}`).set(b.headers).send({ productName: 'Stolen' }).expect(404);
    await t.http.delete(`/api/v1/products/${id}`).set(b.headers).expect(404);
    await t.http.get('/api/v1/products/not-a-uuid').set(a.headers).expect(400);
    await t.http.get(`/api/v1/products/${id}`).expect(401);
  });

  it('PUT replaces the product fields, PATCH changes the ones given; each bumps the revision', async () => {
    const created = await post(a, {
      productName: 'Desk',
      description: 'Oak',
      vendor: 'Woody',
      productType: 'Furniture',
      tags: ['home'],
      productUrl: 'https://shop.example.com/desk',
    }).expect(201);
    const id = created.body.product.id;
    const put = await t.http.put(`/api/v1/products/${id}`).set(a.headers).send({ productName: 'Desk 2', vendor: 'Woody' }).expect(200);
    expect(put.body.product).toMatchObject({
      productName: 'Desk 2',
      vendor: 'Woody',
      description: null,
      productType: null,
      tags: [],
      productUrl: null,
      productStatus: 'ACTIVE',
      revision: 2,
    });
    const badPut = await t.http.put(`/api/v1/products/${id}`).set(a.headers).send({ vendor: 'x' }).expect(400);
    expect(badPut.body.message).toContain('productName');

    const patch = await t.http.patch(`/api/v1/products/${id}`).set(a.headers).send({ description: 'Walnut', productStatus: 'DRAFT' }).expect(200);
    expect(patch.body.product).toMatchObject({ productName: 'Desk 2', vendor: 'Woody', description: 'Walnut', productStatus: 'DRAFT', revision: 3 });
    await t.http.patch(`/api/v1/products/${id}`).set(a.headers).send({ productName: null }).expect(400);
    await t.http.patch(`/api/v1/products/${id}`).set(a.headers).send({ revision: 9 }).expect(400);
    expect((await outbox(id)).map((r: { kind: string; revision: number }) => `${r.kind}@${r.revision}`)).toEqual(['created@1', 'updated@2', 'updated@3']);
  });

  it('DELETE archives: hidden from the list, still readable by id, listed with productStatus=ARCHIVED', async () => {
    const created = await post(a, { productName: 'Old thing' }).expect(201);
    const id = created.body.product.id;
    const del = await t.http.delete(`/api/v1/products/${id}`).set(a.headers).expect(200);
    expect(del.body.product.productStatus).toBe('ARCHIVED');
    const got = await t.http.get(`/api/v1/products/${id}`).set(a.headers).expect(200);
    expect(got.body.product.productStatus).toBe('ARCHIVED');
    const all = await walk(a, {});
    expect(all.map((p) => p.id)).not.toContain(id);
    const archived = await walk(a, { productStatus: 'ARCHIVED' });
    expect(archived.map((p) => p.id)).toContain(id);
    expect(archived.every((p) => p.productStatus === 'ARCHIVED')).toBe(true);
    // Archiving again is a no-op.
    const again = await t.http.delete(`/api/v1/products/${id}`).set(a.headers).expect(200);
    expect(again.body.product.revision).toBe(del.body.product.revision);
  });

  async function walk(tenant: TestTenant, query: Record<string, string | number>, limit = 250): Promise<Array<Record<string, unknown>>> {
    const out: Array<Record<string, unknown>> = [];
    let cursor: string | undefined;
    for (;;) {
      const res = await t.http
        .get('/api/v1/products')
        .query({ ...query, limit, ...(cursor ? { cursor } : {}) })
        .set(tenant.headers)
        .expect(200);
      out.push(...res.body.products);
      if (!res.body.pageInfo.hasNext) {
        expect(res.body.pageInfo.nextCursor).toBeNull();
        return out;
      }
      cursor = res.body.pageInfo.nextCursor;
    }
  }

  describe('list filters', () => {
    let c: TestTenant;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      c = await t.createTenant('Filters');
      const mk = async (key: string, body: object) => {
        ids[key] = (await post(c, body).expect(201)).body.product.id;
      };
      await mk('shirt', { productName: 'Shirt', productType: 'Apparel', vendor: 'V1', tags: ['Fashion', 'Comfort'], description: 'A 100% cotton shirt', variants: [{ sku: 'F-SHIRT' }] });
      await mk('watch', { productName: 'Watch', productType: 'Accessory', vendor: 'V2', tags: ['Luxury'], description: 'Elegant watch', productStatus: 'DRAFT' });
      await mk('book', { productName: 'Book', productType: 'Book', vendor: 'V1', tags: ['Fiction'], description: 'Captivating novel', variants: [{ sku: 'F-BOOK' }] });
    });

    const names = async (query: Record<string, string | number>) =>
      (await walk(c, query)).map((p) => p.productName as string).sort();

    it('filters by productType, productStatus, vendor, tag, descriptionContains, sku', async () => {
      expect(await names({})).toEqual(['Book', 'Shirt', 'Watch']);
      expect(await names({ productType: 'Apparel' })).toEqual(['Shirt']);
      expect(await names({ productStatus: 'DRAFT' })).toEqual(['Watch']);
      expect(await names({ vendor: 'V1' })).toEqual(['Book', 'Shirt']);
      expect(await names({ tag: 'Luxury' })).toEqual(['Watch']);
      expect(await names({ descriptionContains: 'NOVEL' })).toEqual(['Book']);
      // LIKE wildcards in the text are literal.
      expect(await names({ descriptionContains: '100%' })).toEqual(['Shirt']);
      expect(await names({ descriptionContains: '_' })).toEqual([]);
      expect(await names({ sku: 'F-BOOK' })).toEqual(['Book']);
    });

    it('filters by createdTimestamp and updatedSince (unix seconds, at or after)', async () => {
      const future = Math.floor(Date.now() / 1000) + 3600;
      expect(await names({ createdTimestamp: 0 })).toEqual(['Book', 'Shirt', 'Watch']);
      expect(await names({ createdTimestamp: future })).toEqual([]);
      expect(await names({ updatedSince: future })).toEqual([]);
      expect(await names({ updatedSince: 0, vendor: 'V2' })).toEqual(['Watch']);
      await t.http.get('/api/v1/products').query({ createdTimestamp: 'yesterday' }).set(c.headers).expect(400);
    });

    it('takes the generic filter language over scalar fields', async () => {
      expect(await names({ filter: 'productType:IN:Book,Accessory' })).toEqual(['Book', 'Watch']);
      expect(await names({ filter: 'productName:EQ:Shirt' })).toEqual(['Shirt']);
      expect(await names({ filter: 'revision:GE:1' })).toEqual(['Book', 'Shirt', 'Watch']);
      expect(await names({ filter: 'createdTimestamp:GT:2000-01-01' })).toEqual(['Book', 'Shirt', 'Watch']);
      const multi = await t.http.get('/api/v1/products?filter=vendor:EQ:V1&filter=productType:EQ:Book').set(c.headers).expect(200);
      expect(multi.body.products.map((p: { productName: string }) => p.productName)).toEqual(['Book']);
      const bad = await t.http.get('/api/v1/products').query({ filter: 'colour:EQ:red' }).set(c.headers).expect(400);
      expect(bad.body.error).toBe('invalid_filter');
      expect(bad.body.message).toContain('colour');
      await t.http.get('/api/v1/products').query({ filter: 'productName:GT:a' }).set(c.headers).expect(400);
      await t.http.get('/api/v1/products').query({ filter: 'nonsense' }).set(c.headers).expect(400);
    });

    it('includes variants and media for a page on request; validates limit and cursor', async () => {
      const res = await t.http.get('/api/v1/products').query({ include: 'variants,mediaAssets', vendor: 'V1' }).set(c.headers).expect(200);
      for (const p of res.body.products) {
        expect(p.images).toEqual([]);
        expect(p.variants).toHaveLength(1);
      }
      const plain = await t.http.get('/api/v1/products').set(c.headers).expect(200);
      expect(plain.body.products[0]).not.toHaveProperty('variants');
      await t.http.get('/api/v1/products').query({ limit: 251 }).set(c.headers).expect(400);
      await t.http.get('/api/v1/products').query({ limit: 0 }).set(c.headers).expect(400);
      const cur = await t.http.get('/api/v1/products').query({ cursor: 'garbage' }).set(c.headers).expect(400);
      expect(cur.body.error).toBe('invalid_cursor');
    });

    it('a second tenant sees none of them', async () => {
      const theirs = await walk(b, {});
      expect(theirs.map((p) => p.id)).not.toEqual(expect.arrayContaining([ids.shirt]));
      expect(theirs.some((p) => Object.values(ids).includes(p.id as string))).toBe(false);
      const bySku = await walk(b, { sku: 'F-BOOK' });
      expect(bySku).toEqual([]);
    });
  });

  it('list pages (JSON built by Postgres) and GET by id (TypeScript mapper) give the same product', async () => {
    const d = await t.createTenant('Agree');
    const size = (await t.http.post('/api/v1/variant-options').set(d.headers).send({ name: 'Size', values: ['S'] }).expect(201)).body.variantOption.id;
    const created = await post(d, {
      productName: 'Same "quoted" \\ thing ✓',
      description: null,
      vendor: 'V',
      tags: ['a', 'b'],
      productUrl: 'https://shop.example.com/x',
      syncSource: 'etsy',
      syncSourceId: 'e-1',
      optionIds: [size],
      variants: [
        { sku: 'AG-1', price: '0.5', weight: { value: 25, unit: 'oz' }, optionValues: [{ name: 'Size', value: 'S' }], inventory: { totalCount: 7 } },
        { sku: 'AG-2', price: null, weight: { value: 1, unit: 'g' }, currency: 'JPY' },
        { sku: null, weight: { value: 0.123456789, unit: 'lb' } },
        { title: 'No weight' },
      ],
      mediaAssets: [{ url: 'https://cdn.example.com/b.jpg', altText: 'b' }, { url: 'https://cdn.example.com/v.mp4', type: 'video' }],
    }).expect(201);
    const id = created.body.product.id;
    const got = await t.http.get(`/api/v1/products/${id}`).query({ include: 'variants,mediaAssets' }).set(d.headers).expect(200);
    const listed = await t.http.get('/api/v1/products').query({ include: 'variants,mediaAssets' }).set(d.headers).expect(200);
    expect(listed.body.products).toEqual([got.body.product]);
    expect(created.body.product).toEqual(got.body.product);
    const slim = await t.http.get('/api/v1/products').set(d.headers).expect(200);
    const { variants: _v, images: _i, ...bare } = got.body.product;
    expect(slim.body.products).toEqual([bare]);

    // The stored document follows every kind of write...
    const v0 = got.body.product.variants[0].id;
    await t.http.put(`/api/v1/products/${id}/variants/${v0}`).set(d.headers).send({ price: 3, weight: { value: 2, unit: 'kg' } }).expect(200);
    const imgs = got.body.product.images.map((i: { id: string }) => i.id).reverse();
    await t.http.put(`/api/v1/products/${id}/media-assets/reorder`).set(d.headers).send({ assetIds: imgs }).expect(200);
    await t.http.patch(`/api/v1/products/${id}`).set(d.headers).send({ vendor: 'W' }).expect(200);
    const agree = async () => {
      const one = await t.http.get(`/api/v1/products/${id}`).query({ include: 'variants,mediaAssets' }).set(d.headers).expect(200);
      const page = await t.http.get('/api/v1/products').query({ include: 'variants,mediaAssets' }).set(d.headers).expect(200);
      expect(page.body.products).toEqual([one.body.product]);
      return one.body.product;
    };
    const now = await agree();
    expect(now).toMatchObject({ vendor: 'W', revision: 4 });
    expect(now.variants[0].price).toBe('3.00');
    // ...and a product without one (rows written by SQL) is built live, the same.
    await t.started.app.get(DataSource).query(`UPDATE products SET document = NULL WHERE id = $1`, [id]);
    expect(await agree()).toEqual(now);

    // A page mixing stored and live documents keeps its order; the body is UTF-8 JSON with an ETag, as Express sends text.
    const later = (await post(d, { productName: 'Later ✓', variants: [{ sku: 'AG-9' }] }).expect(201)).body.product;
    const both = await t.http.get('/api/v1/products').query({ include: 'variants,mediaAssets' }).set(d.headers).expect(200);
    expect(both.body.products).toEqual([now, later]);
    expect(both.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(both.headers.etag).toMatch(/^W\/"[0-9a-f]+-/);
    expect(Number(both.headers['content-length'])).toBe(Buffer.byteLength(both.text));
    const first = await t.http.get('/api/v1/products').query({ include: 'variants,mediaAssets', limit: 1 }).set(d.headers).expect(200);
    expect(first.body).toEqual({ products: [now], pageInfo: { hasNext: true, nextCursor: expect.any(String) } });
    await t.http.get('/api/v1/products').set(d.headers).set('If-None-Match', both.headers.etag).query({ include: 'variants,mediaAssets' }).expect(304);
  });

  it('pagination walks every product exactly once while products are inserted concurrently', async () => {
    const p = await t.createTenant('Pages');
    const ds = t.started.app.get(DataSource);
    // Seed 120 products directly; then walk in pages of 7 while the API inserts more.
    await ds.query(
      `INSERT INTO products (tenant_id, org_id, product_name) SELECT $1, $2, 'seed ' || g FROM generate_series(1, 120) g`,
      [p.tenantId, p.orgId],
    );
    const before: string[] = (await ds.query(`SELECT id FROM products WHERE org_id = $1`, [p.orgId])).map((r: { id: string }) => r.id);
    let inserting = true;
    const inserter = (async () => {
      let n = 0;
      while (inserting && n < 60) await post(p, { productName: `live ${n++}` }).expect(201);
      return n;
    })();
    const seen = await walk(p, {}, 7);
    inserting = false;
    const inserted = await inserter;
    const seenIds = seen.map((x) => x.id as string);
    expect(new Set(seenIds).size).toBe(seenIds.length);
    expect(seenIds).toEqual(expect.arrayContaining(before));
    expect(seenIds.length).toBeLessThanOrEqual(before.length + inserted);
    // A later walk sees everything.
    expect((await walk(p, {}, 50)).length).toBe(before.length + inserted);
  });
});
