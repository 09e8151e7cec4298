import type { RateLimitFeedback, RateLimitPolicy } from '@storebridge/contracts';
import type { GovernorOptions, Grant, RateLimitGovernor } from './rate-limit.governor';

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

/** Builds the governor under test on the given clock (a fresh budget each call). */
export type MakeWindowGovernor = (policy: RateLimitPolicy, options: GovernorOptions & { now: () => number }) => RateLimitGovernor | Promise<RateLimitGovernor>;

const window = (limit: number): RateLimitPolicy => ({ kind: 'fixed-window', limit, windowMs: 1000 });

/**
 * The fixed-window rule of fixed-window.ts as scenarios, run against the
 * in-memory governor (memory.governor.spec.ts) and the Redis one
 * (redis.governor.integration-spec.ts), so both behave the same. A "call"
 * acquires and, like the HTTP client, observes its answer with its grant.
 */
export function fixedWindowScenarios(make: MakeWindowGovernor): void {
  const setup = async (limit: number, options: GovernorOptions = {}) => {
    const clock = fakeClock();
    const g = await make(window(limit), { headroom: 0, jitterSeconds: 0, ...options, now: clock.now, sleep: clock.sleep });
    /** One call answered at once with `feedback`. */
    const call = async (feedback: RateLimitFeedback = {}) => g.observe(feedback, await g.acquire());
    return { clock, g, call, t0: clock.t };
  };

  it('counts a window and waits for its end', async () => {
    const { clock, call, t0 } = await setup(3);
    for (let i = 0; i < 3; i++) await call();
    expect(clock.t).toBe(t0);
    await call();
    expect(clock.t).toBe(t0 + 1000);
  });

  it('opens its next windows with the length the provider reports', async () => {
    const { clock, call, t0 } = await setup(3);
    await call({ windowMs: 400 }); // the window open now keeps the length it opened with
    await call();
    await call();
    await call();
    expect(clock.t).toBe(t0 + 1000);
    await call();
    await call();
    await call(); // the window opened at t0 + 1000 is 400 ms long
    expect(clock.t).toBe(t0 + 1400);
  });

  it('keeps the headroom share of the quota free', async () => {
    const { clock, call, t0 } = await setup(20, { headroom: 0.1 });
    for (let i = 0; i < 18; i++) await call();
    expect(clock.t).toBe(t0);
    await call();
    expect(clock.t).toBe(t0 + 1000);
  });

  it("adopts the provider's window end and left count", async () => {
    const { clock, g, call, t0 } = await setup(10);
    const first = await g.acquire();
    clock.advance(20);
    // Ends at t0 + 400, not at the governor's guess (t0 + 1000); 8 of 10 used (other apps count too).
    await g.observe({ capacity: 10, available: 2, resetInMs: 380 }, first);
    await call();
    await call();
    expect(clock.t).toBe(t0 + 20);
    await call();
    expect(clock.t).toBe(t0 + 400);
  });

  it('replaces its guess by a later end (windows that start at the first request)', async () => {
    const { clock, g, call, t0 } = await setup(2);
    const first = await g.acquire();
    clock.advance(30);
    await g.observe({ available: 1, resetInMs: 995 }, first);
    await call();
    await call();
    // Starting at the guessed t0 + 1000 would land in the provider's full window.
    expect(clock.t).toBe(t0 + 1025);
  });

  it('keeps the earliest end the provider reports within a window', async () => {
    const { clock, g, call, t0 } = await setup(2);
    const first = await g.acquire();
    clock.advance(10);
    await g.observe({ resetInMs: 480 }, first);
    clock.advance(20);
    // A slower answer derives a later end (t0 + 510): not adopted.
    await g.observe({ resetInMs: 480 });
    await call();
    await call();
    expect(clock.t).toBe(t0 + 490);
  });

  it('grants nothing in the last jitter slice of a window', async () => {
    const { clock, g, call, t0 } = await setup(10, { jitterSeconds: 0.1 });
    const first = await g.acquire();
    clock.advance(20);
    await g.observe({ resetInMs: 480 }, first);
    clock.advance(370);
    await call();
    expect(clock.t).toBe(t0 + 390);
    clock.advance(10);
    // Granted now, it could reach the provider after t0 + 500 and count in a window the governor has not opened.
    await call();
    expect(clock.t).toBe(t0 + 500);
  });

  it('ignores the left count of a slow answer from the previous window', async () => {
    const { clock, g, call, t0 } = await setup(2);
    await call({ resetInMs: 500 });
    await call();
    await call();
    expect(clock.t).toBe(t0 + 500);
    clock.advance(20);
    // Answered at t0 + 490 (to another process), read at t0 + 520: says nothing about the new window.
    await g.observe({ available: 0, resetInMs: 10 });
    await call();
    expect(clock.t).toBe(t0 + 520);
  });

  it('counts calls still out at the end of a window in the next one, until their answers say where they landed', async () => {
    const { clock, g, call, t0 } = await setup(3);
    const slow: Grant[] = [];
    await call({ resetInMs: 500 });
    slow.push(await g.acquire(), await g.acquire());
    // The window is full; the two slow calls are still out when it ends: they may yet count in the next, one unit is left.
    await call();
    expect(clock.t).toBe(t0 + 500);
    const waiting = call();
    // One landed before t0 + 500 (its answer points at the old window): its unit comes back, and the waiter gets it at its next look (polls every 1000 / 50 ms).
    clock.advance(5);
    await g.observe({ available: 0, resetInMs: 0 }, slow[0]);
    await waiting;
    expect(clock.t).toBe(t0 + 525);
    // The other landed in the new window: it stays counted, and the window is full until its end.
    await g.observe({ resetInMs: 975 }, slow[1]);
    await call();
    expect(clock.t).toBe(t0 + 1500);
  });

  it('follows the provider into a later window', async () => {
    const { clock, g, call, t0 } = await setup(2);
    const first = await g.acquire();
    await g.observe({ available: 0, resetInMs: 500 }, first);
    clock.advance(100);
    // The provider has already moved to a window ending at t0 + 1100, with 1 left.
    await g.observe({ available: 1, resetInMs: 1000 });
    await call();
    expect(clock.t).toBe(t0 + 100);
    await call();
    expect(clock.t).toBe(t0 + 1100);
  });

  it('treats a bare 429 (nothing left) as a full window', async () => {
    const { clock, g, call, t0 } = await setup(10);
    await call();
    await g.observe({ available: 0 });
    await call();
    expect(clock.t).toBe(t0 + 1000);
  });
}
