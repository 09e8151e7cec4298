import { DataSource } from 'typeorm';
import { ProductsService } from '@storebridge/catalog';
import { TenantContext } from '@storebridge/tenancy';
import { startTestAppWithTwoTenants, type TestApp, type TestTenant } from '../support/test-app';

const MISSING = '00000000-0000-4000-8000-000000000000';

describe('products: variant options, variants, media assets', () => {
  let t: TestApp;
  let a: TestTenant;
  let b: TestTenant;
  let productId: string;
  let sizeId: string;
  let colorId: string;

  beforeAll(async () => {
    ({ t, a, b } = await startTestAppWithTwoTenants());
    productId = (await t.http.post('/api/v1/products').set(a.headers).send({ productName: 'Tee' }).expect(201)).body.product.id;
  });
  afterAll(() => t.close());

  const kinds = async (id: string): Promise<string[]> =>
    (await t.started.app.get(DataSource).query(`SELECT kind FROM product_outbox WHERE product_id = $1 ORDER BY id`, [id])).map(
      (r: { kind: string }) => r.kind,
    );

  describe('variant options', () => {
    it('defines org options (201), lists them, refuses duplicates (409) and bad bodies (400)', async () => {
      const size = await t.http.post('/api/v1/variant-options').set(a.headers).send({ name: 'Size', values: ['S', 'M', 'L'] }).expect(201);
      expect(size.body.variantOption).toEqual({
        id: expect.any(String),
        name: 'Size',
        values: ['S', 'M', 'L'],
        createdTimestamp: expect.any(Number),
        updatedTimestamp: expect.any(Number),
      });
      sizeId = size.body.variantOption.id;
      colorId = (await t.http.post('/api/v1/variant-options').set(a.headers).send({ name: 'Color', values: ['Red'] }).expect(201)).body.variantOption.id;
      const dup = await t.http.post('/api/v1/variant-options').set(a.headers).send({ name: 'size', values: [] }).expect(409);
      expect(dup.body.error).toBe('option_exists');
      await t.http.post('/api/v1/variant-options').set(a.headers).send({ name: 'X', values: ['a', 'a'] }).expect(400);
      await t.http.post('/api/v1/variant-options').set(a.headers).send({ name: 'X', values: [], extra: 1 }).expect(400);
      const list = await t.http.get('/api/v1/variant-options').set(a.headers).expect(200);
      expect(list.body.variantOptions.map((o: { name: string }) => o.name)).toEqual(['Size', 'Color']);
      expect((await t.http.get('/api/v1/variant-options').set(b.headers).expect(200)).body.variantOptions).toEqual([]);
    });

    it('assigns options to a product; another tenant cannot assign or see them', async () => {
      const res = await t.http.post(`/api/v1/products/${productId}/variant-options`).set(a.headers).send({ optionIds: [sizeId, colorId] }).expect(201);
      expect(res.body.variantOptions.map((o: { name: string; position: number }) => [o.name, o.position])).toEqual([
        ['Size', 0],
        ['Color', 1],
      ]);
      // Assigning again keeps what is there.
      await t.http.post(`/api/v1/products/${productId}/variant-options`).set(a.headers).send({ optionIds: [sizeId] }).expect(201);
      const got = await t.http.get(`/api/v1/products/${productId}/variant-options`).set(a.headers).expect(200);
      expect(got.body.variantOptions).toHaveLength(2);
      const nf = await t.http.post(`/api/v1/products/${productId}/variant-options`).set(a.headers).send({ optionIds: [MISSING] }).expect(404);
      expect(nf.body.error).toBe('option_not_found');
      await t.http.post(`/api/v1/products/${productId}/variant-options`).set(a.headers).send({ optionIds: ['nope'] }).expect(400);
      await t.http.get(`/api/v1/products/${productId}/variant-options`).set(b.headers).expect(404);
      // B's product cannot take A's option.
      const bProduct = (await t.http.post('/api/v1/products').set(b.headers).send({ productName: 'B' }).expect(201)).body.product.id;
      await t.http.post(`/api/v1/products/${bProduct}/variant-options`).set(b.headers).send({ optionIds: [sizeId] }).expect(404);
      await t.http.post(`/api/v1/products/${productId}/variant-options`).set(b.headers).send({ optionIds: [sizeId] }).expect(404);
    });
  });

  describe('variants', () => {
    let variantId: string;

    it('creates a variant (201) with the org currency, option values of assigned options, inventory and weight', async () => {
      const res = await t.http
        .post(`/api/v1/products/${productId}/variants`)
        .set(a.headers)
        .send({ sku: 'TEE-M-RED', price: '19.9', optionValues: [{ name: 'Size', value: 'M' }, { name: 'Color', value: 'Red' }], inventory: { totalCount: 5 }, weight: { value: 200, unit: 'g' } })
        .expect(201);
      expect(res.body.variant).toMatchObject({
        productId,
        remoteId: null,
        title: 'M / Red',
        sku: 'TEE-M-RED',
        price: '19.90',
        currency: 'USD',
        inventory: { totalCount: 5 },
        position: 0,
      });
      expect(res.body.variant.weight.find((w: { unit: string }) => w.unit === 'kg').value).toBe(0.2);
      variantId = res.body.variant.id;
      const second = await t.http.post(`/api/v1/products/${productId}/variants`).set(a.headers).send({ sku: 'TEE-L', price: 21, currency: 'EUR' }).expect(201);
      expect(second.body.variant).toMatchObject({ position: 1, currency: 'EUR', title: 'Default Title', price: '21.00' });
    });

    it('refuses option names not assigned, bad fields (400) and duplicate SKUs (409)', async () => {
      const url = `/api/v1/products/${productId}/variants`;
      const unknown = await t.http.post(url).set(a.headers).send({ optionValues: [{ name: 'Material', value: 'Cotton' }] }).expect(400);
      expect(unknown.body.details[0].field).toBe('variant.optionValues[0].name');
      for (const [body, field] of [
        [{ price: 'ten' }, 'price'],
        [{ currency: 'usd' }, 'currency'],
        [{ weight: { value: 1, unit: 'st' } }, 'weight.unit'],
        [{ weight: { value: -1, unit: 'kg' } }, 'weight.value'],
        [{ inventory: { totalCount: 1.5 } }, 'inventory.totalCount'],
        [{ id: MISSING }, 'id'],
      ] as const) {
        const res = await t.http.post(url).set(a.headers).send(body).expect(400);
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      }
      const dup = await t.http.post(url).set(a.headers).send({ sku: 'TEE-M-RED' }).expect(409);
      expect(dup.body).toMatchObject({ error: 'sku_conflict', details: { sku: 'TEE-M-RED' } });
      await t.http.post(`/api/v1/products/${MISSING}/variants`).set(a.headers).send({ sku: 'Z' }).expect(404);
    });

    it('lists, updates (fields given) and deletes variants; every write bumps the revision', async () => {
      const before = (await t.http.get(`/api/v1/products/${productId}`).set(a.headers).expect(200)).body.product.revision;
      const list = await t.http.get(`/api/v1/products/${productId}/variants`).set(a.headers).expect(200);
      expect(list.body.variants.map((v: { sku: string }) => v.sku)).toEqual(['TEE-M-RED', 'TEE-L']);
      const upd = await t.http.put(`/api/v1/products/${productId}/variants/${variantId}`).set(a.headers).send({ price: 18, inventory: { totalCount: 0 } }).expect(200);
      expect(upd.body.variant).toMatchObject({ id: variantId, price: '18.00', sku: 'TEE-M-RED', inventory: { totalCount: 0 }, title: 'M / Red' });
      const clash = await t.http.put(`/api/v1/products/${productId}/variants/${variantId}`).set(a.headers).send({ sku: 'TEE-L' }).expect(409);
      expect(clash.body.error).toBe('sku_conflict');
      // Keeping its own SKU is no conflict.
      await t.http.put(`/api/v1/products/${productId}/variants/${variantId}`).set(a.headers).send({ sku: 'TEE-M-RED' }).expect(200);
      await t.http.put(`/api/v1/products/${productId}/variants/${MISSING}`).set(a.headers).send({ price: 1 }).expect(404);
      await t.http.put(`/api/v1/products/${productId}/variants/${variantId}`).set(b.headers).send({ price: 1 }).expect(404);
      const after = (await t.http.get(`/api/v1/products/${productId}`).set(a.headers).expect(200)).body.product.revision;
      expect(after).toBe(before + 2);
      const extra = (await t.http.post(`/api/v1/products/${productId}/variants`).set(a.headers).send({ sku: 'TEE-TMP' }).expect(201)).body.variant.id;
      await t.http.delete(`/api/v1/products/${productId}/variants/${extra}`).set(b.headers).expect(404);
      await t.http.delete(`/api/v1/products/${productId}/variants/${extra}`).set(a.headers).expect(204);
      await t.http.delete(`/api/v1/products/${productId}/variants/${extra}`).set(a.headers).expect(404);
      await t.http.get(`/api/v1/products/${productId}/variants`).set(b.headers).expect(404);
      expect(await kinds(productId)).toEqual(expect.arrayContaining(['variant_created', 'variant_updated', 'variant_deleted', 'options_assigned']));
    });

    it('removing an option that variants use is 409 "Cannot remove: variants exist"; unused ones go (204)', async () => {
      const res = await t.http.delete(`/api/v1/products/${productId}/variant-options/${sizeId}`).set(a.headers).expect(409);
      expect(res.body).toMatchObject({ error: 'option_in_use', message: 'Cannot remove: variants exist' });
      await t.http.delete(`/api/v1/products/${productId}/variant-options/${sizeId}`).set(b.headers).expect(404);
      // Once no variant uses Size, it can go.
      await t.http.put(`/api/v1/products/${productId}/variants/${variantId}`).set(a.headers).send({ optionValues: [{ name: 'Color', value: 'Red' }] }).expect(200);
      await t.http.delete(`/api/v1/products/${productId}/variant-options/${sizeId}`).set(a.headers).expect(204);
      await t.http.delete(`/api/v1/products/${productId}/variant-options/${sizeId}`).set(a.headers).expect(404);
      const left = await t.http.get(`/api/v1/products/${productId}/variant-options`).set(a.headers).expect(200);
      expect(left.body.variantOptions.map((o: { name: string }) => o.name)).toEqual(['Color']);
      // A variant may no longer name Size.
      await t.http.put(`/api/v1/products/${productId}/variants/${variantId}`).set(a.headers).send({ optionValues: [{ name: 'Size', value: 'M' }] }).expect(400);
    });

    it('creates a product with optionIds and option-valued variants in one transaction; a failure leaves nothing', async () => {
      const ok = await t.http
        .post('/api/v1/products')
        .set(a.headers)
        .send({ productName: 'Polo', optionIds: [colorId], variants: [{ sku: 'POLO-R', optionValues: [{ name: 'Color', value: 'Red' }] }] })
        .expect(201);
      expect(ok.body.product.variants[0].optionValues).toEqual([{ name: 'Color', value: 'Red' }]);
      const count = async () => (await t.started.app.get(DataSource).query(`SELECT count(*)::int AS n FROM products WHERE org_id = $1`, [a.orgId]))[0].n;
      const n = await count();
      await t.http
        .post('/api/v1/products')
        .set(a.headers)
        .send({ productName: 'Broken', variants: [{ sku: 'OK-1' }, { sku: 'POLO-R' }] })
        .expect(409);
      expect(await count()).toBe(n);
    });
  });

  describe('media assets', () => {
    let ids: string[];

    it('adds (201), lists in position order, validates URL and type', async () => {
      const url = `/api/v1/products/${productId}/media-assets`;
      const one = await t.http.post(url).set(a.headers).send({ url: 'https://cdn.example.com/1.jpg', altText: 'one' }).expect(201);
      expect(one.body.mediaAsset).toEqual({ id: expect.any(String), remoteId: null, url: 'https://cdn.example.com/1.jpg', altText: 'one', type: 'image', position: 0 });
      await t.http.post(url).set(a.headers).send({ url: 'https://cdn.example.com/2.mp4', type: 'video' }).expect(201);
      // Inserted first.
      await t.http.post(url).set(a.headers).send({ url: 'http://cdn.example.com/0.jpg', position: 0 }).expect(201);
      const list = await t.http.get(url).set(a.headers).expect(200);
      expect(list.body.mediaAssets.map((m: { url: string; position: number }) => [m.url.split('/').pop(), m.position])).toEqual([
        ['0.jpg', 0],
        ['1.jpg', 1],
        ['2.mp4', 2],
      ]);
      ids = list.body.mediaAssets.map((m: { id: string }) => m.id);
      for (const body of [{ url: 'file:///etc/passwd' }, { url: 'not a url' }, { url: 'https://x.example.com/a', type: 'gif' }, {}]) {
        const res = await t.http.post(url).set(a.headers).send(body).expect(400);
        expect(res.body.error).toBe('validation_failed');
      }
      await t.http.get(url).set(b.headers).expect(404);
      await t.http.post(url).set(b.headers).send({ url: 'https://cdn.example.com/b.jpg' }).expect(404);
    });

    it('the product shows them as images', async () => {
      const res = await t.http.get(`/api/v1/products/${productId}`).set(a.headers).expect(200);
      expect(res.body.product.images.map((i: { id: string }) => i.id)).toEqual(ids);
    });

    it('reorders with exactly the product assets; anything else is 400', async () => {
      const url = `/api/v1/products/${productId}/media-assets/reorder`;
      const reversed = [...ids].reverse();
      const res = await t.http.put(url).set(a.headers).send({ assetIds: reversed }).expect(200);
      expect(res.body.mediaAssets.map((m: { id: string; position: number }) => [m.id, m.position])).toEqual(reversed.map((id, i) => [id, i]));
      const list = await t.http.get(`/api/v1/products/${productId}/media-assets`).set(a.headers).expect(200);
      expect(list.body.mediaAssets.map((m: { id: string }) => m.id)).toEqual(reversed);
      for (const assetIds of [reversed.slice(1), [...reversed, MISSING], [reversed[0], reversed[0], reversed[1]], []]) {
        const bad = await t.http.put(url).set(a.headers).send({ assetIds }).expect(400);
        expect(bad.body.error).toBe('invalid_reorder');
      }
      await t.http.put(url).set(a.headers).send({ assetIds: ['x'] }).expect(400);
      await t.http.put(url).set(b.headers).send({ assetIds: reversed }).expect(404);
      ids = reversed;
    });

    it('updates (fields given, position moves) and deletes (204) an asset', async () => {
      const url = `/api/v1/products/${productId}/media-assets`;
      const upd = await t.http.put(`${url}/${ids[2]}`).set(a.headers).send({ altText: 'moved', position: 0 }).expect(200);
      expect(upd.body.mediaAsset).toMatchObject({ id: ids[2], altText: 'moved', position: 0 });
      const list = await t.http.get(url).set(a.headers).expect(200);
      expect(list.body.mediaAssets.map((m: { id: string }) => m.id)).toEqual([ids[2], ids[0], ids[1]]);
      await t.http.put(`${url}/${ids[0]}`).set(a.headers).send({ url: 'gopher://x' }).expect(400);
      await t.http.put(`${url}/${MISSING}`).set(a.headers).send({ altText: 'x' }).expect(404);
      await t.http.put(`${url}/${ids[0]}`).set(b.headers).send({ altText: 'x' }).expect(404);
      await t.http.delete(`${url}/${ids[0]}`).set(b.headers).expect(404);
      await t.http.delete(`${url}/${ids[0]}`).set(a.headers).expect(204);
      const after = await t.http.get(url).set(a.headers).expect(200);
      expect(after.body.mediaAssets.map((m: { id: string; position: number }) => [m.id, m.position])).toEqual([
        [ids[2], 0],
        [ids[1], 1],
      ]);
      expect(await kinds(productId)).toEqual(expect.arrayContaining(['media_created', 'media_reordered', 'media_updated', 'media_deleted']));
    });
  });
  describe('service API for the import and push jobs', () => {
    it('upsertBySyncSource creates the options its variants name, then updates in place; getUnified gives the full shape', async () => {
      const products = t.started.app.get(ProductsService);
      const scope = { tenantId: a.tenantId, orgId: a.orgId };
      const input = {
        productName: 'Imported',
        syncSource: 'shopify',
        syncSourceId: 'gid-1',
        variants: [
          { sku: 'IMP-S', price: '10.00', optionValues: [{ name: 'size', value: 'S' }, { name: 'Fabric', value: 'Wool' }] },
          { sku: 'IMP-XL', price: 12, optionValues: [{ name: 'Size', value: 'XL' }] },
        ],
        mediaAssets: [{ url: 'https://cdn.example.com/imp.jpg' }],
      };
      const first = await t.started.app.get(TenantContext).run(scope, () => products.upsertBySyncSource(input));
      expect(first.created).toBe(true);
      // "size" matched the existing Size option (case-insensitively), XL was appended; Fabric was created.
      expect(first.product.variants.map((v) => v.optionValues)).toEqual([
        [{ name: 'Size', value: 'S' }, { name: 'Fabric', value: 'Wool' }],
        [{ name: 'Size', value: 'XL' }],
      ]);
      const options = await t.http.get('/api/v1/variant-options').set(a.headers).expect(200);
      expect(options.body.variantOptions.find((o: { name: string }) => o.name === 'Size').values).toEqual(['S', 'M', 'L', 'XL']);
      expect(options.body.variantOptions.map((o: { name: string }) => o.name)).toContain('Fabric');

      const second = await t.started.app
        .get(TenantContext)
        .run(scope, () => products.upsertBySyncSource({ ...input, variants: [input.variants[1]], mediaAssets: [] }));
      expect(second.created).toBe(false);
      expect(second.product.id).toBe(first.product.id);
      expect(second.product.variants.map((v) => v.id)).toEqual([first.product.variants[1].id]);
      expect(second.product.images).toEqual([]);

      const unified = await t.started.app.get(TenantContext).run(scope, () => products.getUnified(first.product.id));
      expect(unified).toMatchObject({ id: first.product.id, productName: 'Imported', remoteId: null, revision: 2, images: [] });
      expect(unified.variants).toHaveLength(1);
      // Tenant B's scope does not find it.
      await expect(
        t.started.app.get(TenantContext).run({ tenantId: b.tenantId, orgId: b.orgId }, () => products.getUnified(first.product.id)),
      ).rejects.toMatchObject({ status: 404, code: 'product_not_found' });
    });
  });
});
