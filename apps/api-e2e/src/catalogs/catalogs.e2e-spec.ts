import { DataSource } from 'typeorm';
import { startTestAppWithTwoTenants, type TestApp, type TestTenant } from '../support/test-app';

describe('catalogs: CRUD, items, filters', () => {
  let t: TestApp;
  let a: TestTenant;
  let b: TestTenant;

  beforeAll(async () => {
    ({ t, a, b } = await startTestAppWithTwoTenants());
  });
  afterAll(() => t.close());

  it('creates, reads, lists, updates and deletes a catalog; another tenant sees none of it', async () => {
    const created = await t.http
      .post('/api/v1/catalogs')
      .set(a.headers)
      .send({ name: 'Shoes', description: 'All shoes', attributes: [{ name: 'color', type: 'string' }, { name: 'size', type: 'number' }] })
      .expect(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      name: 'Shoes',
      description: 'All shoes',
      attributes: [{ name: 'color', type: 'string' }, { name: 'size', type: 'number' }],
      version: 0,
      itemCount: 0,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const id = created.body.id;
    expect((await t.http.get(`/api/v1/catalogs/${id}`).set(a.headers).expect(200)).body).toEqual(created.body);
    expect((await t.http.get('/api/v1/catalogs').set(a.headers).expect(200)).body.catalogs.map((c: { id: string }) => c.id)).toEqual([id]);
    expect((await t.http.get('/api/v1/catalogs').set(b.headers).expect(200)).body.catalogs).toEqual([]);

    const updated = await t.http
      .patch(`/api/v1/catalogs/${id}`)
      .set(a.headers)
      .send({ name: 'Footwear', attributes: [{ name: 'size', type: 'number' }, { name: 'releasedAt', type: 'time' }] })
      .expect(200);
    expect(updated.body).toMatchObject({
      name: 'Footwear',
      description: 'All shoes',
      attributes: [{ name: 'color', type: 'string' }, { name: 'size', type: 'number' }, { name: 'releasedAt', type: 'time' }],
    });
    const conflict = await t.http.patch(`/api/v1/catalogs/${id}`).set(a.headers).send({ attributes: [{ name: 'size', type: 'string' }] }).expect(409);
    expect(conflict.body.error).toBe('attribute_type_conflict');

    await t.http.delete(`/api/v1/catalogs/${id}`).set(b.headers).expect(404);
    await t.http.delete(`/api/v1/catalogs/${id}`).set(a.headers).expect(204);
    await t.http.get(`/api/v1/catalogs/${id}`).set(a.headers).expect(404);
    await t.http.get('/api/v1/catalogs/not-a-uuid').set(a.headers).expect(404);
  });

  it('rejects bad declarations: unknown type, reserved or unsafe names', async () => {
    await t.http.post('/api/v1/catalogs').set(a.headers).send({ name: 'x', attributes: [{ name: 'c', type: 'color' }] }).expect(400);
    await t.http.post('/api/v1/catalogs').set(a.headers).send({ name: 'x', attributes: [{ name: 'sku', type: 'string' }] }).expect(400);
    const res = await t.http.post('/api/v1/catalogs').set(a.headers).send({ name: 'x', attributes: [{ name: "a'b", type: 'number' }] }).expect(400);
    expect(res.body.error).toBe('validation_failed');
    await t.http.post('/api/v1/catalogs').set(a.headers).send({ name: 'x', extra: 1 }).expect(400);
  });

  it('lists items with filters on attributes, sku and price; answers times as ISO; one item by SKU', async () => {
    const { body: c } = await t.http
      .post('/api/v1/catalogs')
      .set(a.headers)
      .send({ name: 'Filtered', attributes: [{ name: 'color', type: 'string' }, { name: 'size', type: 'number' }, { name: 'releasedAt', type: 'time' }] })
      .expect(201);
    await t.http
      .put(`/v1/catalogs/${c.id}/sync`)
      .set(a.headers)
      .send({
        actions: [
          { type: 'ADD', payload: { sku: 'A1', price: 10, attributes: { color: 'red', size: 40, releasedAt: '2024-01-01T00:00:00Z' } } },
          { type: 'ADD', payload: { sku: 'A2', price: 20.5, attributes: { color: 'blue', size: 46, releasedAt: '2025-01-01T00:00:00Z' } } },
          { type: 'ADD', payload: { sku: 'B1', product: { name: 'Boot' }, attributes: { color: 'red', size: 47 } } },
        ],
      })
      .expect(200);
    const skus = async (query: Record<string, unknown>) =>
      (await t.http.get(`/api/v1/catalogs/${c.id}/items`).query(query).set(a.headers).expect(200)).body.items.map((i: { sku: string }) => i.sku);

    expect(await skus({ filter: 'color:EQ:red' })).toEqual(['A1', 'B1']);
    expect(await skus({ filter: ['color:EQ:red', 'size:GT:45'] })).toEqual(['B1']);
    expect(await skus({ filter: 'color:IN:blue,green' })).toEqual(['A2']);
    expect(await skus({ filter: 'releasedAt:GE:2024-06-01T00:00:00Z' })).toEqual(['A2']);
    expect(await skus({ filters: JSON.stringify([{ attr: 'price', op: 'GE', value: 20 }]) })).toEqual(['A2']);
    expect(await skus({ filter: 'sku:IN:A1,B1' })).toEqual(['A1', 'B1']);

    const bad = await t.http.get(`/api/v1/catalogs/${c.id}/items`).query({ filter: 'weight:EQ:1' }).set(a.headers).expect(400);
    expect(bad.body).toMatchObject({ error: 'invalid_filter', message: 'filters[0] (weight): unknown attribute "weight"' });
    await t.http.get(`/api/v1/catalogs/${c.id}/items`).query({ filters: '[oops' }).set(a.headers).expect(400);
    await t.http.get(`/api/v1/catalogs/${c.id}/items`).query({ limit: 1001 }).set(a.headers).expect(400);
    await t.http.get(`/api/v1/catalogs/${c.id}/items`).query({ cursor: 'garbage' }).set(a.headers).expect(400);

    const one = await t.http.get(`/api/v1/catalogs/${c.id}/items/A2`).set(a.headers).expect(200);
    expect(one.body).toEqual({
      id: expect.any(String),
      sku: 'A2',
      price: 20.5,
      product: null,
      attributes: { color: 'blue', size: 46, releasedAt: '2025-01-01T00:00:00.000Z' },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    await t.http.get(`/api/v1/catalogs/${c.id}/items/NOPE`).set(a.headers).expect(404);
  });

  it('pages a string EQ filter in SKU order; declaring a string attribute creates its ci_eq_ index', async () => {
    const { body: c } = await t.http
      .post('/api/v1/catalogs')
      .set(a.headers)
      .send({ name: 'Brands', attributes: [{ name: 'brandName', type: 'string' }, { name: 'onSale', type: 'boolean' }] })
      .expect(201);
    const indexes = await t.started.app
      .get(DataSource)
      .query(`SELECT indexname FROM pg_indexes WHERE tablename = 'catalog_items' AND indexname IN ('ci_eq_brandName', 'ci_eq_onSale')`);
    expect(indexes).toEqual([{ indexname: 'ci_eq_brandName' }]);

    // SKUs out of insertion order, two brands interleaved, and a number that must not equal the string "7".
    const actions = Array.from({ length: 23 }, (_, n) => ({
      type: 'ADD',
      payload: { sku: `S${String((n * 7) % 23).padStart(2, '0')}`, attributes: { brandName: n % 3 === 0 ? 'acme' : 'other', onSale: n % 2 === 0 } },
    }));
    await t.http.put(`/v1/catalogs/${c.id}/sync`).set(a.headers).send({ actions }).expect(200);
    const expected = actions
      .filter((x) => x.payload.attributes.brandName === 'acme')
      .map((x) => x.payload.sku)
      .sort();
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string | number> = { filter: 'brandName:EQ:acme', limit: 3, ...(cursor ? { cursor } : {}) };
      const { body } = await t.http.get(`/api/v1/catalogs/${c.id}/items`).query(query).set(a.headers).expect(200);
      walked.push(...body.items.map((i: { sku: string }) => i.sku));
      cursor = body.pageInfo.nextCursor;
    } while (cursor);
    expect(walked).toEqual(expected);
    const both = await t.http.get(`/api/v1/catalogs/${c.id}/items`).query({ filter: ['brandName:EQ:acme', 'onSale:EQ:true'] }).set(a.headers).expect(200);
    expect(both.body.items.map((i: { sku: string }) => i.sku)).toEqual(
      actions.filter((x) => x.payload.attributes.brandName === 'acme' && x.payload.attributes.onSale).map((x) => x.payload.sku).sort(),
    );
    expect((await t.http.get(`/api/v1/catalogs/${c.id}/items`).query({ filter: 'brandName:EQ:ACME' }).set(a.headers).expect(200)).body.items).toEqual([]);
  });
});
