import type { Page } from '@storebridge/contracts';

export interface CheckpointedPage<T> {
  items: T[];
  /** Persist this after the page is processed; pass it as `from` to resume. Null when the walk is complete. */
  checkpoint: string | null;
  /** 1-based index of the page within this walk. */
  pageNumber: number;
}

export interface PaginateOptions {
  /** A checkpoint saved earlier: resume right after the page that produced it. */
  from?: string | null;
  /** Stop after this many pages (a slice of a long import). */
  maxPages?: number;
}

/**
 * Walks every page of a cursor-paged source (a port's `list`, or a raw
 * provider call wrapped to return a Page). Works for every scheme once the
 * fetcher turns it into an opaque cursor (see pagination.schemes).
 */
export async function* paginate<T>(
  fetchPage: (cursor: string | null) => Promise<Page<T>>,
  options: PaginateOptions = {},
): AsyncGenerator<CheckpointedPage<T>> {
  let cursor = options.from ?? null;
  for (let pageNumber = 1; ; pageNumber++) {
    const page = await fetchPage(cursor);
    if (page.nextCursor !== null && page.nextCursor === cursor) {
      throw new Error('pagination did not advance: the source returned the cursor it was given');
    }
    yield { items: page.items, checkpoint: page.nextCursor, pageNumber };
    if (!page.nextCursor || (options.maxPages !== undefined && pageNumber >= options.maxPages)) return;
    cursor = page.nextCursor;
  }
}

/** Every record of every page, in order. */
export async function* paginateRecords<T>(fetchPage: (cursor: string | null) => Promise<Page<T>>, options: PaginateOptions = {}): AsyncGenerator<T> {
  for await (const page of paginate(fetchPage, options)) yield* page.items;
}

export async function collectAll<T>(fetchPage: (cursor: string | null) => Promise<Page<T>>, options: PaginateOptions = {}): Promise<T[]> {
  const out: T[] = [];
  for await (const item of paginateRecords(fetchPage, options)) out.push(item);
  return out;
}
