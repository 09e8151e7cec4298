import type { Page } from '@storebridge/contracts';

/**
 * Fetches the pages of a list ahead of their writer, at most `limits.pages`
 * pages and about `limits.records` records not yet taken. `take()` hands over every page fetched so far (at
 * least one, waiting for it), so a writer slower than the provider writes
 * several pages in one go instead of falling further behind, and a faster
 * one writes page by page. What a crash can cost is bounded by `limits.pages`
 * (plus the page in flight): pages fetched but not yet written and
 * checkpointed are fetched again by the resumed run.
 *
 * A fetch error is handed over after the pages fetched before it, so those
 * are written first and nothing already read is lost.
 */
export class PageReadAhead<T> {
  private readonly ready: Array<Page<T>> = [];
  private readyRecords = 0;
  private error: { e: unknown } | null = null;
  private finished = false;
  private stopped = false;
  private wakeTaker: (() => void) | null = null;
  private wakeFetcher: (() => void) | null = null;

  constructor(
    private readonly fetchPage: (cursor: string | null) => Promise<Page<T>>,
    firstCursor: string | null,
    private readonly limits: { pages: number; records: number },
  ) {
    void this.run(firstCursor);
  }

  /** The pages fetched since the last take (in order), or null after the last page. Throws the fetch error once they are taken. */
  async take(): Promise<Array<Page<T>> | null> {
    while (this.ready.length === 0 && !this.finished) await new Promise<void>((r) => (this.wakeTaker = r));
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
