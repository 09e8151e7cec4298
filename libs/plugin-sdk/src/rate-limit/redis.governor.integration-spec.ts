import Redis from 'ioredis';
import { fakeClock, fixedWindowScenarios } from './fixed-window.scenarios';
import { createRedisGovernor } from './redis.governor';

/** A sleep that records each wait it is asked for, then waits it. */
function recordingSleep(): { waits: number[]; sleep: (ms: number) => Promise<void> } {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms: number) => {
      waits.push(ms);
      await new Promise((r) => setTimeout(r, ms));
    },
  };
}

/** A sleep that records each wait it is asked for and never ends: the call it holds back stays held back. */
function holdingSleep(): { waits: number[]; sleep: (ms: number) => Promise<void> } {
  const waits: number[] = [];
  return { waits, sleep: (ms: number) => (waits.push(ms), new Promise<void>(() => undefined)) };
}

/** Lets the calls started but not awaited reach Redis. */
const settle = () => new Promise((r) => setTimeout(r, 50));

describe('redis governor', () => {
  let redis: Redis;
  let other: Redis;
  const key = `test-${process.pid}-${Date.now()}`;

  beforeAll(() => {
    const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    redis = new Redis(url, { maxRetriesPerRequest: 1 });
    // A second client stands in for a second process.
    other = new Redis(url, { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    await redis.quit();
    await other.quit();
  });

  it('shares one bucket between clients and asks for the right wait', async () => {
    const { waits, sleep } = recordingSleep();
    const policy = { kind: 'cost-points', maxAvailable: 100, restorePerSecond: 10 } as const;
    const a = createRedisGovernor(redis, `${key}:a`, policy, { headroom: 0, jitterSeconds: 0, sleep });
    const b = createRedisGovernor(other, `${key}:a`, policy, { headroom: 0, jitterSeconds: 0, sleep });
    await a.acquire(60);
    await b.acquire(40);
    expect(waits).toEqual([]);
    await a.acquire(10);
    // 10 points at 10/s ≈ 1 s (a few ms of refill may have happened since).
    expect(waits.length).toBeGreaterThanOrEqual(1);
    expect(waits[0]).toBeGreaterThan(800);
    expect(waits[0]).toBeLessThanOrEqual(1000);
  });

  it('applies feedback atomically: refund, downward correction, reported rate', async () => {
    const { waits, sleep } = recordingSleep();
    const g = createRedisGovernor(redis, `${key}:b`, { kind: 'cost-points', maxAvailable: 100, restorePerSecond: 10 }, { headroom: 0, jitterSeconds: 0, sleep });
    await g.acquire(100);
    await g.observe({ refund: 30 });
    await g.acquire(30);
    expect(waits).toEqual([]);
    await g.observe({ available: 0, refillPerSecond: 1000 });
    await g.acquire(100);
    expect(waits.length).toBeGreaterThanOrEqual(1);
    expect(waits[0]).toBeLessThanOrEqual(100);
  });

  it('an observation not waited for is on the connection before the next acquire (the HTTP client does not wait for it)', async () => {
    const { waits, sleep } = recordingSleep();
    const bucket = createRedisGovernor(redis, `${key}:unawaited`, { kind: 'cost-points', maxAvailable: 100, restorePerSecond: 1000 }, { headroom: 0, jitterSeconds: 0, sleep });
    await bucket.acquire(10);
    void bucket.observe({ available: 0 });
    await bucket.acquire(50);
    expect(waits.length).toBeGreaterThanOrEqual(1);

    const { waits: windowWaits, sleep: held } = holdingSleep();
    const window = createRedisGovernor(redis, `${key}:unawaited-window`, { kind: 'fixed-window', limit: 100, windowMs: 60_000 }, { headroom: 0, jitterSeconds: 0, sleep: held });
    const grant = await window.acquire();
    // The provider says the window is spent: the next call waits for the next window instead of going out.
    void window.observe({ available: 0, resetInMs: 60_000 }, grant);
    void window.acquire();
    await settle();
    expect(windowWaits).toHaveLength(1);
    expect(windowWaits[0]).toBeGreaterThan(1000);
  });

  it('a bucket the provider reports larger gains the difference; a smaller one keeps its level up to its size', async () => {
    const { waits, sleep } = holdingSleep();
    const g = createRedisGovernor(redis, `${key}:resize`, { kind: 'cost-points', maxAvailable: 100, restorePerSecond: 1 }, { headroom: 0, jitterSeconds: 0, sleep });
    await g.acquire(80);
    // A larger plan: 20 of 100 left becomes 920 of 1000.
    await g.observe({ capacity: 1000 });
    await g.acquire(900);
    expect(waits).toEqual([]);
    // 20 left, in a smaller bucket too: a call of 40 waits for 20 points at 1/s.
    await g.observe({ capacity: 500 });
    void g.acquire(40);
    await settle();
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(15_000);
  });

  describe('leases from a bucket at least half full', () => {
    type Take = (...args: string[]) => Promise<unknown>;
    /** Round trips to the bucket's script from this client (takes and observations). */
    const countTrips = (client: Redis) => jest.spyOn(client as unknown as { storebridgeBucket: Take }, 'storebridgeBucket');
    const policy = { kind: 'cost-points', maxAvailable: 1000, restorePerSecond: 0.001 } as const;
    afterEach(() => jest.restoreAllMocks());

    it('the next calls go without a round trip, and their units have left the shared bucket', async () => {
      const { waits, sleep } = holdingSleep();
      const a = createRedisGovernor(redis, `${key}:lease`, policy, { headroom: 0, jitterSeconds: 0, sleep });
      const b = createRedisGovernor(other, `${key}:lease`, policy, { headroom: 0, jitterSeconds: 0, sleep });
      const trips = countTrips(redis);
      // 100 for the call and 4 × 100 lent: the bucket keeps 500, half of it.
      await a.acquire(100);
      expect(trips).toHaveBeenCalledTimes(1);
      for (let i = 0; i < 4; i++) await a.acquire(100);
      expect(trips).toHaveBeenCalledTimes(1);
      // Another process finds 500, not the 1000 the provider still has until a's calls reach it.
      await b.acquire(500);
      expect(waits).toEqual([]);
      // a's lease is spent, and the bucket is empty: no lease, a wait.
      void a.acquire(100);
      await settle();
      expect(trips).toHaveBeenCalledTimes(2);
      expect(waits).toHaveLength(1);
    });

    it('calls that take leases at the same time keep every unit of them', async () => {
      const big = { kind: 'cost-points', maxAvailable: 10_000, restorePerSecond: 0.001 } as const;
      const a = createRedisGovernor(redis, `${key}:lease-concurrent`, big, { headroom: 0, jitterSeconds: 0 });
      const trips = countTrips(redis);
      await Promise.all([a.acquire(100), a.acquire(100)]);
      expect(trips).toHaveBeenCalledTimes(2);
      // Two leases of 4 × 100: eight calls without a round trip.
      for (let i = 0; i < 8; i++) await a.acquire(100);
      expect(trips).toHaveBeenCalledTimes(2);
      await a.acquire(100);
      expect(trips).toHaveBeenCalledTimes(3);
    });

    it('none below half; the provider reporting its bucket below half ends one; an unspent one ends after a second', async () => {
      const clock = fakeClock();
      const a = createRedisGovernor(redis, `${key}:lease2`, policy, { headroom: 0, jitterSeconds: 0, now: clock.now, sleep: clock.sleep });
      const trips = countTrips(redis);
      await a.acquire(300);
      await a.acquire(300);
      // 400 left: 100 more and a lease of 400 would leave 0.
      await a.acquire(100);
      await a.acquire(100);
      expect(trips).toHaveBeenCalledTimes(4);

      const b = createRedisGovernor(redis, `${key}:lease3`, policy, { headroom: 0, jitterSeconds: 0, now: clock.now, sleep: clock.sleep });
      await b.acquire(10);
      await b.acquire(10);
      expect(trips).toHaveBeenCalledTimes(5);
      await b.observe({ available: 400 });
      await b.acquire(10);
      expect(trips).toHaveBeenCalledTimes(7);

      const c = createRedisGovernor(redis, `${key}:lease4`, policy, { headroom: 0, jitterSeconds: 0, now: clock.now, sleep: clock.sleep });
      await c.acquire(10);
      clock.advance(999);
      await c.acquire(10);
      expect(trips).toHaveBeenCalledTimes(8);
      clock.advance(2);
      await c.acquire(10);
      expect(trips).toHaveBeenCalledTimes(9);
    });
  });

  it('counts one fixed window across clients, aligned by either', async () => {
    const clock = fakeClock();
    const t0 = clock.t;
    const policy = { kind: 'fixed-window', limit: 3, windowMs: 1000 } as const;
    const options = { headroom: 0, jitterSeconds: 0, now: clock.now, sleep: clock.sleep };
    const a = createRedisGovernor(redis, `${key}:c`, policy, options);
    const b = createRedisGovernor(other, `${key}:c`, policy, options);
    const first = await a.acquire();
    // The provider's answer to a's call, read by a's process: the window ends at t0 + 600.
    clock.advance(10);
    await a.observe({ available: 2, resetInMs: 590 }, first);
    // b's process counts in the same window, and settles its calls in it.
    await b.observe({}, await b.acquire());
    await a.observe({}, await a.acquire());
    expect(clock.t).toBe(t0 + 10);
    await b.acquire();
    expect(clock.t).toBe(t0 + 600);
  });

  describe('fixed windows (the same scenarios as the memory governor)', () => {
    let n = 0;
    fixedWindowScenarios((policy, options) => createRedisGovernor(redis, `${key}:w${n++}`, policy, options));
  });
});
