import { createHttpClient } from '../http/http.client';
import { SandboxControl, SandboxServer, sandboxJson, type SandboxRequest, type SandboxResponse } from './sandbox.server';
import { generateSeedOrders, generateSeedProducts } from './seed-data.generator';
import { AuthRevokedError, TransientError } from '@storebridge/contracts';

class EchoSandbox extends SandboxServer {
  readonly items = generateSeedProducts(7, 5);
  protected handle(req: SandboxRequest): SandboxResponse {
    if (!this.isTokenValid(req.headers['x-token'])) return sandboxJson(401, { errors: 'bad token' });
    return sandboxJson(200, { items: this.items.map((p) => p.title), path: req.path });
  }
  protected recordCounts() {
    return { products: this.items.length };
  }
}

describe('SandboxServer', () => {
  const sandbox = new EchoSandbox();
  let control: SandboxControl;
  let token: string;
  beforeAll(async () => {
    control = new SandboxControl(await sandbox.start());
    token = sandbox.issueToken();
  });
  afterAll(() => sandbox.close());

  const client = () => createHttpClient({ baseUrl: sandbox.baseUrl, defaultHeaders: { 'x-token': token }, retry: { baseDelayMs: 1, maxAttempts: 5 }, timeoutMs: 300 });

  it('generates the same store for the same seed', () => {
    expect(generateSeedProducts(7, 5)).toEqual(sandbox.items);
    expect(generateSeedProducts(8, 5)).not.toEqual(sandbox.items);
    const orders = generateSeedOrders(7, 3, sandbox.items);
    expect(orders).toHaveLength(3);
    expect(orders[0].lineItems.length).toBeGreaterThan(0);
  });

  it('injects faults switched over HTTP and counts them', async () => {
    await control.resetStats();
    await control.setFaults({ serverError: 1, rateLimit: 1, retryAfterSeconds: 0, malformed: 1, timeout: 1, timeoutMs: 2000 });
    const res = await client().request({ method: 'GET', url: '/things' });
    expect(res.body).toMatchObject({ path: '/things' });
    const stats = await control.stats();
    expect(stats).toMatchObject({ requests: 5, throttled: 1, faultsServed: { rateLimit: 1, serverError: 1, timeout: 1, malformed: 1 }, records: { products: 5 } });
  });

  it('applies a fault only to matching requests', async () => {
    await control.setFaults({ serverError: 5, match: '/only-this' });
    await expect(client().request({ method: 'GET', url: '/other' })).resolves.toMatchObject({ status: 200 });
    await expect(createHttpClient({ baseUrl: sandbox.baseUrl, retry: { maxAttempts: 1 } }).request({ method: 'GET', url: '/only-this' })).rejects.toBeInstanceOf(TransientError);
    await control.clearFaults();
  });

  it('revokes tokens through the control endpoint', async () => {
    const t = await control.issueToken();
    const c = createHttpClient({ baseUrl: sandbox.baseUrl, defaultHeaders: { 'x-token': t } });
    await expect(c.request({ method: 'GET', url: '/' })).resolves.toMatchObject({ status: 200 });
    await control.revoke(t);
    await expect(c.request({ method: 'GET', url: '/' })).rejects.toBeInstanceOf(AuthRevokedError);
  });
});
