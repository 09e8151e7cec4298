import fc from 'fast-check';
import type { Page } from '@storebridge/contracts';
import { collectPage, decodeCursor, encodeCursor, type PagerCursor } from './filtered-pager';

/** A provider over `data` with numeric cursors, capping pages at `cap`. */
function provider(data: number[], cap = 1000) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    async fetch(cursor: string | null, size: number): Promise<Page<number>> {
      calls++;
      const start = cursor ? Number(cursor) : 0;
      const n = Math.min(size, cap);
      const items = data.slice(start, start + n);
      return { items, nextCursor: start + n < data.length ? String(start + n) : null };
    },
  };
}

async function all(data: number[], accept: (n: number) => boolean, limit: number, pageSize: number, cap?: number): Promise<number[][]> {
  const p = provider(data, cap);
  const pages: number[][] = [];
  let cursor: PagerCursor | null = null;
  for (let guard = 0; guard < 1000; guard++) {
    const { items, next } = await collectPage({ limit, cursor, pageSize, fetch: p.fetch, accept, maxProviderPages: 3 });
    pages.push(items);
    if (!next) break;
    cursor = decodeCursor(encodeCursor(next));
  }
  return pages;
}

describe('collectPage', () => {
  it('returns every match exactly once, in order, whatever the page sizes and filter', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 10 }),
        async (values, mod, limit, pageSize, cap) => {
          const data = values.map((v, i) => i * 100 + v);
          const accept = (x: number) => (x % 100) % mod === 0;
          const pages = await all(data, accept, limit, pageSize, cap);
          expect(pages.flat()).toEqual(data.filter(accept));
          for (const p of pages) expect(p.length).toBeLessThanOrEqual(limit);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('resumes inside a provider page', async () => {
    const p = provider([1, 2, 3, 4, 5, 6]);
    const first = await collectPage({ limit: 2, cursor: null, pageSize: 6, fetch: p.fetch, accept: () => true });
    expect(first).toEqual({ items: [1, 2], next: { c: null, o: 2, n: 6 } });
    const second = await collectPage({ limit: 2, cursor: first.next, pageSize: 6, fetch: p.fetch, accept: () => true });
    expect(second.items).toEqual([3, 4]);
  });

  it('refuses a cursor it did not issue', () => {
    expect(() => decodeCursor('garbage')).toThrow('cursor');
    expect(decodeCursor(undefined)).toBeNull();
  });
});
