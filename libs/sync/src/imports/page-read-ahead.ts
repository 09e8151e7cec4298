import type { Page } from '@storebridge/contracts';

/**
 * Fetches the pages of a list ahead of their writer, at most `limits.pages`
 * pages and about `limits.records` records not yet taken. `take()` hands over
 * every page fetched so far, so a writer slower than the provider writes
 * several pages in one go instead of falling further behind. What a crash can
 * cost is bounded by the limits (plus the page in flight): pages fetched but
 * not yet written and checkpointed are fetched again by the resumed run.
 *
 * `batch`: a write costs a few round trips and a commit whatever its size,
 * so `take()` waits until `batch.records` records are ready (or the read-ahead
 * is full, or the list ended, or the oldest ready page has waited
 * `batch.waitMs`): a provider whose pages are small (Shopify's cost-bounded
 * ones hold 3 to 6 records) is not written a few records at a time while the
 * fetcher runs on. The default (1 record, no wait) hands over each page as
 * soon as it is there.
 *
 * A fetch error is handed over after the pages fetched before it, so those
 * are written first and nothing already read is lost.
 */
export class PageReadAhead<T> {
  private readonly ready: Array<Page<T>> = [];
  private readyRecords = 0;
  /** When the oldest page not yet taken arrived. */
  private oldestReadyAt = 0;
  private error: { e: unknown } | null = null;
  private finished = false;
  private stopped = false;
  private wakeTaker: (() => void) | null = null;
  private wakeFetcher: (() => void) | null = null;

  constructor(
    private readonly fetchPage: (cursor: string | null) => Promise<Page<T>>,
    firstCursor: string | null,
    private readonly limits: { pages: number; records: number },
    private readonly batch: { records: number; waitMs: number } = { records: 1, waitMs: 0 },
  ) {
    void this.run(firstCursor);
  }

  /** The pages fetched since the last take (in order), or null after the last page. Throws the fetch error once they are taken. */
  async take(): Promise<Array<Page<T>> | null> {
    for (;;) {
      if (this.ready.length === 0 && this.finished) break;
      const waitedMs = performance.now() - this.oldestReadyAt;
      if (this.ready.length > 0 && (this.finished || this.isFull() || this.readyRecords >= this.batch.records || waitedMs >= this.batch.waitMs)) break;
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((r) => {
        this.wakeTaker = r;
        // Pages are waiting for a fuller batch: not longer than batch.waitMs in all.
        if (this.ready.length > 0) timer = setTimeout(r, this.batch.waitMs - waitedMs);
      });
      clearTimeout(timer);
    }
    if (this.ready.length > 0) {
      const pages = this.ready.splice(0);
      this.readyRecords = 0;
      this.wake('fetcher');
      return pages;
    }
    if (this.error) throw this.error.e;
    return null;
  }

  /** Stops fetching (the writer gave up); a fetch in flight finishes and is dropped. */
  stop(): void {
    this.stopped = true;
    this.wake('fetcher');
  }

  private async run(cursor: string | null): Promise<void> {
    try {
      while (!this.stopped) {
        while (this.isFull() && !this.stopped) await new Promise<void>((r) => (this.wakeFetcher = r));
        if (this.stopped) break;
        const page = await this.fetchPage(cursor);
        if (this.ready.length === 0) this.oldestReadyAt = performance.now();
        this.ready.push(page);
        this.readyRecords += page.items.length;
        this.wake('taker');
        if (page.nextCursor === null) break;
        cursor = page.nextCursor;
      }
    } catch (e) {
      this.error = { e };
    } finally {
      this.finished = true;
      this.wake('taker');
    }
  }

  private isFull(): boolean {
    return this.ready.length >= this.limits.pages || this.readyRecords >= this.limits.records;
  }

  private wake(who: 'taker' | 'fetcher'): void {
    const fn = who === 'taker' ? this.wakeTaker : this.wakeFetcher;
    if (who === 'taker') this.wakeTaker = null;
    else this.wakeFetcher = null;
    fn?.();
  }
}
