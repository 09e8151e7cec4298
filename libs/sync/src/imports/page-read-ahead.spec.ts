import type { Page } from '@storebridge/contracts';
import { PageReadAhead } from './page-read-ahead';

/** A list of `pages` pages of two items; each fetch resolves when the test releases it. */
function provider(pages: number, failAt?: number) {
  const pending: Array<() => void> = [];
  const fetched: Array<string | null> = [];
  const fetchPage = (cursor: string | null): Promise<Page<number>> => {
    fetched.push(cursor);
    const n = cursor === null ? 0 : Number(cursor);
    return new Promise((resolve, reject) => {
      pending.push(() => {
        if (n === failAt) return reject(new Error(`page ${n} failed`));
        resolve({ items: [n * 2, n * 2 + 1], nextCursor: n + 1 < pages ? String(n + 1) : null });
      });
    });
  };
  const settle = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return {
    fetchPage,
    fetched,
    /** Releases the oldest fetch in flight and lets the read-ahead react. */
    async release() {
      pending.shift()?.();
      await settle();
    },
    settle,
  };
}

describe('PageReadAhead', () => {
  it('hands over one page at a time to a writer that keeps up, and null after the last', async () => {
    const p = provider(3);
    const ahead = new PageReadAhead(p.fetchPage, null, { pages: 3, records: 100 });
    const first = ahead.take();
    await p.release();
    expect((await first)?.map((page) => page.items)).toEqual([[0, 1]]);
    await p.release();
    expect((await ahead.take())?.map((page) => page.items)).toEqual([[2, 3]]);
    await p.release();
    expect((await ahead.take())?.map((page) => page.nextCursor)).toEqual([null]);
    expect(await ahead.take()).toBeNull();
    expect(p.fetched).toEqual([null, '1', '2']);
  });

  it('reads at most maxAhead pages ahead of a slow writer, then hands them over together', async () => {
    const p = provider(10);
    const ahead = new PageReadAhead(p.fetchPage, null, { pages: 3, records: 100 });
    for (let i = 0; i < 6; i++) await p.release();
    // Three pages wait; the fourth is not even asked for until the writer takes.
    expect(p.fetched).toEqual([null, '1', '2']);
    expect((await ahead.take())?.map((page) => page.items[0])).toEqual([0, 2, 4]);
    await p.settle();
    expect(p.fetched).toEqual([null, '1', '2', '3']);
    ahead.stop();
  });

  it('also stops reading ahead at the record bound (large pages)', async () => {
    const p = provider(10);
    const ahead = new PageReadAhead(p.fetchPage, null, { pages: 8, records: 4 });
    for (let i = 0; i < 4; i++) await p.release();
    expect(p.fetched).toEqual([null, '1']);
    expect((await ahead.take())?.length).toBe(2);
    ahead.stop();
  });

  it('starts at the given cursor (a resumed import)', async () => {
    const p = provider(5);
    const ahead = new PageReadAhead(p.fetchPage, '3', { pages: 2, records: 100 });
    await p.release();
    expect((await ahead.take())?.map((page) => page.items)).toEqual([[6, 7]]);
    ahead.stop();
  });

  it('hands over the pages read before a failed fetch, then the error', async () => {
    const p = provider(5, 2);
    const ahead = new PageReadAhead(p.fetchPage, null, { pages: 3, records: 100 });
    for (let i = 0; i < 3; i++) await p.release();
    expect((await ahead.take())?.length).toBe(2);
    await expect(ahead.take()).rejects.toThrow('page 2 failed');
  });

  it('stops fetching when the writer gives up', async () => {
    const p = provider(10);
    const ahead = new PageReadAhead(p.fetchPage, null, { pages: 1, records: 100 });
    await p.release();
    ahead.stop();
    await p.settle();
    expect(p.fetched).toEqual([null]);
  });

  describe('with a batch size', () => {
    afterEach(() => jest.useRealTimers());

    it('waits until a batch of records is ready, then hands the pages over together', async () => {
      const p = provider(10);
      const ahead = new PageReadAhead(p.fetchPage, null, { pages: 8, records: 100 }, { records: 5, waitMs: 60_000 });
      let taken: Array<Page<number>> | null | undefined;
      void ahead.take().then((pages) => (taken = pages));
      await p.release();
      await p.release();
      // Two pages, four records: short of the batch.
      expect(taken).toBeUndefined();
      await p.release();
      expect(taken?.map((page) => page.items[0])).toEqual([0, 2, 4]);
      ahead.stop();
    });

    it('hands over a short batch when the list ends', async () => {
      const p = provider(2);
      const ahead = new PageReadAhead(p.fetchPage, null, { pages: 8, records: 100 }, { records: 50, waitMs: 60_000 });
      await p.release();
      await p.release();
      expect((await ahead.take())?.map((page) => page.nextCursor)).toEqual(['1', null]);
      expect(await ahead.take()).toBeNull();
    });

    it('hands over a short batch when the read-ahead is full (it would never fill)', async () => {
      const p = provider(10);
      const ahead = new PageReadAhead(p.fetchPage, null, { pages: 2, records: 100 }, { records: 50, waitMs: 60_000 });
      await p.release();
      await p.release();
      expect((await ahead.take())?.length).toBe(2);
      ahead.stop();
    });

    it('hands over what waited batch.waitMs, so a slow provider is still checkpointed', async () => {
      jest.useFakeTimers();
      const p = provider(10);
      const ahead = new PageReadAhead(p.fetchPage, null, { pages: 8, records: 100 }, { records: 50, waitMs: 1_000 });
      let taken: Array<Page<number>> | null | undefined;
      void ahead.take().then((pages) => (taken = pages));
      await p.release();
      await jest.advanceTimersByTimeAsync(999);
      expect(taken).toBeUndefined();
      await jest.advanceTimersByTimeAsync(1);
      expect(taken?.map((page) => page.items)).toEqual([[0, 1]]);
      ahead.stop();
    });
  });
});
