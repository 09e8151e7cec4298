import { startTestAppWithTwoTenants, type TestApp, type TestTenant } from '../support/test-app';

// Payload examples of reference 004, verbatim.
const ADD_ONE = {
  actions: [
    {
      payload: {
        attributes: { color: 'Navy blue', type: 'shoes' },
        replaceIfExists: true,
        sku: 'SKU1241028',
        price: 100,
        product: { name: 'sneakers' },
      },
      type: 'ADD',
    },
  ],
};
const ADD_MANY = {
  actions: [
    {
      payload: {
        attributes: { color: 'Navy blue', type: 'shoes' },
        replaceIfExists: true,
        sku: 'SKU1241027',
        price: 100,
        product: { name: 'sneakers' },
      },
      type: 'ADD',
    },
    {
      payload: {
        attributes: { color: 'Navy blue', type: 'shoes' },
        replaceIfExists: true,
        sku: 'SKU1241028',
        price: 100,
        product: { name: 'sneakers' },
      },
      type: 'ADD',
    },
  ],
};
const PATCH_ONE = {
  actions: [
    {
      payload: {
        attributes: { age: 11, origin: 'germany' },
        createIfNotExists: false,
        sku: 'SKU1241028',
        product: { name: 'sneakers' },
      },
      type: 'PATCH',
    },
  ],
};
const PATCH_MANY = {
  actions: [{ payload: { attributes: { color: 'red' }, filters: [{ attr: 'color', op: 'EQ', value: 'blue' }] }, type: 'PATCH_MANY' }],
};
const REMOVE_ONE = { actions: [{ payload: { sku: 'SKU1241028' }, type: 'REMOVE' }] };
const REMOVE_MANY = { actions: [{ payload: { filters: [{ attr: 'color', op: 'EQ', value: 'blue' }] }, type: 'REMOVE_MANY' }] };
const REMOVE_ABOVE_45 = { actions: [{ payload: { filters: [{ attr: 'size', op: 'GT', value: '45' }] }, type: 'REMOVE_MANY' }] };

const ATTRIBUTES = [
  { name: 'color', type: 'string' },
  { name: 'type', type: 'string' },
  { name: 'age', type: 'number' },
  { name: 'origin', type: 'string' },
  { name: 'size', type: 'number' },
  { name: 'onSale', type: 'boolean' },
  { name: 'releasedAt', type: 'time' },
];

interface Item {
  sku: string;
  price: number | null;
  product: { name: string } | null;
  attributes: Record<string, unknown>;
}

describe('catalog sync (reference 004)', () => {
  let t: TestApp;
  let a: TestTenant;
  let b: TestTenant;

  beforeAll(async () => {
    ({ t, a, b } = await startTestAppWithTwoTenants());
  });
  afterAll(() => t.close());

  async function newCatalog(tenant = a): Promise<string> {
    const res = await t.http.post('/api/v1/catalogs').set(tenant.headers).send({ name: 'Shoes', attributes: ATTRIBUTES }).expect(201);
    return res.body.id;
  }
  const sync = (id: string, body: unknown, tenant = a, path = `/v1/catalogs/${id}/sync`) => t.http.put(path).set(tenant.headers).send(body as object);
  async function contents(id: string, tenant = a): Promise<Record<string, Item>> {
    const res = await t.http.get(`/api/v1/catalogs/${id}/items?limit=1000`).set(tenant.headers).expect(200);
    return Object.fromEntries(res.body.items.map((i: Item & { id: string; createdAt: string; updatedAt: string }) => [i.sku, { sku: i.sku, price: i.price, product: i.product, attributes: i.attributes }]));
  }
  async function catalog(id: string) {
    return (await t.http.get(`/api/v1/catalogs/${id}`).set(a.headers).expect(200)).body;
  }
  const item = (sku: string, attributes: Record<string, unknown>, price: number | null = null, product: string | null = null): Item => ({
    sku,
    price,
    product: product === null ? null : { name: product },
    attributes,
  });
  const seed = (id: string, items: Array<{ sku: string; attributes: Record<string, unknown> }>) =>
    sync(id, { actions: items.map((payload) => ({ type: 'ADD', payload })) }).expect(200);

  describe('the reference payloads, in turn', () => {
    let id: string;
    beforeAll(async () => {
      id = await newCatalog();
    });

    it('adds one item', async () => {
      const res = await sync(id, ADD_ONE).expect(200);
      expect(res.body.applied).toEqual({ added: 1, updated: 0, removed: 0 });
      expect(res.body.catalog).toMatchObject({ id, name: 'Shoes', version: 1, itemCount: 1 });
      expect(await contents(id)).toEqual({ SKU1241028: item('SKU1241028', { color: 'Navy blue', type: 'shoes' }, 100, 'sneakers') });
    });

    it('adds many items (replacing the existing one)', async () => {
      const res = await sync(id, ADD_MANY).expect(200);
      expect(res.body.applied).toEqual({ added: 1, updated: 1, removed: 0 });
      expect(res.body.catalog).toMatchObject({ version: 2, itemCount: 2 });
      expect(await contents(id)).toEqual({
        SKU1241027: item('SKU1241027', { color: 'Navy blue', type: 'shoes' }, 100, 'sneakers'),
        SKU1241028: item('SKU1241028', { color: 'Navy blue', type: 'shoes' }, 100, 'sneakers'),
      });
    });

    it('patches one item, merging attributes', async () => {
      const res = await sync(id, PATCH_ONE).expect(200);
      expect(res.body.applied).toEqual({ added: 0, updated: 1, removed: 0 });
      expect((await contents(id))['SKU1241028']).toEqual(
        item('SKU1241028', { color: 'Navy blue', type: 'shoes', age: 11, origin: 'germany' }, 100, 'sneakers'),
      );
    });

    it('patches many items by filter', async () => {
      await seed(id, [
        { sku: 'B1', attributes: { color: 'blue', size: 44 } },
        { sku: 'B2', attributes: { color: 'blue', size: 47 } },
      ]);
      const res = await sync(id, PATCH_MANY).expect(200);
      expect(res.body.applied).toEqual({ added: 0, updated: 2, removed: 0 });
      const c = await contents(id);
      expect(c['B1'].attributes).toEqual({ color: 'red', size: 44 });
      expect(c['B2'].attributes).toEqual({ color: 'red', size: 47 });
      expect(c['SKU1241027'].attributes.color).toBe('Navy blue');
    });

    it('removes one item', async () => {
      const res = await sync(id, REMOVE_ONE).expect(200);
      expect(res.body.applied).toEqual({ added: 0, updated: 0, removed: 1 });
      expect(Object.keys(await contents(id)).sort()).toEqual(['B1', 'B2', 'SKU1241027']);
      await t.http.get(`/api/v1/catalogs/${id}/items/SKU1241028`).set(a.headers).expect(404);
    });

    it('removes many items by filter', async () => {
      await seed(id, [
        { sku: 'C1', attributes: { color: 'blue' } },
        { sku: 'C2', attributes: { color: 'blue', size: 40 } },
      ]);
      const res = await sync(id, REMOVE_MANY).expect(200);
      expect(res.body.applied).toEqual({ added: 0, updated: 0, removed: 2 });
      expect(Object.keys(await contents(id)).sort()).toEqual(['B1', 'B2', 'SKU1241027']);
    });

    it('removes shoes of sizes above 45 ("45" coerced to a number; a string "46" is not a number)', async () => {
      await seed(id, [
        { sku: 'S45', attributes: { size: 45 } },
        { sku: 'S46', attributes: { size: 46 } },
        { sku: 'S50', attributes: { size: 50.5 } },
      ]);
      const res = await sync(id, REMOVE_ABOVE_45).expect(200);
      expect(res.body.applied).toEqual({ added: 0, updated: 0, removed: 3 }); // B2 (47), S46, S50
      expect(Object.keys(await contents(id)).sort()).toEqual(['B1', 'S45', 'SKU1241027']);
      const c = await catalog(id);
      expect(c).toMatchObject({ itemCount: 3, version: 10 });
    });

    it('serves the same handler under /api/v1', async () => {
      const res = await sync(id, REMOVE_ABOVE_45, a, `/api/v1/catalogs/${id}/sync`).expect(200);
      expect(res.body.applied.removed).toBe(0);
    });
  });

  describe('batching semantics', () => {
    it('handles SKUs touched several times in one request, in order', async () => {
      const id = await newCatalog();
      await seed(id, [{ sku: 'OLD', attributes: { color: 'green' } }]);
      const res = await sync(id, {
        actions: [
          { type: 'ADD', payload: { sku: 'N1', price: 5, attributes: { color: 'blue', size: 40 } } },
          { type: 'PATCH', payload: { sku: 'N1', attributes: { size: 41, origin: 'fr' } } },
          { type: 'PATCH', payload: { sku: 'N1', attributes: { origin: null }, product: { name: 'boot' } } },
          { type: 'REMOVE', payload: { sku: 'OLD' } },
          { type: 'ADD', payload: { sku: 'OLD', attributes: { color: 'white' } } },
          { type: 'PATCH', payload: { sku: 'N2', createIfNotExists: true, price: 7, attributes: { onSale: true } } },
          { type: 'PATCH_MANY', payload: { filters: [{ attr: 'color', op: 'IN', value: 'blue,white' }], attributes: { type: 'x' } } },
          { type: 'REMOVE_MANY', payload: { filters: [{ attr: 'color', op: 'EQ', value: 'white' }] } },
          { type: 'ADD', payload: { sku: 'OLD', attributes: { releasedAt: '2024-05-01T10:00:00+02:00' } } },
          { type: 'ADD', payload: { sku: 'TMP' } },
          { type: 'REMOVE', payload: { sku: 'TMP' } },
        ],
      }).expect(200);
      expect(res.body.applied).toEqual({ added: 5, updated: 4, removed: 3 });
      expect(res.body.catalog).toMatchObject({ version: 2, itemCount: 3 });
      expect(await contents(id)).toEqual({
        N1: item('N1', { color: 'blue', size: 41, type: 'x' }, 5, 'boot'),
        N2: item('N2', { onSale: true }, 7),
        OLD: item('OLD', { releasedAt: '2024-05-01T08:00:00.000Z' }),
      });
    });

    it('concurrent syncs of one catalog serialise: every one applies, versions are distinct', async () => {
      const id = await newCatalog();
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, n) =>
          sync(id, {
            actions: [
              { type: 'ADD', payload: { sku: `P${n}`, attributes: { size: n } } },
              { type: 'PATCH', payload: { sku: 'SHARED', createIfNotExists: true, attributes: { age: n } } },
            ],
          }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
      expect(results.map((r) => r.body.catalog.version).sort()).toEqual([1, 2, 3, 4, 5, 6]);
      expect(await catalog(id)).toMatchObject({ version: 6, itemCount: 7 });
    });

    it('accepts 1000 actions in one request (a body past the default 100 KB)', async () => {
      const id = await newCatalog();
      const actions = Array.from({ length: 1000 }, (_, n) => ({
        type: 'ADD',
        payload: { sku: `SKU-${String(n).padStart(5, '0')}`, price: n, product: { name: `Product number ${n}` }, attributes: { color: `colour-${n % 7}`, size: n % 50, origin: 'somewhere far away' } },
      }));
      expect(JSON.stringify({ actions }).length).toBeGreaterThan(150_000);
      const res = await sync(id, { actions }).expect(200);
      expect(res.body.catalog).toMatchObject({ version: 1, itemCount: 1000 });

      // Pagination walks all of them once, in SKU order.
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: Item[]; pageInfo: { hasNext: boolean; nextCursor: string | null } } } = await t.http
          .get(`/api/v1/catalogs/${id}/items`)
          .query(cursor ? { limit: 300, cursor } : { limit: 300 })
          .set(a.headers)
          .expect(200);
        seen.push(...page.body.items.map((i) => i.sku));
        cursor = page.body.pageInfo.nextCursor;
        expect(page.body.pageInfo.hasNext).toBe(cursor !== null);
      } while (cursor);
      expect(seen).toEqual(actions.map((x) => x.payload.sku));

      const filtered = await t.http
        .get(`/api/v1/catalogs/${id}/items`)
        .query({ filter: ['size:GE:48', 'color:EQ:colour-0'], filters: JSON.stringify([{ attr: 'price', op: 'LT', value: 500 }]) })
        .set(a.headers)
        .expect(200);
      const expected = actions.filter((x) => x.payload.attributes.size >= 48 && x.payload.attributes.color === 'colour-0' && x.payload.price < 500).map((x) => x.payload.sku);
      expect(filtered.body.items.map((i: Item) => i.sku)).toEqual(expected);
      expect(expected.length).toBeGreaterThan(0);
    });
  });

  describe('unhappy paths: nothing applied', () => {
    let id: string;
    let before: Record<string, Item>;
    beforeAll(async () => {
      id = await newCatalog();
      await seed(id, [
        { sku: 'A', attributes: { color: 'blue', size: 44 } },
        { sku: 'B', attributes: { color: 'red', size: 46 } },
      ]);
      before = await contents(id);
    });
    afterEach(async () => {
      expect(await contents(id)).toEqual(before);
      expect(await catalog(id)).toMatchObject({ version: 1, itemCount: 2 });
    });

    it('1001 actions: 400', async () => {
      const actions = Array.from({ length: 1001 }, (_, n) => ({ type: 'ADD', payload: { sku: `X${n}` } }));
      const res = await sync(id, { actions }).expect(400);
      expect(res.body.error).toBe('validation_failed');
      expect(res.body.message).toContain('actions must contain no more than 1000 elements');
    });

    it('no actions, a non-object action, an unknown body field: 400', async () => {
      await sync(id, { actions: [] }).expect(400);
      expect((await sync(id, { actions: ['ADD'] }).expect(400)).body.error).toBe('validation_failed');
      const res = await sync(id, { actions: [{ type: 'REMOVE', payload: { sku: 'A' } }], force: true }).expect(400);
      expect(res.body.message).toContain('property force should not exist');
    });

    it('an unknown action type: 400 naming the index', async () => {
      const res = await sync(id, { actions: [{ type: 'ADD', payload: { sku: 'N' } }, { type: 'UPSERT', payload: { sku: 'B' } }] }).expect(400);
      expect(res.body).toMatchObject({ error: 'validation_failed', details: { index: 1, type: 'UPSERT' } });
      expect(res.body.message).toMatch(/^actions\[1\]: unknown action type "UPSERT"/);
    });

    it('a filter on an undeclared attribute: 400', async () => {
      const res = await sync(id, { actions: [{ type: 'REMOVE_MANY', payload: { filters: [{ attr: 'weight', op: 'EQ', value: '1' }] } }] }).expect(400);
      expect(res.body).toMatchObject({ error: 'validation_failed', details: { index: 0, field: 'filters' } });
      expect(res.body.message).toContain('unknown attribute "weight"');
    });

    it('GT with a non-numeric value: 400', async () => {
      const res = await sync(id, { actions: [{ type: 'REMOVE_MANY', payload: { filters: [{ attr: 'size', op: 'GT', value: 'big' }] } }] }).expect(400);
      expect(res.body.message).toContain('"big" is not a number');
    });

    it('GT on a string attribute: 400', async () => {
      const res = await sync(id, { actions: [{ type: 'REMOVE_MANY', payload: { filters: [{ attr: 'color', op: 'GT', value: '4' }] } }] }).expect(400);
      expect(res.body.message).toContain('numeric attributes only');
    });

    it('IN with an empty member: 400', async () => {
      const res = await sync(id, { actions: [{ type: 'PATCH_MANY', payload: { attributes: { color: 'x' }, filters: [{ attr: 'color', op: 'IN', value: 'red,,blue' }] } }] }).expect(400);
      expect(res.body.message).toContain('IN has an empty value');
    });

    it('an undeclared item attribute, or a value of the wrong type: 400 naming the field', async () => {
      const res = await sync(id, { actions: [{ type: 'ADD', payload: { sku: 'N', attributes: { weight: 3 } } }] }).expect(400);
      expect(res.body.message).toBe('actions[0].payload.attributes.weight: "weight" is not a declared attribute of this catalog');
      const res2 = await sync(id, { actions: [{ type: 'REMOVE', payload: { sku: 'A' } }, { type: 'PATCH', payload: { sku: 'B', attributes: { size: '45' } } }] }).expect(400);
      expect(res2.body.details).toMatchObject({ index: 1, field: 'attributes.size' });
    });

    it('PATCH_MANY/REMOVE_MANY without filters need matchAll', async () => {
      const res = await sync(id, { actions: [{ type: 'REMOVE_MANY', payload: { filters: [] } }] }).expect(400);
      expect(res.body.message).toContain('matchAll');
      await sync(id, { actions: [{ type: 'PATCH_MANY', payload: { attributes: { color: 'x' } } }] }).expect(400);
    });

    it('an ADD conflict in the middle of a batch: 409 naming the index, nothing applied', async () => {
      const res = await sync(id, {
        actions: [
          { type: 'ADD', payload: { sku: 'N1' } },
          { type: 'REMOVE', payload: { sku: 'A' } },
          { type: 'PATCH_MANY', payload: { filters: [{ attr: 'color', op: 'EQ', value: 'red' }], attributes: { size: 1 } } },
          { type: 'ADD', payload: { sku: 'B', attributes: { color: 'green' } } },
          { type: 'ADD', payload: { sku: 'N2' } },
        ],
      }).expect(409);
      expect(res.body).toMatchObject({ error: 'item_exists', details: { index: 3, sku: 'B' } });
      expect(res.body.message).toMatch(/^actions\[3\]: /);
    });

    it('PATCH or REMOVE of a missing SKU: 404 naming the index', async () => {
      const res = await sync(id, { actions: [{ type: 'ADD', payload: { sku: 'N1' } }, { type: 'PATCH', payload: { sku: 'nope', attributes: { size: 1 } } }] }).expect(404);
      expect(res.body).toMatchObject({ error: 'item_not_found', details: { index: 1, sku: 'nope' } });
      const res2 = await sync(id, {
        actions: [
          { type: 'REMOVE_MANY', payload: { filters: [{ attr: 'color', op: 'EQ', value: 'blue' }] } },
          { type: 'REMOVE', payload: { sku: 'A' } },
        ],
      }).expect(404);
      expect(res2.body.details).toMatchObject({ index: 1, sku: 'A' });
    });

    it('a version mismatch: 409', async () => {
      const res = await sync(id, { version: 0, actions: [{ type: 'REMOVE', payload: { sku: 'A' } }] }).expect(409);
      expect(res.body).toMatchObject({ error: 'version_conflict', details: { expected: 0, current: 1 } });
    });

    it('dryRun answers what would change and changes nothing', async () => {
      const res = await t.http
        .put(`/v1/catalogs/${id}/sync?dryRun=true`)
        .set(a.headers)
        .send({
          version: 1,
          actions: [
            { type: 'ADD', payload: { sku: 'N1', attributes: { size: 50 } } },
            { type: 'PATCH', payload: { sku: 'A', attributes: { color: 'green' } } },
            { type: 'REMOVE_MANY', payload: { filters: [{ attr: 'size', op: 'GE', value: 46 }] } },
          ],
        })
        .expect(200);
      expect(res.body).toMatchObject({
        dryRun: true,
        catalog: { id, version: 1, itemCount: 2 },
        applied: { added: 1, updated: 1, removed: 2 },
        actions: [
          { index: 0, type: 'ADD', added: 1, updated: 0, removed: 0, skus: ['N1'] },
          { index: 1, type: 'PATCH', added: 0, updated: 1, removed: 0, skus: ['A'] },
          { index: 2, type: 'REMOVE_MANY', added: 0, updated: 0, removed: 2, skus: ['B', 'N1'] },
        ],
      });
    });

    it("another tenant's catalog is 404 for sync, reads and writes", async () => {
      const body = { actions: [{ type: 'REMOVE', payload: { sku: 'A' } }] };
      expect((await sync(id, body, b).expect(404)).body.error).toBe('catalog_not_found');
      await t.http.get(`/api/v1/catalogs/${id}`).set(b.headers).expect(404);
      await t.http.get(`/api/v1/catalogs/${id}/items`).set(b.headers).expect(404);
      await t.http.get(`/api/v1/catalogs/${id}/items/A`).set(b.headers).expect(404);
      await t.http.patch(`/api/v1/catalogs/${id}`).set(b.headers).send({ name: 'mine' }).expect(404);
      await t.http.delete(`/api/v1/catalogs/${id}`).set(b.headers).expect(404);
      const list = await t.http.get('/api/v1/catalogs').set(b.headers).expect(200);
      expect(list.body.catalogs).toEqual([]);
    });
  });
});
