import {
  AuthRevokedError,
  FULFILLMENT_STATUSES,
  NotFoundError,
  ORDER_STATUSES,
  PAYMENT_STATUSES,
  PRODUCT_STATUSES,
  type AppConfig,
  type ConnectionContext,
  type Credentials,
  type OrderFilterKey,
  type OrderListQuery,
  type OrderPort,
  type ProductFilterKey,
  type ProductInput,
  type ProductListQuery,
  type ProductPort,
  type ProviderPlugin,
  type RateLimitPolicy,
  type RemoteOrder,
  type RemoteProduct,
} from '@storebridge/contracts';
import { toPredicate, validate, type Filter, type FilterSchema } from '@storebridge/catalog-filter';
import { createConnectionContext } from '../connection/connection-context.factory';
import { collectAll } from '../pagination/paginate.iterator';
import { toDecimalString } from '../mapping/money.util';
import { convertWeight } from '../mapping/weight.util';
import { isoToUnixSeconds } from '../mapping/time.util';
import { SandboxControl } from './sandbox.server';
import { generateSeedOrders, generateSeedProducts, type SeedOrder } from './seed-data.generator';

/** What the suite compares of a seed order's lifecycle. */
export interface SeedStatuses {
  paymentStatus: SeedOrder['paymentStatus'];
  fulfillmentStatus: SeedOrder['fulfillmentStatus'];
  cancelled: boolean;
}

/** What a plugin's `startSandbox` hands the suite. */
export interface ConformanceSandbox {
  baseUrl: string;
  /** What a user would type as the store; `plugin.auth.resolveStore` turns it into the base URL. */
  storeIdentifier: string;
  credentials: Credentials;
  app: AppConfig;
  /** The limits the sandbox enforces when they differ from the plugin's published policy (e.g. a faster test plan). */
  rateLimit?: RateLimitPolicy;
  /** The seed the store was generated from, so mapped orders can be checked against it. */
  seed?: { seed: number; products: number; orders: number };
  /**
   * The statuses a seed order reads back as, for a platform that cannot store
   * every unified status (e.g. WooCommerce has no partial payment): the
   * sandbox says how it stored the seed's lifecycle. Default: the seed's own.
   */
  seedStatuses?(order: SeedOrder): SeedStatuses;
  /** Credentials for a fresh sandbox token (default: `{ ...credentials, accessToken: token }`). */
  credentialsFor?(token: string): Credentials;
  close(): Promise<void>;
}

/**
 * The handle of a sandbox that stands for an OAuth app's store: the store is
 * its base URL, an access token is the credentials, and the app is the
 * sandbox's client id and secret.
 */
export function oauthAppConformance(
  sandbox: { clientId: string; clientSecret: string; close(): Promise<void> },
  handle: { baseUrl: string; accessToken: string; rateLimit: RateLimitPolicy; seed: NonNullable<ConformanceSandbox['seed']> },
): ConformanceSandbox {
  return {
    baseUrl: handle.baseUrl,
    storeIdentifier: handle.baseUrl,
    credentials: { accessToken: handle.accessToken },
    app: { clientId: sandbox.clientId, clientSecret: sandbox.clientSecret },
    rateLimit: handle.rateLimit,
    seed: handle.seed,
    close: () => sandbox.close(),
  };
}

export interface ConformanceOptions {
  /** Page sizes to walk the product list with (default [7, 25, 250]). */
  pageSizes?: number[];
  /** Concurrent calls in the burst test (default 200). */
  burst?: number;
  /** Jest timeout per test (default 30 s). */
  timeoutMs?: number;
}

const DECIMAL = /^-?\d+\.\d{2}$/;

const PRODUCT_SCHEMA: FilterSchema = { updatedTimestamp: 'number', createdTimestamp: 'number', productType: 'string', productStatus: 'string', vendor: 'string' };
const ORDER_SCHEMA: FilterSchema = { updated: 'number', created: 'number', orderStatus: 'string', paymentStatus: 'string', fulfillmentStatus: 'string', currency: 'string' };

/** The in-memory predicate of the filter language, as the host applies it to filters a plugin does not push down. */
function languagePredicate<T>(filters: Filter[], schema: FilterSchema, get?: (item: T, attr: string) => unknown): (item: T) => boolean {
  const result = validate(filters, schema);
  if (!result.ok) throw new Error(`conformance filter is invalid: ${JSON.stringify(result.errors)}`);
  return toPredicate<T>(result.filters, get);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function mostCommon(values: Array<string | null>): string {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
}

type ProductCase = { query: Partial<ProductListQuery>; predicate: (p: RemoteProduct) => boolean };
type OrderCase = { query: Partial<OrderListQuery>; predicate: (o: RemoteOrder) => boolean };

function productCase(key: ProductFilterKey, all: RemoteProduct[]): ProductCase {
  switch (key) {
    case 'updatedSince': {
      const v = median(all.map((p) => p.updatedTimestamp ?? 0));
      return { query: { updatedSince: v }, predicate: languagePredicate([{ attr: 'updatedTimestamp', op: 'GE', value: v }], PRODUCT_SCHEMA) };
    }
    case 'createdSince': {
      const v = median(all.map((p) => p.createdTimestamp ?? 0));
      return { query: { createdSince: v }, predicate: languagePredicate([{ attr: 'createdTimestamp', op: 'GE', value: v }], PRODUCT_SCHEMA) };
    }
    case 'productType': {
      const v = mostCommon(all.map((p) => p.productType));
      return { query: { productType: v }, predicate: languagePredicate([{ attr: 'productType', op: 'EQ', value: v }], PRODUCT_SCHEMA) };
    }
    case 'productStatus':
      return { query: { productStatus: 'DRAFT' }, predicate: languagePredicate([{ attr: 'productStatus', op: 'EQ', value: 'DRAFT' }], PRODUCT_SCHEMA) };
    case 'vendor': {
      const v = mostCommon(all.map((p) => p.vendor));
      return { query: { vendor: v }, predicate: languagePredicate([{ attr: 'vendor', op: 'EQ', value: v }], PRODUCT_SCHEMA) };
    }
    case 'sku': {
      // Not an attribute of the filter language (it lives on variants): a plain predicate. The SKU of a later
      // variant where a product has several, so a platform matching only a product's main SKU fails.
      const several = all.find((p) => p.variants.length > 1 && p.variants[p.variants.length - 1].sku);
      const v = (several ? several.variants[several.variants.length - 1].sku : all[Math.floor(all.length / 3)]?.variants[0]?.sku) ?? '';
      return { query: { sku: v }, predicate: (p) => p.variants.some((x) => x.sku === v) };
    }
    case 'descriptionContains': {
      // Not an operator of the filter language: a plain substring predicate.
      const words = (all[0]?.description ?? '').split(/\s+/).filter((w) => w.length > 4);
      const v = words[words.length - 1] ?? 'a';
      return { query: { descriptionContains: v }, predicate: (p) => (p.description ?? '').includes(v) };
    }
  }
}

function orderCase(key: OrderFilterKey, all: RemoteOrder[]): OrderCase {
  const get = (o: RemoteOrder, attr: string): unknown =>
    attr === 'updated' ? isoToUnixSeconds(o.remoteUpdatedAt) : attr === 'created' ? isoToUnixSeconds(o.remoteCreatedAt) : (o as unknown as Record<string, unknown>)[attr];
  const pred = (f: Filter) => languagePredicate<RemoteOrder>([f], ORDER_SCHEMA, get);
  switch (key) {
    case 'updatedSince': {
      const v = median(all.map((o) => isoToUnixSeconds(o.remoteUpdatedAt) ?? 0));
      return { query: { updatedSince: v }, predicate: pred({ attr: 'updated', op: 'GE', value: v }) };
    }
    case 'createdSince': {
      const v = median(all.map((o) => isoToUnixSeconds(o.remoteCreatedAt) ?? 0));
      return { query: { createdSince: v }, predicate: pred({ attr: 'created', op: 'GE', value: v }) };
    }
    case 'orderStatus': {
      const v = mostCommon(all.map((o) => o.orderStatus)) as RemoteOrder['orderStatus'];
      return { query: { orderStatus: v }, predicate: pred({ attr: 'orderStatus', op: 'EQ', value: v }) };
    }
    case 'paymentStatus': {
      const v = mostCommon(all.map((o) => o.paymentStatus)) as RemoteOrder['paymentStatus'];
      return { query: { paymentStatus: v }, predicate: pred({ attr: 'paymentStatus', op: 'EQ', value: v }) };
    }
    case 'fulfillmentStatus': {
      const v = mostCommon(all.map((o) => o.fulfillmentStatus)) as RemoteOrder['fulfillmentStatus'];
      return { query: { fulfillmentStatus: v }, predicate: pred({ attr: 'fulfillmentStatus', op: 'EQ', value: v }) };
    }
    case 'currency': {
      const v = mostCommon(all.map((o) => o.currency));
      return { query: { currency: v }, predicate: pred({ attr: 'currency', op: 'EQ', value: v }) };
    }
  }
}

function expectProductMatches(actual: RemoteProduct, input: ProductInput): void {
  expect(actual.remoteId).toEqual(expect.any(String));
  expect(actual.productName).toBe(input.productName);
  expect(actual.description ?? null).toBe(input.description ?? null);
  expect(actual.productType ?? null).toBe(input.productType ?? null);
  expect(actual.vendor ?? null).toBe(input.vendor ?? null);
  expect(actual.productStatus).toBe(input.productStatus);
  expect([...actual.tags].sort()).toEqual([...(input.tags ?? [])].sort());
  expect(actual.variants).toHaveLength(input.variants?.length ?? 0);
  for (const want of input.variants ?? []) {
    const got = actual.variants.find((v) => v.sku === want.sku);
    expect(got).toBeDefined();
    expect(got!.remoteId).toEqual(expect.any(String));
    expect(got!.price).toBe(toDecimalString(want.price ?? 0));
    expect(got!.optionValues).toEqual(want.optionValues);
    expect(got!.inventory.totalCount).toBe(want.inventory?.totalCount);
    expect(got!.weight).not.toBeNull();
    expect(convertWeight(got!.weight!.value, got!.weight!.unit, want.weight!.unit)).toBeCloseTo(want.weight!.value, 6);
  }
}

function expectOrderShape(o: RemoteOrder): void {
  expect(o.remoteId).toEqual(expect.any(String));
  for (const money of [o.totalPrice, o.totalTax, o.totalShipping, o.totalDiscount]) expect(money).toMatch(DECIMAL);
  expect(o.currency).toMatch(/^[A-Z]{3}$/);
  expect(ORDER_STATUSES).toContain(o.orderStatus);
  expect(PAYMENT_STATUSES).toContain(o.paymentStatus);
  expect(FULFILLMENT_STATUSES).toContain(o.fulfillmentStatus);
  expect(o.remoteDeleted).toBe(false);
  expect(isoToUnixSeconds(o.remoteCreatedAt)).not.toBeNull();
  expect(o.lineItems.length).toBeGreaterThan(0);
  for (const li of o.lineItems) {
    expect(li.lineItemId).toEqual(expect.any(String));
    expect(li.price).toMatch(DECIMAL);
    expect(li.quantity).toBeGreaterThan(0);
    expect(li.currency).toBe(o.currency);
  }
}

/**
 * The provider conformance suite: every plugin runs it against its sandbox.
 * It speaks only through the ProviderPlugin contract, the SDK's connection
 * client and the sandbox control endpoints, so it needs nothing of the
 * provider but `startSandbox`.
 */
export function describeProviderConformance(
  plugin: ProviderPlugin,
  startSandbox: () => Promise<ConformanceSandbox>,
  options: ConformanceOptions = {},
): void {
  const pageSizes = options.pageSizes ?? [7, 25, 250];
  const burst = options.burst ?? 200;
  const timeout = options.timeoutMs ?? 30_000;

  describe(`${plugin.displayName} (${plugin.code}) provider conformance`, () => {
    let sb: ConformanceSandbox;
    let control: SandboxControl;
    let ctx: ConnectionContext;
    let products: ProductPort;
    let orders: OrderPort;

    const contextFor = (credentials: Credentials, key: string): ConnectionContext =>
      createConnectionContext(plugin, {
        connectionId: key,
        connectionKey: `${key}:${sb.baseUrl}`,
        store: plugin.auth.resolveStore(sb.storeIdentifier),
        credentials,
        app: sb.app,
        rateLimit: sb.rateLimit,
        // Short backoff keeps the suite fast; Retry-After is still honoured as given.
        retry: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 4 },
        timeoutMs: 10_000,
      });

    beforeAll(async () => {
      sb = await startSandbox();
      control = new SandboxControl(sb.baseUrl);
      ctx = contextFor(sb.credentials, `conformance-${plugin.code}`);
      products = plugin.createProductPort(ctx);
      orders = plugin.createOrderPort(ctx);
    }, timeout);
    afterAll(async () => {
      await sb?.close();
    });
    beforeEach(async () => {
      await control.clearFaults();
    });

    it('verifies the connection', async () => {
      await expect(plugin.verifyConnection(ctx)).resolves.toBeUndefined();
    });

    describe('products', () => {
      it.each(pageSizes)(
        'list walks every product exactly once (page size %d)',
        async (limit) => {
          const { records } = await control.stats();
          const all = await collectAll((cursor) => products.list({ limit, cursor }));
          const ids = all.map((p) => p.remoteId);
          expect(new Set(ids).size).toBe(ids.length);
          expect(ids.length).toBe(records.products);
          for (const p of all) {
            expect(PRODUCT_STATUSES).toContain(p.productStatus);
            expect(p.variants.length).toBeGreaterThan(0);
          }
        },
        timeout,
      );

      it(
        'create → get → update → delete keeps every field',
        async () => {
          const input: ProductInput = {
            productName: 'Conformance Parka',
            description: 'Warm, dry and <b>light</b>.',
            productType: 'Outerwear',
            vendor: 'Storebridge Labs',
            productStatus: 'DRAFT',
            tags: ['conformance', 'winter'],
            variants: [
              { sku: 'CONF-PARKA-S', price: '129.9', optionValues: [{ name: 'Size', value: 'S' }], inventory: { totalCount: 7 }, weight: { value: 1.2, unit: 'kg' } },
              { sku: 'CONF-PARKA-M', price: 139, optionValues: [{ name: 'Size', value: 'M' }], inventory: { totalCount: 3 }, weight: { value: 2.5, unit: 'lb' } },
            ],
          };
          const created = await products.create(input);
          expectProductMatches(created, input);
          expectProductMatches(await products.get(created.remoteId), input);

          const changed: ProductInput = {
            ...input,
            productName: 'Conformance Parka II',
            description: 'Now with a hood.',
            productStatus: 'ACTIVE',
            tags: ['conformance', 'hood'],
            variants: input.variants!.map((v, i) => ({
              ...v,
              remoteId: created.variants.find((c) => c.sku === v.sku)!.remoteId,
              price: i === 0 ? '119.50' : v.price,
              inventory: { totalCount: (v.inventory?.totalCount ?? 0) + 10 },
            })),
          };
          expectProductMatches(await products.update(created.remoteId, changed), changed);
          expectProductMatches(await products.get(created.remoteId), changed);

          await products.delete(created.remoteId);
          await expect(products.get(created.remoteId)).rejects.toBeInstanceOf(NotFoundError);
          await expect(products.delete(created.remoteId)).resolves.toBeUndefined();
        },
        timeout,
      );

      it('get of an unknown product is NotFoundError', async () => {
        await expect(products.get('999999999999')).rejects.toBeInstanceOf(NotFoundError);
      });

      for (const key of plugin.capabilities.products.filters) {
        it(
          `pushed-down filter ${key} returns exactly what the filter language selects`,
          async () => {
            const all = await collectAll((cursor) => products.list({ limit: 250, cursor }));
            const { query, predicate } = productCase(key, all);
            const expected = all.filter(predicate).map((p) => p.remoteId).sort();
            const got = (await collectAll((cursor) => products.list({ limit: 50, cursor, ...query }))).map((p) => p.remoteId).sort();
            expect(expected.length).toBeGreaterThan(0);
            expect(got).toEqual(expected);
          },
          timeout,
        );
      }
    });

    describe('orders', () => {
      it(
        'list/get map totals, currency, line items, addresses, customer and the three statuses',
        async () => {
          const { records } = await control.stats();
          const all = await collectAll((cursor) => orders.list({ limit: 20, cursor }));
          expect(new Set(all.map((o) => o.remoteId)).size).toBe(records.orders);
          all.forEach(expectOrderShape);
          if (sb.seed) {
            const seeds = generateSeedOrders(sb.seed.seed, sb.seed.orders, generateSeedProducts(sb.seed.seed, sb.seed.products));
            for (const seed of seeds) {
              const o = all.find((x) => x.orderNumber === seed.orderNumber);
              expect(o).toBeDefined();
              expect({
                totalPrice: o!.totalPrice,
                totalTax: o!.totalTax,
                totalShipping: o!.totalShipping,
                totalDiscount: o!.totalDiscount,
                currency: o!.currency,
                paymentStatus: o!.paymentStatus,
                fulfillmentStatus: o!.fulfillmentStatus,
                cancelled: o!.orderStatus === 'Cancelled',
                remoteCreatedAt: isoToUnixSeconds(o!.remoteCreatedAt),
              }).toEqual({
                totalPrice: seed.totalPrice,
                totalTax: seed.totalTax,
                totalShipping: seed.totalShipping,
                totalDiscount: seed.totalDiscount,
                currency: seed.currency,
                ...(sb.seedStatuses?.(seed) ?? { paymentStatus: seed.paymentStatus, fulfillmentStatus: seed.fulfillmentStatus, cancelled: seed.state === 'cancelled' }),
                remoteCreatedAt: seed.createdAt,
              });
              expect(o!.lineItems.map((li) => [li.sku, li.quantity, li.price])).toEqual(seed.lineItems.map((li) => [li.sku, li.quantity, li.price]));
              expect(o!.customer).toMatchObject({ email: seed.customer.email, firstName: seed.customer.firstName, lastName: seed.customer.lastName });
              expect(o!.customer!.customerId).toEqual(expect.any(String));
              for (const [got, want] of [
                [o!.billingAddress, seed.billingAddress],
                [o!.shippingAddress, seed.shippingAddress],
              ] as const) {
                expect(got).toEqual({ ...want });
              }
            }
          }
          const one = all[Math.floor(all.length / 2)];
          expect(await orders.get(one.remoteId)).toEqual(one);
          await expect(orders.get('999999999999')).rejects.toBeInstanceOf(NotFoundError);
        },
        timeout,
      );

      for (const key of plugin.capabilities.orders.filters) {
        it(
          `pushed-down filter ${key} returns exactly what the filter language selects`,
          async () => {
            const all = await collectAll((cursor) => orders.list({ limit: 50, cursor }));
            const { query, predicate } = orderCase(key, all);
            const expected = all.filter(predicate).map((o) => o.remoteId).sort();
            const got = (await collectAll((cursor) => orders.list({ limit: 50, cursor, ...query }))).map((o) => o.remoteId).sort();
            expect(expected.length).toBeGreaterThan(0);
            expect(got).toEqual(expected);
          },
          timeout,
        );
      }
    });

    describe('resilience', () => {
      it(
        `a burst of ${burst} concurrent calls causes no throttled response`,
        async () => {
          const sample = (await products.list({ limit: 20 })).items;
          // What one get costs, per record: some providers need more than one
          // request for a product (e.g. WooCommerce's variations). Measured one
          // at a time, so the burst's count proves nothing was retried.
          const perGet: number[] = [];
          for (const p of sample) {
            const before = (await control.stats()).requests;
            await products.get(p.remoteId);
            perGet.push((await control.stats()).requests - before);
          }
          await control.resetStats();
          const got = await Promise.all(Array.from({ length: burst }, (_, i) => products.get(sample[i % sample.length].remoteId)));
          expect(got.map((p) => p.remoteId)).toEqual(Array.from({ length: burst }, (_, i) => sample[i % sample.length].remoteId));
          const stats = await control.stats();
          expect(stats.throttled).toBe(0);
          expect(stats.requests).toBe(Array.from({ length: burst }, (_, i) => perGet[i % sample.length]).reduce((a, b) => a + b, 0));
        },
        Math.max(timeout, 60_000),
      );

      it('retries injected 5xx answers and succeeds', async () => {
        await control.resetStats();
        await control.setFaults({ serverError: 2 });
        const page = await products.list({ limit: 5 });
        expect(page.items.length).toBeGreaterThan(0);
        expect((await control.stats()).faultsServed.serverError).toBe(2);
      });

      it('retries an injected 429, honouring Retry-After, and succeeds', async () => {
        await control.resetStats();
        await control.setFaults({ rateLimit: 1, retryAfterSeconds: 1 });
        const started = Date.now();
        const page = await orders.list({ limit: 5 });
        expect(page.items.length).toBeGreaterThan(0);
        expect(Date.now() - started).toBeGreaterThanOrEqual(900);
        expect((await control.stats()).faultsServed.rateLimit).toBe(1);
      });

      it('retries a malformed answer to a read and succeeds', async () => {
        await control.setFaults({ malformed: 1 });
        await expect(products.list({ limit: 3 })).resolves.toMatchObject({ items: expect.any(Array) });
      });

      it('revoked credentials surface as AuthRevokedError', async () => {
        const token = await control.issueToken();
        const creds = sb.credentialsFor ? sb.credentialsFor(token) : { ...sb.credentials, accessToken: token };
        const revokedCtx = contextFor(creds, `conformance-revoked-${plugin.code}`);
        await expect(plugin.createProductPort(revokedCtx).list({ limit: 1 })).resolves.toMatchObject({ items: expect.any(Array) });
        await control.revoke(token);
        await expect(plugin.createProductPort(revokedCtx).list({ limit: 1 })).rejects.toBeInstanceOf(AuthRevokedError);
        await expect(plugin.createOrderPort(revokedCtx).get('1')).rejects.toBeInstanceOf(AuthRevokedError);
        await expect(plugin.verifyConnection(revokedCtx)).rejects.toBeInstanceOf(AuthRevokedError);
      });
    });
  });
}
