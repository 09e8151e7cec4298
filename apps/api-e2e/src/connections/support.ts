import { randomBytes, randomUUID } from 'node:crypto';
import net from 'node:net';
import { PinoLogger } from 'nestjs-pino';
import pino from 'pino';
import type { Response } from 'supertest';
import { startTestApp, type TestApp, type TestTenant } from '../support/test-app';

/** A free TCP port on loopback (so the app's PUBLIC_URL is known before it listens). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * Captures every line the host's pino logger writes from now on (root and
 * per-request child loggers share the root's stream), so a test can assert
 * that no credential ever reaches a log line.
 */
export function captureLogs(): { text(): string; restore(): void } {
  const chunks: string[] = [];
  const root = PinoLogger.root as unknown as Record<symbol, unknown>;
  const original = root[pino.symbols.streamSym];
  root[pino.symbols.streamSym] = { write: (line: string) => void chunks.push(line) };
  return {
    text: () => chunks.join(''),
    restore() {
      root[pino.symbols.streamSym] = original;
    },
  };
}

/** Requests as a tenant; every answer (body and headers) is kept, to check that no credential appears in one. */
export class RecordingClient {
  readonly answers: string[] = [];

  constructor(
    private readonly t: TestApp,
    private readonly tenant: TestTenant,
  ) {}

  record(res: Response): Response {
    this.answers.push(res.text ?? '', JSON.stringify(res.headers));
    return res;
  }

  async get(path: string, who = this.tenant): Promise<Response> {
    return this.record(await this.t.http.get(path).set(who.headers));
  }
  async post(path: string, body: object, who = this.tenant): Promise<Response> {
    return this.record(await this.t.http.post(path).set(who.headers).send(body));
  }
  async put(path: string, body: object, who = this.tenant): Promise<Response> {
    return this.record(await this.t.http.put(path).set(who.headers).send(body));
  }
  async patch(path: string, body: object, who = this.tenant): Promise<Response> {
    return this.record(await this.t.http.patch(path).set(who.headers).send(body));
  }
  async del(path: string, who = this.tenant): Promise<Response> {
    return this.record(await this.t.http.delete(path).set(who.headers));
  }
  /** A public route the provider or the merchant's browser calls (no tenant headers). */
  async public(path: string): Promise<Response> {
    return this.record(await this.t.http.get(path));
  }
}

/**
 * The host listening on a loopback port (providers call it back: the
 * WooCommerce sandbox POSTs keys to it), with the given plugins, request
 * logs captured, and two tenants: `a` connects, `b` must see nothing of it.
 */
export interface ConnectTestbed {
  t: TestApp;
  a: TestTenant;
  b: TestTenant;
  /** The app's public URL (http://127.0.0.1:<port>). */
  base: string;
  masterKey: string;
  api: RecordingClient;
  logs: ReturnType<typeof captureLogs>;
  close(): Promise<void>;
}

export async function startConnectTestbed(opts: { plugins: string; env?: Record<string, string | undefined> }): Promise<ConnectTestbed> {
  const saved = { ...process.env };
  const masterKey = randomBytes(32).toString('base64');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // The logger is silent in tests unless LOG=1; LOG_LEVEL debug writes the request lines we check.
  process.env.LOG = '1';
  for (const [k, v] of Object.entries(opts.env ?? {})) process.env[k] = v;
  // `env` reaches both: the app's validated configuration and what plugins read from the environment.
  const t = await startTestApp({ LOG_LEVEL: 'debug', STOREBRIDGE_MASTER_KEY: masterKey, STOREBRIDGE_PLUGINS: opts.plugins, PUBLIC_URL: base, ...opts.env });
  await t.started.app.listen(port, '127.0.0.1');
  const logs = captureLogs();
  const [a, b] = [await t.createTenant('A'), await t.createTenant('B')];
  return {
    t,
    a,
    b,
    base,
    masterKey,
    api: new RecordingClient(t, a),
    logs,
    async close() {
      await t.close();
      logs.restore();
      for (const k of ['LOG', ...Object.keys(opts.env ?? {})]) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
    },
  };
}

/** Follows one provider redirect (a browser would): the status and where it points. */
export async function visit(url: string): Promise<{ status: number; location: URL | null; text: string }> {
  const res = await fetch(url, { redirect: 'manual' });
  const location = res.headers.get('location');
  return { status: res.status, location: location ? new URL(location, url) : null, text: await res.text() };
}

/** `connection_id`, `category` and `provider` of our final redirect to the consumer's redirect URI. */
export function landing(res: Response, redirectUri: string): { connectionId: string; category: string | null; provider: string | null } {
  expect(res.status).toBe(302);
  const to = new URL(res.headers.location);
  expect(`${to.origin}${to.pathname}`).toBe(redirectUri);
  return { connectionId: to.searchParams.get('connection_id') ?? '', category: to.searchParams.get('category'), provider: to.searchParams.get('provider') };
}

/** What the tests read of a unified product (the API's shape is what the assertions check). */
export interface ProductRow {
  id: string;
  remoteId: string;
  productType?: string | null;
  description?: string | null;
  createdTimestamp: number;
  updatedTimestamp: number;
  variants: Array<{ productId: string; remoteId: string; weight: Array<{ unit: string; value: number }> }>;
}

/** What the tests read of a unified order. */
export interface OrderRow {
  id: string;
  remoteId: string;
  remoteUpdatedAt: string;
  fulfillmentStatus?: string | null;
  orderStatus?: string | null;
  currency?: string | null;
}

/** Every page of a unified list, following `pageInfo.nextCursor`; checks the last page says so. */
export async function collectPages<T extends ProductRow | OrderRow>(fetchPage: (cursorParam: string) => Promise<Response>, key: 'products' | 'orders'): Promise<T[]> {
  const out: T[] = [];
  let cursor = '';
  for (let i = 0; i < 50; i++) {
    const res = await fetchPage(cursor ? `&cursor=${encodeURIComponent(cursor)}` : '');
    expect(res.status).toBe(200);
    out.push(...(res.body[key] as T[]));
    if (!res.body.pageInfo.hasNext) {
      expect(res.body.pageInfo.nextCursor).toBeNull();
      return out;
    }
    cursor = res.body.pageInfo.nextCursor;
  }
  throw new Error('pagination did not end');
}

export interface UnifiedApiCase {
  /** The client of the connection's tenant, the second tenant, and the ACTIVE connection (read when the tests run). */
  ctx: () => { api: RecordingClient; b: TestTenant; connectionId: string };
  /** What the sandbox was seeded with. */
  products: number;
  orders: number;
  /** Page size for walking the whole list (smaller than the count, so there are several pages). */
  pageSize: number;
  /** SKU prefix of the product the test creates (unique per spec; stores refuse duplicate names or SKUs). */
  sku: string;
}

/**
 * The unified API through one ACTIVE connection (references 000 and 001),
 * the same checks for every provider: products in pages with stable ids,
 * each product filter (pushed down or applied by the host) without dropped
 * or repeated records, get/create/replace/patch/delete in the store, orders
 * in pages with each filter, and a second tenant that sees none of it.
 */
export function itServesTheUnifiedApi(c: UnifiedApiCase): void {
  const products = (q: string, who?: TestTenant) => c.ctx().api.get(`/api/v1/unified/commerce/products?connectionId=${c.ctx().connectionId}${q}`, who);
  const orders = (q: string, who?: TestTenant) => c.ctx().api.get(`/api/v1/unified/commerce/orders?connectionId=${c.ctx().connectionId}${q}`, who);
  const ids = (xs: Array<{ id: string }>) => xs.map((x) => x.id);
  const listProducts = (q: (cursor: string) => string) => collectPages<ProductRow>((cur) => products(q(cur)), 'products');
  const listOrders = (q: (cursor: string) => string) => collectPages<OrderRow>((cur) => orders(q(cur)), 'orders');
  let allProducts: ProductRow[] = [];

  it('lists products in pages with stable unified ids, by connectionId or credentialId', async () => {
    const { api, connectionId } = c.ctx();
    allProducts = await listProducts((cur) => `&limit=${c.pageSize}${cur}`);
    expect(allProducts).toHaveLength(c.products);
    expect(new Set(ids(allProducts)).size).toBe(c.products);
    const p = allProducts[0];
    expect(p.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(p.id).not.toBe(p.remoteId);
    expect(p.variants[0]).toMatchObject({ productId: p.id, remoteId: expect.any(String) });
    const weighed = allProducts.flatMap((x) => x.variants).find((v) => v.weight.length);
    expect(weighed?.weight.map((w) => w.unit)).toEqual(['kg', 'g', 'oz', 'lb']);
    const again = await api.get(`/api/v1/unified/commerce/products?credentialId=${connectionId}&limit=100`);
    expect(ids(again.body.products)).toEqual(ids(allProducts));
    expect((await api.get('/api/v1/unified/commerce/products')).status).toBe(400);
  });

  it('applies each product filter (pushed down or not) without dropping or repeating records', async () => {
    const type = String(allProducts[3].productType);
    expect(ids(await listProducts((cur) => `&limit=2&productType=${encodeURIComponent(type)}${cur}`))).toEqual(ids(allProducts.filter((p) => p.productType === type)));
    const word = String(allProducts[5].description).split(/\W+/).find((w) => w.length > 4)?.toLowerCase() ?? '';
    expect(word).not.toBe('');
    const byDescription = await listProducts((cur) => `&limit=2&descriptionContains=${encodeURIComponent(word)}${cur}`);
    expect(byDescription.length).toBeGreaterThan(0);
    expect(ids(byDescription)).toEqual(ids(allProducts.filter((p) => String(p.description ?? '').toLowerCase().includes(word))));
    const created = [...allProducts.map((p) => p.createdTimestamp as number)].sort((x, y) => x - y)[Math.floor(c.products / 2)];
    expect(ids(await listProducts((cur) => `&limit=3&createdTimestamp=${created}${cur}`)).sort()).toEqual(
      ids(allProducts.filter((p) => p.createdTimestamp >= created)).sort(),
    );
    const updated = [...allProducts.map((p) => p.updatedTimestamp as number)].sort((x, y) => x - y)[Math.floor(c.products / 2)];
    expect(ids(await listProducts((cur) => `&limit=3&updatedSince=${updated}${cur}`)).sort()).toEqual(
      ids(allProducts.filter((p) => p.updatedTimestamp >= updated)).sort(),
    );
    expect((await products('&cursor=not-ours')).status).toBe(400);
  });

  it('gets, creates, replaces, patches and deletes a product in the store', async () => {
    const { api, connectionId } = c.ctx();
    const one = await api.get(`/api/v1/unified/commerce/products/${allProducts[2].id}?connectionId=${connectionId}`);
    expect(one.status).toBe(200);
    expect(one.body.product).toMatchObject({ id: allProducts[2].id, remoteId: allProducts[2].remoteId });
    expect((await api.get(`/api/v1/unified/commerce/products/${randomUUID()}?connectionId=${connectionId}`)).status).toBe(404);

    const created = await api.post(`/api/v1/unified/commerce/products?connectionId=${connectionId}`, {
      productName: `New Hoodie ${c.sku}`,
      description: 'A cool hoodie to keep you warm',
      productStatus: 'ACTIVE',
      variants: [{ price: 40, sku: `${c.sku}-HOODIE`, weight: { value: 25, unit: 'oz' } }],
    });
    expect(created.status).toBe(201);
    const product = created.body.product;
    expect(product).toMatchObject({ productName: `New Hoodie ${c.sku}`, productStatus: 'ACTIVE', id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(product.variants[0]).toMatchObject({ sku: `${c.sku}-HOODIE`, price: '40.00', productId: product.id });
    expect(product.variants[0].weight).toHaveLength(4);
    // Stores keep weight in their own unit (WooCommerce: kg as a string): 25 oz comes back within rounding.
    expect(product.variants[0].weight.find((w: { unit: string }) => w.unit === 'oz').value).toBeCloseTo(25, 1);
    expect((await api.post(`/api/v1/unified/commerce/products?connectionId=${connectionId}`, { description: 'no name' })).status).toBe(400);

    const replaced = await api.put(`/api/v1/unified/commerce/products/${product.id}?connectionId=${connectionId}`, {
      productName: `Winter coat ${c.sku}`,
      description: 'A puffy coat',
      productStatus: 'ACTIVE',
      variants: [{ remoteId: product.variants[0].remoteId, price: '100.00', sku: `${c.sku}-HOODIE` }],
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body.product).toMatchObject({ id: product.id, productName: `Winter coat ${c.sku}`, description: expect.stringContaining('A puffy coat') });
    expect(replaced.body.product.variants[0]).toMatchObject({ price: '100.00' });
    const patched = await api.patch(`/api/v1/unified/commerce/products/${product.id}?connectionId=${connectionId}`, { tags: ['Winter'] });
    expect(patched.status).toBe(200);
    expect(patched.body.product).toMatchObject({ id: product.id, productName: `Winter coat ${c.sku}`, tags: ['Winter'] });

    expect((await api.del(`/api/v1/unified/commerce/products/${product.id}?connectionId=${connectionId}`)).status).toBe(204);
    expect((await api.get(`/api/v1/unified/commerce/products/${product.id}?connectionId=${connectionId}`)).status).toBe(404);
  });

  it('lists and gets orders with each filter', async () => {
    const { api, connectionId } = c.ctx();
    const all = await listOrders((cur) => `&limit=${c.pageSize}${cur}`);
    expect(all).toHaveLength(c.orders);
    for (const [param, field] of [['fulfillmentStatus', 'fulfillmentStatus'], ['orderStatus', 'orderStatus'], ['currency', 'currency']] as const) {
      const value = all[1][field];
      expect(ids(await listOrders((cur) => `&limit=4&${param}=${value}${cur}`))).toEqual(ids(all.filter((o) => o[field] === value)));
    }
    const since = [...all.map((o) => Date.parse(o.remoteUpdatedAt))].sort((x, y) => x - y)[Math.floor(c.orders / 2)];
    expect(ids(await listOrders((cur) => `&limit=4&updatedSince=${Math.floor(since / 1000)}${cur}`)).sort()).toEqual(
      ids(all.filter((o) => Date.parse(o.remoteUpdatedAt) >= Math.floor(since / 1000) * 1000)).sort(),
    );
    expect((await orders('&orderStatus=Nope')).status).toBe(400);
    const one = await api.get(`/api/v1/unified/commerce/orders/${all[0].id}?connectionId=${connectionId}`);
    expect(one.status).toBe(200);
    expect(one.body.order).toMatchObject({ id: all[0].id, remoteId: all[0].remoteId, lineItems: expect.any(Array) });
  });

  it("keeps the second tenant away from the first tenant's connection", async () => {
    const { api, b, connectionId } = c.ctx();
    expect((await api.get('/api/v1/integrations/connections', b)).body).toEqual({ connections: [] });
    expect((await products('&limit=1', b)).status).toBe(404);
    expect((await api.get(`/api/v1/unified/commerce/orders/${randomUUID()}?connectionId=${connectionId}`, b)).status).toBe(404);
    expect((await api.post('/api/v1/integrations/callback', { connection_id: connectionId }, b)).status).toBe(404);
    expect((await api.del(`/api/v1/integrations/connections/${connectionId}`, b)).status).toBe(404);
  });
}

/** No secret in any recorded answer or log line; the log capture is shown to hold the flow's request lines. */
export function expectNoSecretsShown(args: { answers: string[]; logText: string; secrets: string[]; logged: string }): void {
  expect(args.logText).toContain(args.logged);
  const answers = args.answers.join('\n');
  for (const s of args.secrets) {
    expect(s.length).toBeGreaterThan(5);
    expect(answers).not.toContain(s);
    expect(args.logText).not.toContain(s);
  }
  expect(answers).not.toMatch(/credentials_enc|"v1\.[0-9a-f]{12}\./);
}
