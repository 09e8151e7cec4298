import type { RateLimitPolicy } from '@storebridge/contracts';
import type { GovernorOptions, RateLimitGovernor } from './rate-limit.governor';

/** A fake clock whose sleep advances time, so pacing is checked exactly and instantly. */
export function fakeClock(start = 1_000_000) {
  let t = start;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += ms;
    },
    advance(ms: number) {
      t += ms;
    },
    get t() {
      return t;
    },
  };
}

export type Clock = ReturnType<typeof fakeClock>;

/** Builds the governor under test on the given clock (a fresh budget each call). */
export type MakeWindowGovernor = (policy: RateLimitPolicy, options: GovernorOptions & { now: () => number }) => RateLimitGovernor | Promise<RateLimitGovernor>;

const window = (limit: number): RateLimitPolicy => ({ kind: 'fixed-window', limit, windowMs: 1000 });

/**
 * The fixed-window rule of fixed-window.ts as scenarios, run against the
 * in-memory governor (memory.governor.spec.ts) and the Redis one
 * (redis.governor.integration-spec.ts), so both behave the same.
 */
export function fixedWindowScenarios(make: MakeWindowGovernor): void {
  const setup = async (limit: number, options: GovernorOptions = {}) => {
    const clock = fakeClock();
    const g = await make(window(limit), { headroom: 0, jitterSeconds: 0, ...options, now: clock.now, sleep: clock.sleep });
    return { clock, g, t0: clock.t };
  };

  it('counts a window and waits for its end', async () => {
    const { clock, g, t0 } = await setup(3);
    for (let i = 0; i < 3; i++) await g.acquire();
    expect(clock.t).toBe(t0);
    await g.acquire();
    expect(clock.t).toBe(t0 + 1000);
  });

  it('keeps the headroom share of the quota free', async () => {
    const { clock, g, t0 } = await setup(20, { headroom: 0.1 });
    for (let i = 0; i < 18; i++) await g.acquire();
    expect(clock.t).toBe(t0);
    await g.acquire();
    expect(clock.t).toBe(t0 + 1000);
  });

  it("adopts the provider's window end and left count", async () => {
    const { clock, g, t0 } = await setup(10);
    await g.acquire();
    clock.advance(20);
    // Ends at t0 + 400, not at the governor's guess (t0 + 1000); 8 of 10 used (other apps count too).
    await g.observe({ capacity: 10, available: 2, resetInMs: 380 });
    await g.acquire();
    await g.acquire();
    expect(clock.t).toBe(t0 + 20);
    await g.acquire();
    expect(clock.t).toBe(t0 + 400);
  });

  it('replaces its guess by a later end (windows that start at the first request)', async () => {
    const { clock, g, t0 } = await setup(2);
    await g.acquire();
    clock.advance(30);
    await g.observe({ available: 1, resetInMs: 995 });
    await g.acquire();
    await g.acquire();
    // Starting at the guessed t0 + 1000 would land in the provider's full window.
    expect(clock.t).toBe(t0 + 1025);
  });

  it('keeps the earliest end the provider reports within a window', async () => {
    const { clock, g, t0 } = await setup(2);
    await g.acquire();
    clock.advance(10);
    await g.observe({ resetInMs: 480 });
    clock.advance(20);
    // A slower answer derives a later end (t0 + 510): not adopted.
    await g.observe({ resetInMs: 480 });
    await g.acquire();
    await g.acquire();
    expect(clock.t).toBe(t0 + 490);
  });

  it('grants nothing in the last jitter slice of a window', async () => {
    const { clock, g, t0 } = await setup(10, { jitterSeconds: 0.1 });
    await g.acquire();
    clock.advance(20);
    await g.observe({ resetInMs: 480 });
    clock.advance(370);
    await g.acquire();
    expect(clock.t).toBe(t0 + 390);
    clock.advance(10);
    // Granted now, it could reach the provider after t0 + 500 and count in a window the governor has not opened.
    await g.acquire();
    expect(clock.t).toBe(t0 + 500);
  });

  it('ignores a slow answer from the previous window', async () => {
    const { clock, g, t0 } = await setup(2);
    await g.acquire();
    await g.observe({ resetInMs: 500 });
    await g.acquire();
    await g.acquire();
    expect(clock.t).toBe(t0 + 500);
    clock.advance(20);
    // Answered at t0 + 490, read at t0 + 520: says nothing about the new window.
    await g.observe({ available: 0, resetInMs: 10 });
    await g.acquire();
    expect(clock.t).toBe(t0 + 520);
  });

  it('follows the provider into a later window', async () => {
    const { clock, g, t0 } = await setup(2);
    await g.acquire();
    await g.observe({ available: 0, resetInMs: 500 });
    clock.advance(100);
    // The provider has already moved to a window ending at t0 + 1100, with 1 left.
    await g.observe({ available: 1, resetInMs: 1000 });
    await g.acquire();
    expect(clock.t).toBe(t0 + 100);
    await g.acquire();
    expect(clock.t).toBe(t0 + 1100);
  });

  it('treats a bare 429 (nothing left) as a full window', async () => {
    const { clock, g, t0 } = await setup(10);
    await g.acquire();
    await g.observe({ available: 0 });
    await g.acquire();
    expect(clock.t).toBe(t0 + 1000);
  });
}
