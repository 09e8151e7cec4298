import { fakeClock, fixedWindowScenarios } from './fixed-window.scenarios';
import { createMemoryGovernor } from './memory.governor';

describe('memory governor', () => {
  it('lets a burst use the bucket, then paces at the refill rate', async () => {
    const clock = fakeClock();
    const start = clock.t;
    const g = createMemoryGovernor({ kind: 'cost-points', maxAvailable: 100, restorePerSecond: 10 }, { ...clock, headroom: 0, jitterSeconds: 0 });
    for (let i = 0; i < 10; i++) await g.acquire(10);
    expect(clock.t - start).toBe(0);
    for (let i = 0; i < 5; i++) await g.acquire(10);
    // 50 more points at 10/s: 5 seconds.
    expect(clock.t - start).toBe(5000);
  });

  it('keeps headroom free and corrects downwards from provider feedback', async () => {
    const clock = fakeClock();
    const start = clock.t;
    const g = createMemoryGovernor({ kind: 'token-bucket', capacity: 40, refillPerSecond: 2 }, { ...clock, headroom: 0.1 });
    for (let i = 0; i < 36; i++) await g.acquire();
    expect(clock.t).toBe(start);
    await g.acquire();
    expect(clock.t - start).toBe(500);
    // The provider says another app drained the bucket: wait for its refill.
    await g.observe({ available: 4 });
    await g.acquire();
    expect(clock.t - start).toBe(1000);
  });

  it('applies an observation before observe() returns, so an acquire right after it sees it unawaited', async () => {
    const clock = fakeClock();
    const start = clock.t;
    const g = createMemoryGovernor({ kind: 'cost-points', maxAvailable: 100, restorePerSecond: 10 }, { ...clock, headroom: 0, jitterSeconds: 0 });
    await g.acquire(10);
    void g.observe({ available: 0 });
    await g.acquire(10);
    // Empty, as the provider said: 10 points at 10/s.
    expect(clock.t - start).toBe(1000);
  });

  it('credits refunds and adopts the rate the provider reports', async () => {
    const clock = fakeClock();
    const g = createMemoryGovernor({ kind: 'cost-points', maxAvailable: 100, restorePerSecond: 10 }, { ...clock, headroom: 0, jitterSeconds: 0 });
    await g.acquire(100);
    await g.observe({ refund: 50, refillPerSecond: 100 });
    const start = clock.t;
    await g.acquire(60);
    expect(clock.t - start).toBe(100);
  });

  it('a bucket the provider reports larger gains the difference; a smaller one keeps its level up to its size', async () => {
    const clock = fakeClock();
    const start = clock.t;
    const g = createMemoryGovernor({ kind: 'cost-points', maxAvailable: 100, restorePerSecond: 10 }, { ...clock, headroom: 0, jitterSeconds: 0 });
    await g.acquire(80);
    // A larger plan: 20 of 100 left becomes 920 of 1000.
    await g.observe({ capacity: 1000 });
    await g.acquire(900);
    expect(clock.t).toBe(start);
    // 20 left, in a smaller bucket too: a call of 40 waits for 20 points at 10/s.
    await g.observe({ capacity: 500 });
    await g.acquire(40);
    expect(clock.t - start).toBe(2000);
  });

  it('serves concurrent callers without exceeding the rate', async () => {
    const g = createMemoryGovernor({ kind: 'token-bucket', capacity: 5, refillPerSecond: 50 }, { headroom: 0, jitterSeconds: 0 });
    const started = Date.now();
    const times: number[] = [];
    await Promise.all(Array.from({ length: 15 }, () => g.acquire().then(() => times.push(Date.now() - started))));
    // 10 beyond the bucket at 50/s ≈ 200 ms; a generous upper bound for a busy machine.
    expect(Math.max(...times)).toBeGreaterThanOrEqual(150);
    expect(Math.max(...times)).toBeLessThan(5000);
  });

  it('does nothing for policy none', async () => {
    const g = createMemoryGovernor({ kind: 'none' });
    await expect(g.acquire(1e9)).resolves.toEqual({ cost: 1e9 });
  });

  describe('fixed windows', () => {
    fixedWindowScenarios((policy, options) => createMemoryGovernor(policy, options));
  });
});
