import type { Page } from '@storebridge/contracts';
import { collectAll, paginate } from './paginate.iterator';
import { decodeCursor, encodeCursor } from './cursor.codec';
import {
  magentoSearchCriteria,
  nextGraphqlCursor,
  nextLinkUrl,
  nextMagentoPage,
  nextOffset,
  nextPageNumber,
  parseLinkHeader,
} from './pagination.schemes';

/** A source of 0..n-1 paged by an encoded offset. */
function source(n: number, size: number) {
  const calls: Array<string | null> = [];
  const fetch = async (cursor: string | null): Promise<Page<number>> => {
    calls.push(cursor);
    const offset = decodeCursor<{ o: number }>(cursor)?.o ?? 0;
    const items = Array.from({ length: Math.min(size, n - offset) }, (_, i) => offset + i);
    return { items, nextCursor: offset + size < n ? encodeCursor({ o: offset + size }) : null };
  };
  return { fetch, calls };
}

describe('paginate', () => {
  it('walks every record exactly once', async () => {
    for (const size of [1, 3, 10, 50]) {
      expect(await collectAll(source(23, size).fetch)).toEqual(Array.from({ length: 23 }, (_, i) => i));
    }
  });

  it('hands out a checkpoint after every page and resumes from it', async () => {
    const { fetch } = source(10, 4);
    let saved: string | null = null;
    const seen: number[] = [];
    for await (const page of paginate(fetch, { maxPages: 1 })) {
      seen.push(...page.items);
      saved = page.checkpoint;
    }
    for await (const page of paginate(fetch, { from: saved })) seen.push(...page.items);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('refuses a source that does not advance', async () => {
    const stuck = async (): Promise<Page<number>> => ({ items: [1], nextCursor: 'same' });
    await expect(collectAll(stuck, { from: 'same' })).rejects.toThrow(/did not advance/);
  });

  it('rejects a garbled cursor', () => {
    expect(() => decodeCursor('%%%')).toThrow();
  });
});

describe('pagination schemes', () => {
  it('GraphQL pageInfo', () => {
    expect(nextGraphqlCursor({ hasNextPage: true, endCursor: 'abc' })).toBe('abc');
    expect(nextGraphqlCursor({ hasNextPage: false, endCursor: 'abc' })).toBeNull();
  });

  it('Link header (Shopify REST example)', () => {
    const link =
      '<https://s.myshopify.com/admin/api/2024-04/products.json?page_info=p1&limit=3>; rel="previous", <https://s.myshopify.com/admin/api/2024-04/products.json?page_info=n1&limit=3>; rel="next"';
    expect(parseLinkHeader(link)).toEqual({
      previous: 'https://s.myshopify.com/admin/api/2024-04/products.json?page_info=p1&limit=3',
      next: 'https://s.myshopify.com/admin/api/2024-04/products.json?page_info=n1&limit=3',
    });
    expect(nextLinkUrl({ link })).toContain('page_info=n1');
    expect(nextLinkUrl({})).toBeNull();
  });

  it('page/per_page with totals or short pages', () => {
    expect(nextPageNumber({ page: 1, perPage: 10, received: 10, totalPages: 2 })).toBe(2);
    expect(nextPageNumber({ page: 2, perPage: 10, received: 10, totalPages: 2 })).toBeNull();
    expect(nextPageNumber({ page: 2, perPage: 10, received: 10, total: 25 })).toBe(3);
    expect(nextPageNumber({ page: 1, perPage: 10, received: 7 })).toBeNull();
  });

  it('offset/limit', () => {
    expect(nextOffset({ offset: 0, limit: 50, received: 50, total: 120 })).toBe(50);
    expect(nextOffset({ offset: 100, limit: 50, received: 20, total: 120 })).toBeNull();
    expect(nextOffset({ offset: 0, limit: 50, received: 50 })).toBe(50);
  });

  it('Magento searchCriteria', () => {
    expect(
      magentoSearchCriteria({ pageSize: 20, currentPage: 2, filterGroups: [[{ field: 'updated_at', value: '2024-01-01', conditionType: 'gteq' }]], sortOrders: [{ field: 'entity_id', direction: 'ASC' }] }),
    ).toEqual({
      'searchCriteria[pageSize]': '20',
      'searchCriteria[currentPage]': '2',
      'searchCriteria[filter_groups][0][filters][0][field]': 'updated_at',
      'searchCriteria[filter_groups][0][filters][0][value]': '2024-01-01',
      'searchCriteria[filter_groups][0][filters][0][condition_type]': 'gteq',
      'searchCriteria[sortOrders][0][field]': 'entity_id',
      'searchCriteria[sortOrders][0][direction]': 'ASC',
    });
    expect(nextMagentoPage({ currentPage: 2, pageSize: 20, totalCount: 41 })).toBe(3);
    expect(nextMagentoPage({ currentPage: 3, pageSize: 20, totalCount: 41 })).toBeNull();
  });
});
