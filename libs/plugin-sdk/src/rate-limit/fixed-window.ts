import type { RateLimitFeedback } from '@storebridge/contracts';
import type { Grant } from './rate-limit.governor';

/**
 * A fixed-window quota as the governor tracks it: the window it believes the
 * provider is counting, and the units counted in it.
 *
 * The provider counts a call in the window its arrival falls into; the
 * governor only knows when it granted the call, and learns the window's end
 * from answers (`resetInMs`, measured when the answer is read, so the end it
 * derives is never earlier than the provider's: the answer's travel only
 * makes it later). Both directions of a boundary are guarded:
 *
 * - A call granted in window k must not arrive in k+1 uncounted. No grants
 *   in the last `jitterMs` of a window, so a call granted late usually
 *   arrives in time; and whatever is still out when a window closes is
 *   counted in the next one from the start (`carried`), until its answer
 *   shows where it landed: an answer from the previous window gives the unit
 *   back. Calls that queue longer than `jitterMs` (a saturated client or a
 *   slow provider) therefore cost at most some share, never a 429. While
 *   carried calls are out, waiters look again every `pollMs` for units given
 *   back rather than sleeping to the window's end.
 * - A call granted early in window k+1 must not arrive while the provider is
 *   still in k: the governor only starts a window at or after the end it
 *   derived (never early, see above). After a window it knows nothing of the
 *   next one, so it guesses `now + windowMs` (right when the provider starts
 *   windows on the first request, late when it starts them on a fixed grid)
 *   and the first answer of the new window replaces the guess.
 *
 * Answers are matched to windows by their end: one that ends within half a
 * window of the start of the current one is from the previous window (a slow
 * answer): its left count is ignored; one that ends more than half a window
 * after the current end means the provider has moved on: its window is
 * opened. Within the current window the earliest derived end is kept (every
 * derived end is at or after the real one, so the earliest is the tightest),
 * and the provider's left count only ever raises the count (calls granted but
 * not arrived are not in it; calls granted after it are added to it).
 *
 * Pure, so the in-memory governor runs it as is and redis.governor.ts runs
 * the same steps in Lua (keep them in step; the shared scenarios in
 * fixed-window.scenarios.ts run against both).
 */
export interface WindowState {
  /** Where the current window started (the previous window's end); NO_WINDOW before the first. */
  start: number;
  /** When the current window ends; NO_WINDOW before the first. */
  end: number;
  /** Where the previous window started: grants that carry it were carried into this one. */
  prevStart: number;
  /**
   * Units counted in this window: carried in, granted here, and raised to the
   * provider's own count when an answer reports more.
   */
  used: number;
  /** The most the provider reported used in this window (its count: other apps' calls too); `used` never drops below it. */
  reported: number;
  /** Carried units whose answers are still out. */
  carried: number;
  /** Units granted in this window whose answers are still out. */
  inflight: number;
  /** Whether `end` came from the provider rather than the governor's guess. */
  confirmed: boolean;
}

/** Stands for "no window yet": far below any clock, and a plain number so Redis can store it. */
export const NO_WINDOW = -1e15;

export const initialWindow = (): WindowState => ({
  start: NO_WINDOW,
  end: NO_WINDOW,
  prevStart: NO_WINDOW,
  used: 0,
  reported: 0,
  carried: 0,
  inflight: 0,
  confirmed: false,
});

export interface WindowLimits {
  windowMs: number;
  /** Units the governor lets itself use per window (the quota less headroom). */
  limit: number;
  jitterMs: number;
  pollMs: number;
}

/** Closes the current window and opens the next, ending at `end`; calls still out are counted in it. */
function openWindow(s: WindowState, end: number, confirmed: boolean): void {
  s.prevStart = s.start;
  s.start = s.end;
  s.end = end;
  s.used = s.inflight;
  s.reported = 0;
  s.carried = s.inflight;
  s.inflight = 0;
  s.confirmed = confirmed;
}

/** Spends `cost` at `now` if the window allows it (wait 0, and the window it was counted in), else the ms to wait before asking again. */
export function takeFromWindow(s: WindowState, now: number, cost: number, l: WindowLimits): { wait: number; window: number } {
  if (now >= s.end) openWindow(s, now + l.windowMs, false);
  // A cost above the whole limit can only ever run in an untouched window.
  if (now < s.end - l.jitterMs && (s.used + cost <= l.limit || s.used === 0)) {
    s.used += cost;
    s.inflight += cost;
    return { wait: 0, window: s.start };
  }
  const untilEnd = Math.max(1, Math.ceil(s.end - now));
  return { wait: s.carried > 0 ? Math.min(untilEnd, l.pollMs) : untilEnd, window: s.start };
}

/** Applies what an answer read at `now` said, for the call made under `grant`; `quota` is the provider's whole quota per window. */
export function observeWindow(s: WindowState, now: number, feedback: RateLimitFeedback, quota: number, windowMs: number, grant?: Grant): void {
  let stale = false;
  if (feedback.resetInMs !== undefined && feedback.resetInMs >= 0) {
    const reportedEnd = now + feedback.resetInMs;
    if (reportedEnd <= s.start + windowMs / 2) stale = true;
    else if (reportedEnd > s.end + windowMs / 2) openWindow(s, reportedEnd, true);
    else {
      s.end = s.confirmed ? Math.min(s.end, reportedEnd) : reportedEnd;
      s.confirmed = true;
    }
  }
  if (grant?.window !== undefined) {
    if (grant.window === s.start) s.inflight = Math.max(0, s.inflight - grant.cost);
    else if (grant.window === s.prevStart) {
      s.carried = Math.max(0, s.carried - grant.cost);
      // It counted in the previous window after all: the unit carried for it is free.
      if (stale) s.used = Math.max(s.reported, s.used - grant.cost);
    }
  }
  if (!stale && feedback.available !== undefined) {
    s.reported = Math.max(s.reported, quota - feedback.available);
    s.used = Math.max(s.used, s.reported);
  }
}
