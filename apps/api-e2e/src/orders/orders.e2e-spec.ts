import { randomUUID } from 'node:crypto';
import type { RemoteOrder } from '@storebridge/contracts';
import { OrdersService } from '@storebridge/orders';
import { TenantContext } from '@storebridge/tenancy';
import { startTestApp, type TestApp, type TestTenant } from '../support/test-app';

function order(n: number, over: Partial<RemoteOrder> = {}): RemoteOrder {
  return {
    remoteId: `R${n}`,
    remoteCreatedAt: new Date(Date.UTC(2024, 0, 1) + n * 3600_000).toISOString(),
    remoteUpdatedAt: new Date(Date.UTC(2024, 0, 1) + n * 3600_000).toISOString(),
    remoteDeleted: false,
    orderNumber: String(1000 + n),
    orderStatus: n % 3 === 0 ? 'Cancelled' : 'Pending',
    paymentStatus: n % 2 === 0 ? 'Paid' : 'Pending',
    fulfillmentStatus: n % 4 === 0 ? 'fulfilled' : 'unfulfilled',
    totalPrice: `${10 + n}.5`,
    totalTax: '0.75',
    totalShipping: '5',
    totalDiscount: '0.00',
    currency: n % 5 === 0 ? 'EUR' : 'USD',
    lineItems: [
      { lineItemId: `L${n}`, productId: 'P1', variantId: 'V1', title: 'Custom T-Shirt', sku: 'SKU12345', quantity: 2, price: '7.50', unitCost: '5.00', currency: 'USD' },
    ],
    billingAddress: { firstName: 'Alice', lastName: 'Smith', address1: '123 Main Street', address2: 'Apt 2', city: 'New York', region: 'NY', postalCode: '10001', countryCode: 'US', phone: '1234567890' },
    shippingAddress: null,
    customer: { customerId: '987', firstName: 'Alice', lastName: 'Smith', email: 'alice@example.com', phone: null },
    ...over,
  };
}

describe('unified orders API (reference 001)', () => {
  let t: TestApp;
  let a: TestTenant;
  let b: TestTenant;
  const connA = randomUUID();
  const connA2 = randomUUID();
  const connB = randomUUID();

  const seed = (tenant: TestTenant, connectionId: string, orders: RemoteOrder[]) =>
    t.started.app
      .get(TenantContext)
      .run({ tenantId: tenant.tenantId, orgId: tenant.orgId }, () => t.started.app.get(OrdersService).upsertMany(connectionId, 'sandbox', orders));

  beforeAll(async () => {
    t = await startTestApp();
    a = await t.createTenant();
    b = await t.createTenant();
    await seed(a, connA, Array.from({ length: 30 }, (_, i) => order(i + 1)));
    await seed(a, connA2, [order(100, { remoteId: 'X1', currency: 'GBP' })]);
    await seed(b, connB, [order(1, { remoteId: 'B1' })]);
  });
  afterAll(() => t.close());

  it('lists orders in the unified shape with money as decimal strings', async () => {
    const res = await t.http.get('/api/v1/orders?limit=1').set(a.headers).expect(200);
    expect(res.body.orders).toHaveLength(1);
    const o = res.body.orders[0];
    expect(o).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      remoteId: 'R1',
      remoteCreatedAt: '2024-01-01T01:00:00.000Z',
      remoteUpdatedAt: '2024-01-01T01:00:00.000Z',
      remoteDeleted: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      orderNumber: '1001',
      orderStatus: 'Pending',
      paymentStatus: 'Pending',
      fulfillmentStatus: 'unfulfilled',
      totalPrice: '11.50',
      totalTax: '0.75',
      totalShipping: '5.00',
      totalDiscount: '0.00',
      currency: 'USD',
      lineItems: [expect.objectContaining({ lineItemId: 'L1', price: '7.50', quantity: 2 })],
      billingAddress: expect.objectContaining({ city: 'New York', countryCode: 'US' }),
      shippingAddress: null,
      customer: expect.objectContaining({ email: 'alice@example.com' }),
    });
    expect(res.body.pageInfo).toEqual({ hasNext: true, nextCursor: expect.any(String) });
  });

  it('walks every order exactly once across pages', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { orders: Array<{ remoteId: string }>; pageInfo: { nextCursor: string | null } } } = await t.http
        .get('/api/v1/orders')
        .query({ limit: 7, ...(cursor ? { cursor } : {}) })
        .set(a.headers)
        .expect(200);
      seen.push(...res.body.orders.map((o) => o.remoteId));
      cursor = res.body.pageInfo.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(31);
    expect(new Set(seen).size).toBe(31);
  });

  it('re-importing updates in place: one row per remote order', async () => {
    await seed(a, connA, [order(2, { orderStatus: 'Shipped', fulfillmentStatus: 'fulfilled', totalPrice: '99.99' })]);
    const res = await t.http.get('/api/v1/orders?limit=250').set(a.headers).expect(200);
    const r2 = res.body.orders.filter((o: { remoteId: string }) => o.remoteId === 'R2');
    expect(r2).toHaveLength(1);
    expect(r2[0]).toMatchObject({ orderStatus: 'Shipped', fulfillmentStatus: 'fulfilled', totalPrice: '99.99' });
    const one = await t.http.get(`/api/v1/orders/${r2[0].id}`).set(a.headers).expect(200);
    expect(one.body.order.id).toBe(r2[0].id);
  });

  it.each([
    ['fulfillmentStatus=fulfilled', (o: RemoteOrder) => o.fulfillmentStatus === 'fulfilled'],
    ['currency=eur', (o: RemoteOrder) => o.currency === 'EUR'],
    ['orderStatus=Cancelled', (o: RemoteOrder) => o.orderStatus === 'Cancelled'],
    ['paymentStatus=Paid', (o: RemoteOrder) => o.paymentStatus === 'Paid'],
    [`connectionId=${connA2}`, (o: RemoteOrder) => o.currency === 'GBP'],
    ['filter=totalPrice:GT:35', (o: RemoteOrder) => Number(o.totalPrice) > 35],
    ['filter=orderNumber:IN:1003,1007,9999', (o: RemoteOrder) => ['1003', '1007'].includes(o.orderNumber ?? '')],
    [`createdSince=${Date.UTC(2024, 0, 1, 25) / 1000}`, (o: RemoteOrder) => Date.parse(o.remoteCreatedAt!) >= Date.UTC(2024, 0, 1, 25)],
  ])('filters by %s', async (qs, expected) => {
    const all = (await t.http.get('/api/v1/orders?limit=250').set(a.headers).expect(200)).body.orders as RemoteOrder[];
    const res = await t.http.get(`/api/v1/orders?limit=250&${qs}`).set(a.headers).expect(200);
    const want = all.filter(expected).map((o) => o.remoteId).sort();
    expect(want.length).toBeGreaterThan(0);
    expect(res.body.orders.map((o: RemoteOrder) => o.remoteId).sort()).toEqual(want);
  });

  it('rejects bad filters and parameters with 400', async () => {
    const cases: Array<[string, string]> = [
      ['fulfillmentStatus=shipped', 'validation_failed'],
      ['currency=dollars', 'validation_failed'],
      ['limit=0', 'validation_failed'],
      ['limit=251', 'validation_failed'],
      ['updatedSince=yesterday', 'validation_failed'],
      ['filter=totalPrice:GT:abc', 'invalid_filter'],
      ['filter=secret:EQ:1', 'invalid_filter'],
      ['filter=currency:IN:USD,,EUR', 'invalid_filter'],
      ['cursor=bm9wZQ', 'invalid_cursor'],
      ['unknown=1', 'validation_failed'],
    ];
    for (const [qs, code] of cases) {
      const res = await t.http.get(`/api/v1/orders?${qs}`).set(a.headers);
      expect({ qs, status: res.status, error: res.body.error }).toEqual({ qs, status: 400, error: code });
    }
  });

  it("a second tenant sees none of the first tenant's orders", async () => {
    const listB = await t.http.get('/api/v1/orders?limit=250').set(b.headers).expect(200);
    expect(listB.body.orders.map((o: { remoteId: string }) => o.remoteId)).toEqual(['B1']);
    const anA = (await t.http.get('/api/v1/orders?limit=1').set(a.headers)).body.orders[0];
    const res = await t.http.get(`/api/v1/orders/${anA.id}`).set(b.headers).expect(404);
    expect(res.body).toEqual({ error: 'order_not_found', message: 'Order not found' });
    await t.http.get('/api/v1/orders/not-a-uuid').set(a.headers).expect(404);
  });
});
