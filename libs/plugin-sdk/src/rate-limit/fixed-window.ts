import type { RateLimitFeedback } from '@storebridge/contracts';

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
 * - A call granted late in window k must not arrive in k+1, where the
 *   governor would not count it: no grants in the last `jitterMs` of a
 *   window, which covers the call's travel plus the lateness of the end.
 * - A call granted early in window k+1 must not arrive while the provider is
 *   still in k: the governor only starts a window at or after the end it
 *   derived (never early, see above). After a window it knows nothing of the
 *   next one, so it guesses `now + windowMs` (right when the provider starts
 *   windows on the first request, late when it starts them on a fixed grid)
 *   and the first answer of the new window replaces the guess.
 *
 * Answers are matched to windows by their end: one that ends within half a
 * window of the start of the current one is from the previous window (a slow
 * answer) and is ignored; one that ends more than half a window after the
 * current end means the provider has moved on: its window is adopted. Within
 * the current window the earliest derived end is kept (every derived end is
 * at or after the real one, so the earliest is the tightest), and the left
 * count only ever raises what the governor counted (calls it granted that have
 * not arrived yet are not in the provider's count).
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
  /** Units counted in the current window: granted here, or reported by the provider. */
  used: number;
  /** Whether `end` came from the provider rather than the governor's guess. */
  confirmed: boolean;
}

/** Stands for "no window yet": far below any clock, and a plain number so Redis can store it. */
export const NO_WINDOW = -1e15;

export const initialWindow = (): WindowState => ({ start: NO_WINDOW, end: NO_WINDOW, used: 0, confirmed: false });

export interface WindowLimits {
  windowMs: number;
  /** Units the governor lets itself use per window (the quota less headroom). */
  limit: number;
  jitterMs: number;
}

/** Spends `cost` at `now` if the window allows it (returns 0), else returns the ms to wait before asking again. */
export function takeFromWindow(s: WindowState, now: number, cost: number, l: WindowLimits): number {
  if (now >= s.end) {
    s.start = s.end;
    s.end = now + l.windowMs;
    s.used = 0;
    s.confirmed = false;
  }
  // A cost above the whole limit can only ever run in an untouched window.
  if (now < s.end - l.jitterMs && (s.used + cost <= l.limit || s.used === 0)) {
    s.used += cost;
    return 0;
  }
  return Math.max(1, Math.ceil(s.end - now));
}

/** Applies what an answer read at `now` said; `quota` is the provider's whole quota per window. */
export function observeWindow(s: WindowState, now: number, feedback: RateLimitFeedback, quota: number, windowMs: number): void {
  if (feedback.resetInMs !== undefined && feedback.resetInMs >= 0) {
    const reportedEnd = now + feedback.resetInMs;
    // A slow answer from the previous window says nothing about this one.
    if (reportedEnd <= s.start + windowMs / 2) return;
    if (reportedEnd > s.end + windowMs / 2) {
      s.start = s.end;
      s.end = reportedEnd;
      s.used = 0;
    } else {
      s.end = s.confirmed ? Math.min(s.end, reportedEnd) : reportedEnd;
    }
    s.confirmed = true;
  }
  if (feedback.available !== undefined) s.used = Math.max(s.used, quota - feedback.available);
}
