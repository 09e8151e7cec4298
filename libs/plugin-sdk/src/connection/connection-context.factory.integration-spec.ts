import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Redis from 'ioredis';
import type { ProviderPlugin } from '@storebridge/contracts';
import { createConnectionHttpClient, silentLogger } from './connection-context.factory';

describe('connection HTTP clients', () => {
  let redis: Redis;
  let server: Server;
  let baseUrl: string;
  // A bucket of 10000 that refills slowly: a call of 100 leaves room for a lease of 4 more.
  const plugin = { code: 'fake', rateLimit: { kind: 'cost-points', maxAvailable: 10000, restorePerSecond: 0.001 } } as unknown as ProviderPlugin;

  beforeAll(async () => {
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
    server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await redis.quit();
    await new Promise((r) => server.close(r));
  });

  it("share one governor per connection in a process: one client's lease serves the next client's calls", async () => {
    const connectionKey = `shared-${process.pid}-${Date.now()}`;
    const client = (key = connectionKey) => createConnectionHttpClient(plugin, { store: { identifier: 'shop', baseUrl }, credentials: {}, connectionKey: key, redis, headroom: 0, logger: silentLogger });
    const first = client();
    const trips = jest.spyOn(redis as unknown as { storebridgeBucket: (...args: string[]) => Promise<unknown> }, 'storebridgeBucket');
    await first.request({ method: 'GET', url: '/a', cost: 100 });
    expect(trips).toHaveBeenCalledTimes(1);
    // A new context of the same connection (a job, an API request): the calls the first one leased need no round trip.
    const second = client();
    for (let i = 0; i < 4; i++) await second.request({ method: 'GET', url: '/b', cost: 100 });
    expect(trips).toHaveBeenCalledTimes(1);
    // Another connection has its own budget.
    const other = client(`${connectionKey}-other`);
    await other.request({ method: 'GET', url: '/c', cost: 100 });
    expect(trips).toHaveBeenCalledTimes(2);
  });
});
