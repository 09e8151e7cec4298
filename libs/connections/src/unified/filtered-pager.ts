import { ApiError, type Page } from '@storebridge/contracts';

/**
 * Our opaque cursor: the provider cursor of the page we stopped in, the
 * offset inside that page where the next record starts, and the provider
 * page size, so the same provider page is asked for again and the offset
 * still points at the same record.
 */
export interface PagerCursor {
  c: string | null;
  o: number;
  n: number;
}

export function encodeCursor(c: PagerCursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeCursor(raw: string | undefined | null): PagerCursor | null {
  if (!raw) return null;
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as PagerCursor;
    if ((c.c === null || typeof c.c === 'string') && Number.isInteger(c.o) && c.o >= 0 && Number.isInteger(c.n) && c.n > 0 && c.n <= 1000) return c;
  } catch {
    // fall through
  }
  throw ApiError.badRequest('invalid_cursor', 'The cursor is not one this API issued');
}

export interface CollectArgs<T> {
  limit: number;
  cursor: PagerCursor | null;
  /** Provider page size for a first page. */
  pageSize: number;
  fetch(providerCursor: string | null, pageSize: number): Promise<Page<T>>;
  /** Filters the provider could not apply. */
  accept(item: T): boolean;
  /** Bounds the work of one request when matches are sparse; the cursor then resumes where it stopped. */
  maxProviderPages?: number;
}

/**
 * Pulls provider pages and filters them until `limit` records matched or
 * the provider is exhausted. No record is dropped or repeated across our
 * pages: the next cursor resumes exactly after the last record examined.
 */
export async function collectPage<T>(args: CollectArgs<T>): Promise<{ items: T[]; next: PagerCursor | null }> {
  const n = args.cursor?.n ?? args.pageSize;
  let providerCursor = args.cursor?.c ?? null;
  let offset = args.cursor?.o ?? 0;
  const items: T[] = [];
  const maxPages = args.maxProviderPages ?? 50;
  for (let pages = 0; ; pages++) {
    if (pages >= maxPages) return { items, next: { c: providerCursor, o: offset, n } };
    const page = await args.fetch(providerCursor, n);
    for (let i = offset; i < page.items.length; i++) {
      if (!args.accept(page.items[i])) continue;
      items.push(page.items[i]);
      if (items.length >= args.limit) {
        if (i + 1 < page.items.length) return { items, next: { c: providerCursor, o: i + 1, n } };
        return { items, next: page.nextCursor ? { c: page.nextCursor, o: 0, n } : null };
      }
    }
    if (!page.nextCursor) return { items, next: null };
    providerCursor = page.nextCursor;
    offset = 0;
  }
}
